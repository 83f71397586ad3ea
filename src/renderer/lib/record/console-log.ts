// Every line a run printed, kept compactly: times and tasks in typed columns, the text as UTF-8
// in one growing byte buffer (outside the JS heap, so an hour of output keeps the heap flat).
// The newest lines also keep their ConsoleLine objects, which the capped Console shows.
// Runs in the renderer; RunModel owns one per run, task tracks point into it by line number.

import { F64Column, I32Column, lastAtOrBefore } from './columns';

export interface ConsoleLine {
  /** Position in the run's output, from 0; also the line's key. */
  seq: number;
  /** 0-based task, or MAIN_TASK for the main program. */
  task: number;
  t: number;
  text: string;
}

/** Lines whose objects are kept for the on-screen console (it shows at most this many). */
export const RECENT_LINES = 2_000;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class ConsoleLog {
  private readonly times = new F64Column();
  private readonly tasks = new I32Column();
  /** Byte offset where each line's text ends (it starts where the previous one ended). */
  private readonly ends = new F64Column();
  private bytes = new Uint8Array(4_096);
  private used = 0;
  private readonly ring: (ConsoleLine | undefined)[];
  /**
   * The lines in time order (seq by time, and their times): lines from different tasks can arrive
   * a batch out of order, and the playhead asks "which lines were printed by t" by binary search.
   */
  private readonly byTimeSeq = new I32Column();
  private readonly byTimeT = new F64Column();

  constructor(readonly recentCapacity = RECENT_LINES) {
    this.ring = new Array<ConsoleLine | undefined>(recentCapacity);
  }

  get length(): number {
    return this.times.length;
  }

  push(task: number, t: number, text: string): ConsoleLine {
    const seq = this.times.length;
    this.times.push(t);
    this.tasks.push(task);
    this.writeText(text);
    this.ends.push(this.used);
    const line: ConsoleLine = { seq, task, t, text };
    this.ring[seq % this.recentCapacity] = line;
    // Almost always appended; a line that arrived late is inserted where its time puts it.
    if (t >= this.byTimeT.last(-Infinity)) {
      this.byTimeT.push(t);
      this.byTimeSeq.push(seq);
    } else {
      const at = lastAtOrBefore(this.byTimeT.data, this.byTimeT.length, t) + 1;
      this.byTimeT.insert(at, t);
      this.byTimeSeq.insert(at, seq);
    }
    return line;
  }

  /** How many lines were printed at or before `t` (ms). */
  countAt(t: number): number {
    return lastAtOrBefore(this.byTimeT.data, this.byTimeT.length, t) + 1;
  }

  /** The time of the k-th line in time order (0 ≤ k < length). */
  timeOrderT(k: number): number {
    return this.byTimeT.at(k);
  }

  /** The newest `cap` lines printed at or before `t`, oldest first (in time order). */
  upTo(t: number, cap = this.recentCapacity): ConsoleLine[] {
    const n = this.countAt(t);
    const count = Math.min(cap, n);
    const out = new Array<ConsoleLine>(count);
    for (let i = 0; i < count; i++) out[i] = this.line(this.byTimeSeq.at(n - count + i));
    return out;
  }

  t(seq: number): number {
    return this.times.at(seq);
  }

  task(seq: number): number {
    return this.tasks.at(seq);
  }

  text(seq: number): string {
    const recent = this.ring[seq % this.recentCapacity];
    if (recent && recent.seq === seq) return recent.text;
    const from = seq > 0 ? this.ends.at(seq - 1) : 0;
    return decoder.decode(this.bytes.subarray(from, this.ends.at(seq)));
  }

  line(seq: number): ConsoleLine {
    const recent = this.ring[seq % this.recentCapacity];
    if (recent && recent.seq === seq) return recent;
    return { seq, task: this.task(seq), t: this.t(seq), text: this.text(seq) };
  }

  /** The newest `cap` lines (≤ recentCapacity), oldest first, as a new array of kept objects. */
  recent(cap = this.recentCapacity): ConsoleLine[] {
    const count = Math.min(cap, this.recentCapacity, this.length);
    const out = new Array<ConsoleLine>(count);
    const first = this.length - count;
    for (let i = 0; i < count; i++) out[i] = this.line(first + i);
    return out;
  }

  private writeText(text: string): void {
    // ASCII (the usual case) is copied byte by byte without allocating; anything else is encoded.
    const n = text.length;
    this.reserve(n);
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        ascii = false;
        break;
      }
      this.bytes[this.used + i] = code;
    }
    if (ascii) {
      this.used += n;
      return;
    }
    const encoded = encoder.encode(text);
    this.reserve(encoded.length);
    this.bytes.set(encoded, this.used);
    this.used += encoded.length;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.used + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }
}
