// One task's history in the renderer, stored in typed columns: its state changes (sorted by time;
// interval i runs from change i to change i+1, the same intervals as core/intervals.ts
// taskIntervals) and its print marks (time and console line). Runs in the renderer; RunModel owns
// one per task; painters, hit tests and charts read it by index, with binary search by time.

import { TASK_STATES, TERMINAL_STATES, type StateEvent, type TaskState } from '../../../core/contract';
import type { StateInterval } from '../../../core/intervals';
import { F64Column, I32Column, U8Column, firstAtOrAfter, lastAtOrBefore } from './columns';
import type { ConsoleLog } from './console-log';

export interface PrintMark {
  t: number;
  text: string;
  /** Position in the run's console, so a mark and its line can point at each other. */
  seq: number;
}

/** The track each lane draws, by task number (MAIN_TASK: the main program's lane). */
export type TrackOf = (task: number) => TaskTrack | undefined;

const CODE = new Map<TaskState, number>(TASK_STATES.map((state, code) => [state, code]));
const TERMINAL_CODES = new Set(TERMINAL_STATES.map((state) => CODE.get(state)!));
/** Stored with a change's code when the state was inferred, not observed (StateEvent.inferred). */
const INFERRED_BIT = 0x80;
/**
 * Draw codes: a state's code, or the state's code plus this for its inferred variant, which
 * painters fill with its own pattern (lanes-lod.ts, palette.ts).
 */
export const INFERRED_CODES_FROM = TASK_STATES.length;

export class TaskTrack {
  private readonly starts = new F64Column();
  private readonly codes = new U8Column();
  /** Detail (a failure's message) by change index; rare, so a map. */
  private details = new Map<number, string>();
  /** Index of the first terminal change, or -1: nothing after it counts (as in taskIntervals). */
  private terminalIndex = -1;
  private readonly printTimes = new F64Column();
  private readonly printSeqs = new I32Column();
  /** Texts of marks added without a console log (tests). */
  private readonly ownTexts: string[] = [];
  /** Bumped whenever intervals change other than by appending (an out-of-order event). */
  rewrites = 0;
  /** In a view cut at a time (at()): its intervals, prints and whether it had ended; -1 when not cut. */
  private cutCount = -1;
  private cutPrints = -1;
  private cutEnded = false;

  constructor(
    readonly task: number,
    private readonly log: ConsoleLog | null = null,
  ) {}

  /** Number of intervals (changes up to and including the first terminal one). */
  get count(): number {
    if (this.cutCount >= 0) return this.cutCount;
    return this.terminalIndex >= 0 ? this.terminalIndex + 1 : this.starts.length;
  }

  /**
   * This track as it stood at `t` (ms): a view sharing its columns (nothing is copied) that holds
   * only the changes and prints at or before t, with its last interval open unless the task had
   * ended by then. What the views draw at the playhead; for one frame (the track grows under it).
   */
  at(t: number): TaskTrack {
    const view = Object.create(this) as TaskTrack;
    const full = this.count;
    view.cutCount = lastAtOrBefore(this.starts.data, full, t) + 1;
    view.cutPrints = lastAtOrBefore(this.printTimes.data, this.printTimes.length, t) + 1;
    view.cutEnded = this.terminalIndex >= 0 && this.terminalIndex < view.cutCount;
    return view;
  }

  start(i: number): number {
    return this.starts.at(i);
  }

  state(i: number): TaskState {
    return TASK_STATES[this.code(i)]!;
  }

  /** State code (index in TASK_STATES): painters compare numbers, not strings. */
  code(i: number): number {
    return this.codes.at(i) & ~INFERRED_BIT;
  }

  /** Whether interval i's state was inferred (a CPython thread's wait placed from its clocks). */
  inferred(i: number): boolean {
    return (this.codes.at(i) & INFERRED_BIT) !== 0;
  }

  /** The code interval i is drawn with: its state's, or its inferred variant's. */
  drawCode(i: number): number {
    return this.code(i) + (this.inferred(i) ? INFERRED_CODES_FROM : 0);
  }

  /** End of interval i: the next change, the same instant for a terminal state, null while open. */
  end(i: number): number | null {
    if (i === this.terminalIndex) return this.starts.at(i);
    return i + 1 < this.count ? this.starts.at(i + 1) : null;
  }

  detail(i: number): string | undefined {
    return this.details.get(i);
  }

  interval(i: number): StateInterval {
    const detail = this.details.get(i);
    return {
      task: this.task,
      state: this.state(i),
      start: this.start(i),
      end: this.end(i),
      ...(detail !== undefined ? { detail } : {}),
      ...(this.inferred(i) ? { inferred: true as const } : {}),
    };
  }

  /** Every interval as objects. Allocates: for tests and one-off lookups, never per frame. */
  get intervals(): StateInterval[] {
    return Array.from({ length: this.count }, (_, i) => this.interval(i));
  }

  /** The interval in force at `t` (the last that started at or before it), or -1. */
  indexAt(t: number): number {
    return lastAtOrBefore(this.starts.data, this.count, t);
  }

  /** Time of the first state change after `t` (ms), or Infinity. */
  changeAfter(t: number): number {
    const i = this.indexAt(t) + 1;
    return i < this.count ? this.starts.at(i) : Infinity;
  }

