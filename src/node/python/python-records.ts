// Turns the Python tracer's records into engine events for one run: task numbers checked
// against the run, long prints reassembled from their chunks. Runs in the engine.

import { MAIN_TASK, type PrintEvent, type StateEvent, type TaskOsEvent } from '../../core/contract';
import type { PythonRecord } from '../../core/python-trace';

export type PythonEvent = StateEvent | PrintEvent | TaskOsEvent;

export class PythonRecordReader {
  /** Print chunks waiting for their last part, per process and task. */
  private readonly partial = new Map<string, string>();

  constructor(
    private readonly runId: number,
    private readonly tasks: number,
    private readonly emit: (event: PythonEvent) => void,
  ) {}

  read(record: PythonRecord): void {
    const { runId } = this;
    switch (record.k) {
      case 'hello':
      case 'task':
        return;
      case 'os':
        if (this.known(record.task)) {
          this.emit({ kind: 'task-os', runId, t: record.t, task: record.task, pid: record.pid, tid: record.tid });
        }
        return;
      case 'state':
        if (this.known(record.task)) {
          const { t, task, state, detail } = record;
          this.emit({ kind: 'state', runId, t, task, state, ...(detail !== undefined ? { detail } : {}) });
        }
        return;
      case 'print': {
        // The main program's lines and the tasks' lines; a program may start more threads than
        // the run counts: their lines still print, attributed to the main program.
        const task = this.known(record.task) ? record.task : MAIN_TASK;
        const key = `${record.pid}:${task}`;
        const text = (this.partial.get(key) ?? '') + record.text;
        if (record.more) {
          this.partial.set(key, text);
          return;
        }
        this.partial.delete(key);
        this.emit({ kind: 'print', runId, t: record.t, task, text });
        return;
      }
    }
  }

  private known(task: number): boolean {
    return task >= 0 && task < this.tasks;
  }
}
