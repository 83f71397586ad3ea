// Turns the Python tracer's records into engine events for one run: task numbers checked
// against the run, long prints reassembled from their chunks, the program's main thread as the
// main program's lane (MAIN_TASK). Runs in the engine.

import { MAIN_TASK, type PrintEvent, type StateEvent, type TaskOsEvent } from '../../core/contract';
import { describeExit, describeSignal } from '../../core/exit-reason';
import type { PythonRecord } from '../../core/python-trace';

/** How a lane says the program ended its thread or process itself: not a failure. */
export const ENDED_BY_PROGRAM = 'ended by the program';

export type PythonEvent = StateEvent | PrintEvent | TaskOsEvent;

/** What the program did that no lane shows; the Run decides what it means for the run. */
export interface ProgramHooks {
  /** The program started a thread or process: task numbers count up from 0, even past the lanes. */
  started?(task: number, kind: 'thread' | 'process'): void;
  /** The main program raised: the traceback's last line and the program's line. */
  mainFailed?(detail: string): void;
  /**
   * The main program ran its last line and exit handlers, at t: whether it ended well is known
   * only from the interpreter's exit code, so the Run ends its lane then.
   */
  mainEnded?(t: number): void;
  /** A thread or process beyond the run's lanes failed. */
  unshownFailed?(task: number, detail: string): void;
}

/** A state record's detail and whether it was inferred, as the event's optional fields. */
function optional(record: Extract<PythonRecord, { k: 'state' }>): Pick<StateEvent, 'detail' | 'inferred'> {
  return {
    ...(record.detail !== undefined ? { detail: record.detail } : {}),
    ...(record.inferred ? { inferred: true as const } : {}),
  };
}

export class PythonRecordReader {
  /** Print chunks waiting for their last part, per process and task. */
  private readonly partial = new Map<string, string>();
  /** The main program's process: the first to say hello (a process it starts loads the tracer later). */
  private mainPid: number | null = null;

  constructor(
    private readonly runId: number,
    private readonly tasks: number,
    private readonly emit: (event: PythonEvent) => void,
    private readonly hooks: ProgramHooks = {},
  ) {}

  read(record: PythonRecord): void {
    const { runId } = this;
    switch (record.k) {
      case 'hello':
        // The main program's lane starts with the interpreter's (its main thread's) first record.
        if (this.mainPid !== null) return;
        this.mainPid = record.pid;
        this.emit({ kind: 'task-os', runId, t: record.t, task: MAIN_TASK, pid: record.pid, tid: record.tid });
        this.emit({ kind: 'state', runId, t: record.t, task: MAIN_TASK, state: 'running' });
        return;
      case 'task':
        this.hooks.started?.(record.task, record.kind);
        return;
      case 'os':
        if (this.known(record.task)) {
          this.emit({ kind: 'task-os', runId, t: record.t, task: record.task, pid: record.pid, tid: record.tid });
        }
        return;
      case 'state': {
        const { t, task, state, detail } = record;
        if (task === MAIN_TASK) {
          this.mainState(record);
          return;
        }
        if (this.known(task)) {
          this.emit({ kind: 'state', runId, t, task, state, ...optional(record) });
        } else if (state === 'failed') {
          const why = detail ?? 'failed';
          if (task === MAIN_TASK) this.hooks.mainFailed?.(why);
          else if (task >= this.tasks) this.hooks.unshownFailed?.(task, why);
        }
        return;
      }
      case 'ended': {
        // The program meant it (Process.terminate(), a Pool's end, a daemon at exit): done.
        const how = record.signal !== undefined ? `${describeSignal(record.signal)} from ${record.by}` : record.by;
        if (this.known(record.task)) {
          const { t, task } = record;
          this.emit({ kind: 'state', runId, t, task, state: 'done', detail: `${ENDED_BY_PROGRAM}: ${how}` });
        }
        return;
      }
      case 'exit': {
        const { t, task, code, signal } = record;
        if (code === 0) {
          if (this.known(task)) this.emit({ kind: 'state', runId, t, task, state: 'done' });
          return;
        }
        const detail = describeExit('process', { code, signal });
        if (this.known(task)) this.emit({ kind: 'state', runId, t, task, state: 'failed', detail });
        else if (task >= this.tasks) this.hooks.unshownFailed?.(task, detail);
        return;
      }
      case 'print': {
        // The main program's lines and the tasks' lines; a program may start more threads than
        // the run has lanes: their lines still print, attributed to the main program rather than
        // to a lane whose thread did not print them (the Console stays true; no lane lies).
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

  /** The main thread's state, from the main program's process only (a child forked from it is not it). */
  private mainState(record: Extract<PythonRecord, { k: 'state' }>): void {
    const { t, state, detail } = record;
    if (state === 'failed') this.hooks.mainFailed?.(detail ?? 'failed');
    if (record.pid !== this.mainPid) return;
    if (state === 'done') {
      this.hooks.mainEnded?.(t);
      return;
    }
    this.emit({ kind: 'state', runId: this.runId, t, task: MAIN_TASK, state, ...optional(record) });
  }

  private known(task: number): boolean {
    return task >= 0 && task < this.tasks;
  }
}
