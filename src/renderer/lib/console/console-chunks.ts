// The on-screen console's lines in blocks of CHUNK_LINES by line number, so the page lays out and
// paints a block at a time: a new line touches only the last block, and blocks scrolled out of
// view are skipped (CSS content-visibility). Blocks whose lines did not change are handed back
// as the same objects, so Svelte leaves their DOM alone. Runs in the renderer; pure.

import type { ConsoleLine } from '../record/console-log';

/** Lines per block: small enough that re-laying the last one is cheap, few enough blocks (40). */
export const CHUNK_LINES = 50;

export interface LineChunk {
  id: number;
  lines: ConsoleLine[];
}

export class LineChunks {
  private previous = new Map<number, LineChunk>();

  constructor(private readonly size = CHUNK_LINES) {}

  /** `lines` (in order, as the store shows them) in blocks, reusing unchanged blocks. */
  of(lines: readonly ConsoleLine[]): LineChunk[] {
    const chunks: LineChunk[] = [];
    const next = new Map<number, LineChunk>();
    for (let i = 0; i < lines.length;) {
      const id = Math.floor(lines[i]!.seq / this.size);
      let j = i + 1;
      while (j < lines.length && Math.floor(lines[j]!.seq / this.size) === id) j++;
      const old = this.previous.get(id);
      const same =
        old !== undefined &&
        old.lines.length === j - i &&
        old.lines[0] === lines[i] &&
        old.lines.at(-1) === lines[j - 1];
      const chunk = same ? old : { id, lines: lines.slice(i, j) };
      next.set(id, chunk);
      chunks.push(chunk);
      i = j;
    }
    this.previous = next;
    return chunks;
  }
}
