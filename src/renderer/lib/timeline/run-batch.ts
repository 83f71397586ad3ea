// Runs of device-pixel columns waiting to be filled, grouped by a small integer key (a state code,
// a task's colour), so each fill style is set once per frame however many runs use it. Reused from
// frame to frame: no allocation while drawing. Runs in the renderer; the painters use it.

import { DRAWN_CODES } from './lanes-lod';

/** Task-lane states in fill order: later states paint over earlier ones where runs touch. */
export const drawOrder = DRAWN_CODES;

export class RunBatch {
  private buffers: Int32Array[] = [];
  private counts: number[] = [];

  clear(): void {
    this.counts.fill(0);
  }

  /** Columns [c0, c1) of row `row` (or rows [row, bottom) in device px), filled with `key`'s style. */
  push(key: number, c0: number, c1: number, row: number, bottom = 0): void {
    while (this.buffers.length <= key) {
      this.buffers.push(new Int32Array(256));
      this.counts.push(0);
    }
    let buffer = this.buffers[key]!;
    const n = this.counts[key]!;
    if (n + 4 > buffer.length) {
      const next = new Int32Array(buffer.length * 2);
      next.set(buffer);
      this.buffers[key] = buffer = next;
    }
    buffer[n] = c0;
    buffer[n + 1] = c1;
    buffer[n + 2] = row;
    buffer[n + 3] = bottom;
    this.counts[key] = n + 4;
  }

  has(key: number): boolean {
    return (this.counts[key] ?? 0) > 0;
  }

  /** Keys holding runs, ascending. */
  keys(): number[] {
    const keys: number[] = [];
    this.counts.forEach((count, key) => {
      if (count > 0) keys.push(key);
    });
    return keys;
  }

  each(key: number, visit: (c0: number, c1: number, row: number, bottom: number) => void): void {
    const buffer = this.buffers[key];
    const n = this.counts[key] ?? 0;
    if (!buffer) return;
    for (let k = 0; k < n; k += 4) visit(buffer[k]!, buffer[k + 1]!, buffer[k + 2]!, buffer[k + 3]!);
  }
}
