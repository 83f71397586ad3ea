// Turns a run's state changes into intervals per task (and for the main program's lane): what the
// lanes draw and the trace export writes. Runs anywhere (engine, CLI, renderer).

import { MAIN_TASK, TERMINAL_STATES, type EngineEvent, type StateEvent, type TaskState } from './contract';

export interface StateInterval {
  task: number;
  state: TaskState;
  start: number;
  /** null while the state lasts (a live run). */
  end: number | null;
  detail?: string;
  /** The state was inferred, not observed (StateEvent.inferred). */
  inferred?: true;
}

/** Intervals for every task, in time order per task; a terminal state is a zero-length interval. */
export function taskIntervals(events: readonly EngineEvent[], tasks: number): StateInterval[][] {
  const byTask: StateEvent[][] = Array.from({ length: tasks }, () => []);
  for (const event of events) {
    if (event.kind === 'state' && event.task >= 0 && event.task < tasks) byTask[event.task]!.push(event);
  }
  return byTask.map(intervalsOf);
}

/** The main program's lane (MAIN_TASK) as intervals, as a task's; empty for a record without one. */
export function mainIntervals(events: readonly EngineEvent[]): StateInterval[] {
  return intervalsOf(events.filter((event): event is StateEvent => event.kind === 'state' && event.task === MAIN_TASK));
}

/** One lane's changes as intervals, up to its first terminal state. */
function intervalsOf(changes: StateEvent[]): StateInterval[] {
  changes.sort((a, b) => a.t - b.t);
  const intervals: StateInterval[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const terminal = TERMINAL_STATES.includes(change.state);
    const next = changes[i + 1];
    intervals.push({
      task: change.task,
      state: change.state,
      start: change.t,
      end: terminal ? change.t : (next?.t ?? null),
      ...(change.detail !== undefined ? { detail: change.detail } : {}),
      ...(change.inferred ? { inferred: true as const } : {}),
    });
    if (terminal) break;
  }
  return intervals;
}
