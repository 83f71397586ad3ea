// What a finished run measured, from its own record: wall and CPU time, how long its tasks took
// to start, and how much other work shared the cores meanwhile. The numbers lessons' captions
// and the results compare. Runs anywhere.

import type { EngineEvent, RunEndEvent, RunSpec, SampleEvent, UnitEvent } from './contract';
import type { RunMeasure } from './captions';
import { NOMINAL_SAMPLE_MS, threadOfTask } from './parallelism';
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
  return {
    id,
    wallMs: end.t,
    cpuMs: end.cpuMs,
    startupMs,
    speedup: null,
    tasks: spec.tasks,
    otherCores: otherWork(events, end),
  };
}

/**
 * Cores' worth of CPU other work used while a run ran, on average, from its CPU samples: every
 * core's busy and stolen time, less the run's own tasks (their sampled threads, each once, else
 * the engine's total) and Lanes itself (the samples' `self`). null without samples, or where the
 * tasks' CPU was not measured (it cannot be told from other work then).
 */
export function otherWork(events: readonly EngineEvent[], end: Pick<RunEndEvent, 'cpuMs'>): number | null {
  const samples = events
    .filter((event): event is SampleEvent => event.kind === 'sample' && event.runId !== null)
    .sort((a, b) => a.t - b.t);
  if (samples.length === 0) return null;
  const threadOf = threadOfTask(events.filter((event): event is UnitEvent => event.kind === 'unit'));
  let spanMs = 0;
  let usedMs = 0;
  let selfMs = 0;
  let sampledTaskMs = 0;
  let sampledTasks = false;
  let last: number | null = null;
  for (const sample of samples) {
    // Each sample covers the time since the one before (the first: a nominal period, from t = 0).
    const span = last === null ? Math.min(NOMINAL_SAMPLE_MS, sample.t) : sample.t - last;
    last = sample.t;
    if (!(span > 0)) continue;
    spanMs += span;
    const cores = sample.cores.reduce((sum, percent, core) => sum + percent + (sample.steal[core] ?? 0), 0) / 100;
    usedMs += cores * span;
    selfMs += sample.self * span;
    // A thread shared by several tasks is reported under each of them: counted once.
    const threads = new Map<string, number>();
    for (const entry of sample.tasks) {
      threads.set(threadOf.get(entry.task) ?? `task ${entry.task}`, entry.cpuMs);
      sampledTasks = true;
    }
    for (const cpuMs of threads.values()) sampledTaskMs += cpuMs;
  }
  // The sampled threads cover the same span as the cores; the engine's total is the fallback.
  const tasksMs = sampledTasks ? sampledTaskMs : end.cpuMs;
  if (tasksMs === null || !(spanMs > 0)) return null;
  return Math.max(0, (usedMs - selfMs - tasksMs) / spanMs);
}
