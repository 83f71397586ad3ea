// The live edge of a running run, for display only: the newest engine time seen, carried forward
// by the renderer's own clock between event batches so lanes grow and the status clock ticks
// smoothly. Never used for a measurement; every number the lesson reports is an engine stamp.
// Runs in the renderer; pure.

/** Samples come every 100 ms; past this without news, the display waits rather than invents. */
export const MAX_EXTRAPOLATE_MS = 250;

export class LiveClock {
  private engineMs = 0;
  private receivedAt = 0;
  private shown = 0;

  reset(): void {
    this.engineMs = this.receivedAt = this.shown = 0;
  }

  /** An engine time `t` arrived at renderer time `at` (performance.now()). */
  observe(t: number, at: number): void {
    if (t > this.engineMs) {
      this.engineMs = t;
      this.receivedAt = at;
    }
  }

  /** The live edge at renderer time `now`: never behind the engine, never running backwards. */
  now(now: number): number {
    const ahead = Math.min(MAX_EXTRAPOLATE_MS, Math.max(0, now - this.receivedAt));
    this.shown = Math.max(this.shown, this.engineMs + ahead);
    return this.shown;
  }

  get engine(): number {
    return this.engineMs;
  }
}
