// Coalesces events into batches: one flush per interval (about one frame), or sooner when a
// batch reaches its size cap, so a burst never floods the renderer with messages.
// Runs in the engine; the timer is injected so the policy is unit-tested without real time.

/** One flush per 60 Hz frame at most. */
export const BATCH_INTERVAL_MS = 16;
/** A burst larger than this is flushed at once rather than held for the frame. */
export const BATCH_MAX_EVENTS = 2_000;

export interface Timer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export class Batcher<T> {
  private pending: T[] = [];
  private handle: unknown = null;

  constructor(
    private readonly flushTo: (batch: T[]) => void,
    private readonly timer: Timer,
    private readonly intervalMs = BATCH_INTERVAL_MS,
    private readonly maxEvents = BATCH_MAX_EVENTS,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.pending.length >= this.maxEvents) this.flush();
    else if (this.handle === null) this.handle = this.timer.set(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.handle !== null) {
      this.timer.clear(this.handle);
      this.handle = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushTo(batch);
  }
}
