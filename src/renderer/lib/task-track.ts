// One task's history in the renderer: its state intervals (grown incrementally as state events
// arrive, same result as core/intervals.ts taskIntervals) and its print marks.
// Runs in the renderer; RunModel owns one per task, the lanes canvas reads them each frame.

import { TERMINAL_STATES, type StateEvent } from '../../core/contract';
import { taskIntervals, type StateInterval } from '../../core/intervals';

export interface PrintMark {
  t: number;
  text: string;
  /** Position in the run's console, so a mark and its line can point at each other. */
  seq: number;
}

export class TaskTrack {
  readonly events: StateEvent[] = [];
  intervals: StateInterval[] = [];
  readonly prints: PrintMark[] = [];
  /** Bumped whenever intervals change other than by appending (an out-of-order event). */
  rewrites = 0;

  constructor(readonly task: number) {}

  get ended(): boolean {
    const last = this.intervals[this.intervals.length - 1];
    return last !== undefined && TERMINAL_STATES.includes(last.state);
  }

  /** The terminal interval (done, failed, stopped), if the task has ended. */
  get terminal(): StateInterval | null {
    return this.ended ? this.intervals[this.intervals.length - 1]! : null;
  }

  /** How many intervals are closed (have an end): the prefix the canvas may cache. */
  get closedCount(): number {
    const last = this.intervals[this.intervals.length - 1];
    return last && last.end === null ? this.intervals.length - 1 : this.intervals.length;
  }

  addState(event: StateEvent): void {
    const previous = this.events[this.events.length - 1];
    this.events.push(event);
    if (previous && event.t < previous.t) {
      // Rare (an engine-stamped state racing a worker's): rebuild this task the reference way.
      this.events.sort((a, b) => a.t - b.t);
      this.intervals = taskIntervals(this.events, this.task + 1)[this.task] ?? [];
      this.rewrites++;
      return;
    }
    // taskIntervals stops at the first terminal state; so does this.
    if (this.ended) return;
    const last = this.intervals.length - 1;
    if (last >= 0) this.intervals[last] = { ...this.intervals[last]!, end: event.t };
    const terminal = TERMINAL_STATES.includes(event.state);
    this.intervals.push({
      task: event.task,
      state: event.state,
      start: event.t,
      end: terminal ? event.t : null,
      ...(event.detail !== undefined ? { detail: event.detail } : {}),
    });
  }

  addPrint(mark: PrintMark): void {
    this.prints.push(mark);
  }
}
