// How an executor places a run's tasks on OS threads and processes. Runs anywhere; the engine
// starts one unit per entry, and the UI groups task lanes by the same plan.

import type { ExecutorId, UnitKind, UnitMode } from './contract';

export interface UnitPlan {
  unit: number;
  kind: UnitKind;
  mode: UnitMode;
  tasks: number[];
  /** Whether the unit's tasks contend for one global lock. */
  gil: boolean;
}

/**
 * One unit per task for threads and processes; one thread for all tasks otherwise. For the
 * Python executors this is what the interpreter starts (one thread or process per task), as
 * the engine will report it; the engine itself starts only the interpreter.
 */
export function planUnits(executor: ExecutorId, tasks: number): UnitPlan[] {
  const all = Array.from({ length: tasks }, (_, task) => task);
  switch (executor) {
    case 'sequential':
      return [{ unit: 0, kind: 'thread', mode: 'sequential', tasks: all, gil: false }];
    case 'async':
      return [{ unit: 0, kind: 'thread', mode: 'async', tasks: all, gil: false }];
    case 'threads':
    case 'gil-threads':
    case 'python-threads':
      return all.map((task) => ({
        unit: task,
        kind: 'thread',
        mode: 'single',
        tasks: [task],
        gil: executor === 'gil-threads',
      }));
    case 'processes':
    case 'python-processes':
      return all.map((task) => ({ unit: task, kind: 'process', mode: 'single', tasks: [task], gil: false }));
  }
}