  /** Time of the last state change before `t` (ms), or -Infinity. */
  changeBefore(t: number): number {
    const i = firstAtOrAfter(this.starts.data, this.count, t) - 1;
    return i >= 0 ? this.starts.at(i) : -Infinity;
  }

  /** Time of the first print after `t`, or Infinity. */
  printAfter(t: number): number {
    const i = lastAtOrBefore(this.printTimes.data, this.printTimes.length, t) + 1;
    return i < this.printTimes.length ? this.printTimes.at(i) : Infinity;
  }

  /** Time of the last print before `t`, or -Infinity. */
  printBefore(t: number): number {
    const i = this.printIndexFrom(t) - 1;
    return i >= 0 ? this.printTimes.at(i) : -Infinity;
  }

  /** How many prints were made at or before `t`. */
  printCountAt(t: number): number {
    return lastAtOrBefore(this.printTimes.data, this.printTimes.length, t) + 1;
  }

  /** The task's state at `t`, or null before its first state and after its end. */
  stateAt(t: number): TaskState | null {
    const i = this.indexAt(t);
    if (i < 0 || i === this.terminalIndex) return null;
    return this.state(i);
  }

  /** Time spent in `state` within [a, b), ms (an open interval counts up to b). */
  timeIn(state: TaskState, a: number, b: number): number {
    const code = CODE.get(state)!;
    let total = 0;
    const n = this.count;
    for (let i = Math.max(0, this.indexAt(a)); i < n; i++) {
      const start = this.starts.at(i);
      if (start >= b) break;
      if (this.code(i) !== code) continue;
      const end = this.end(i) ?? b;
      const overlap = Math.min(b, end) - Math.max(a, start);
      if (overlap > 0) total += overlap;
    }
    return total;
  }

  /** End of the last interval in `state` that started at or before `t` (looking a few back), or null. */
  lastIn(state: TaskState, t: number, lookBack = 16): number | null {
    const code = CODE.get(state)!;
    for (let i = this.indexAt(t), seen = 0; i >= 0 && seen < lookBack; i--, seen++) {
      if (this.code(i) === code) return Math.min(t, this.end(i) ?? t);
    }
    return null;
  }

  get ended(): boolean {
    return this.cutCount >= 0 ? this.cutEnded : this.terminalIndex >= 0;
  }

  /** The terminal interval (done, failed, stopped), if the task has ended. */
  get terminal(): StateInterval | null {
    return this.ended ? this.interval(this.terminalIndex) : null;
  }

  /** How many intervals are closed (have an end). */
  get closedCount(): number {
    return this.ended ? this.count : Math.max(0, this.count - 1);
  }

  addState(event: StateEvent): void {
    const state = CODE.get(event.state);
    if (state === undefined) return;
    const code = state | (event.inferred ? INFERRED_BIT : 0);
    const n = this.starts.length;
    // Equal times keep arrival order (taskIntervals sorts stably).
    const at = n === 0 || event.t >= this.starts.at(n - 1) ? n : lastAtOrBefore(this.starts.data, n, event.t) + 1;
    if (at === n) {
      this.starts.push(event.t);
      this.codes.push(code);
      if (event.detail !== undefined) this.details.set(at, event.detail);
      if (this.terminalIndex < 0 && TERMINAL_CODES.has(state)) this.terminalIndex = at;
      return;
    }
    // Rare (an engine-stamped state racing a worker's): insert in place and say so.
    this.starts.insert(at, event.t);
    this.codes.insert(at, code);
    const shifted = new Map<number, string>();
    for (const [index, detail] of this.details) shifted.set(index >= at ? index + 1 : index, detail);
    if (event.detail !== undefined) shifted.set(at, event.detail);
    this.details = shifted;
    this.terminalIndex = -1;
    for (let i = 0; i < this.starts.length; i++) {
      if (TERMINAL_CODES.has(this.code(i))) {
        this.terminalIndex = i;
        break;
      }
    }
    this.rewrites++;
  }

  addPrint(mark: PrintMark): void {
    this.printTimes.push(mark.t);
    this.printSeqs.push(mark.seq);
    if (!this.log) this.ownTexts.push(mark.text);
  }

  get printCount(): number {
    return this.cutPrints >= 0 ? this.cutPrints : this.printTimes.length;
  }

  printT(i: number): number {
    return this.printTimes.at(i);
  }

  printSeq(i: number): number {
    return this.printSeqs.at(i);
  }

  printText(i: number): string {
    return this.log ? this.log.text(this.printSeqs.at(i)) : (this.ownTexts[i] ?? '');
  }

  print(i: number): PrintMark {
    return { t: this.printT(i), text: this.printText(i), seq: this.printSeq(i) };
  }

  /** Index of the first print at or after `t` (printCount if none). */
  printIndexFrom(t: number): number {
    return firstAtOrAfter(this.printTimes.data, this.printCount, t);
  }

  /** Index of the mark for console line `seq`, or -1 (marks are in line order within a task). */
  printIndexOfSeq(seq: number): number {
    const i = firstAtOrAfter(this.printSeqs.data, this.printCount, seq);
    return i < this.printCount && this.printSeqs.at(i) === seq ? i : -1;
  }

  /** Every print mark as objects (tests). */
  get prints(): PrintMark[] {
    return Array.from({ length: this.printCount }, (_, i) => this.print(i));
  }
}
