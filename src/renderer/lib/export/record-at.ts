// The run's lanes as they stood at a moment: copies of the record's tracks holding only the states
// and prints up to that moment, advanced frame by frame, so the lanes' own painter draws the
// run growing exactly as it grew live. Runs in the renderer (the exports); reads a RunModel.

import { MAIN_TASK } from '../../../core/contract';
import type { RunModel } from '../record/run-model';
import { TaskTrack } from '../record/task-track';

interface Cursor {
  source: TaskTrack;
  copy: TaskTrack;
  state: number;
  print: number;
}

export class RecordAt {
  private readonly cursors = new Map<number, Cursor>();
  /** The moment reached, ms since the run's start. */
  atMs = -Infinity;

  constructor(private readonly model: RunModel) {
    for (const source of [model.main, ...model.tracks]) {
      this.cursors.set(source.task, { source, copy: new TaskTrack(source.task), state: 0, print: 0 });
    }
  }

  /** The copy of a lane's track (a task's, or the main program's for MAIN_TASK). */
  trackOf = (task: number): TaskTrack | undefined => this.cursors.get(task)?.copy;

  get main(): TaskTrack | undefined {
    return this.trackOf(MAIN_TASK);
  }

  /** Moves every copy forward to `t` (time only moves forward; an earlier `t` changes nothing). */
  advance(t: number): void {
    if (t <= this.atMs) return;
    this.atMs = t;
    const runId = this.model.runId ?? 0;
    for (const cursor of this.cursors.values()) {
      const { source, copy } = cursor;
      while (cursor.state < source.count && source.start(cursor.state) <= t) {
        const i = cursor.state++;
        const detail = source.detail(i);
        copy.addState({
          kind: 'state',
          runId,
          task: source.task,
          t: source.start(i),
          state: source.state(i),
          ...(detail !== undefined ? { detail } : {}),
          ...(source.inferred(i) ? { inferred: true as const } : {}),
        });
      }
      while (cursor.print < source.printCount && source.printT(cursor.print) <= t) {
        copy.addPrint(source.print(cursor.print++));
      }
    }
  }
}
