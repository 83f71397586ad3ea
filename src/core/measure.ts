// What a finished run measured, from its own record: wall and CPU time, and how long its tasks
// took to start. The numbers lessons' captions and the results compare. Runs anywhere.

import type { EngineEvent, RunSpec } from './contract';
import type { RunMeasure } from './captions';
import { planUnits } from './plan';

/** Measures a finished run; null while it has no end. `speedup` is filled in by the caller. */
export function measureRun(events: readonly EngineEvent[], spec: RunSpec, id: string): RunMeasure | null {
  const end = events.find((event) => event.kind === 'run-end');
  if (!end || end.kind !== 'run-end') return null;
  // Start-up: from a task being asked for to it running. Only meaningful where each task has a
  // thread or process of its own; on one shared thread the wait is for the other tasks.
  const ownUnits = planUnits(spec.executor, spec.tasks).every((unit) => unit.tasks.length === 1);
  let startupMs: number | null = null;
  if (ownUnits) {
    const firstReady = new Map<number, number>();
    const firstRunning = new Map<number, number>();
    for (const event of events) {
      // Tasks only: the main program's lane is not a task.
      if (event.kind !== 'state' || event.task < 0) continue;
      const first = event.state === 'ready' ? firstReady : event.state === 'running' ? firstRunning : null;
      if (first && !first.has(event.task)) first.set(event.task, event.t);
    }
    const startups = [...firstRunning].flatMap(([task, t]) => {
      const asked = firstReady.get(task);
      return asked === undefined ? [] : [t - asked];
    });
    startupMs = startups.length > 0 ? startups.reduce((sum, ms) => sum + ms, 0) / startups.length : null;
  }
  return { id, wallMs: end.t, cpuMs: end.cpuMs, startupMs, speedup: null, tasks: spec.tasks };
}
