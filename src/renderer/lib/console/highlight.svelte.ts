// Which printed line is pointed at, shared by the Console and the task lanes: hovering or
// focusing a Console line highlights its mark on the lane, and the reverse. Runs in the renderer;
// the run store owns one; whoever set it says so, so the other side knows to scroll to it.

export type HighlightSource = 'console' | 'timeline';

export class Highlight {
  /** The console line (its seq) pointed at, or null. */
  seq = $state<number | null>(null);
  source = $state<HighlightSource | null>(null);

  set(seq: number, source: HighlightSource): void {
    if (this.seq === seq && this.source === source) return;
    this.seq = seq;
    this.source = source;
  }

  /** Clears the highlight if `source` set it (leaving one side must not erase the other's). */
  clear(source: HighlightSource): void {
    if (this.source !== source) return;
    this.seq = null;
    this.source = null;
  }

  reset(): void {
    this.seq = null;
    this.source = null;
  }
}
