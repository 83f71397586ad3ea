// Samples CPU use while a view is open or a run is active: per-core busy and steal percent,
// the app's own CPU, and (on Linux) the core and CPU time of each task's OS thread.
// Runs in the engine; the Session starts and stops it and stamps its samples.

import type { CoreSource, TaskCoreSample } from '../core/contract';

/** Ten samples a second: fine enough for the meters, cheap (~0.5 % of a core) to read. */
export const SAMPLE_PERIOD_MS = 100;

export interface CpuReading {
  cores: number[];
  steal: number[];
  self: number;
  tasks: TaskCoreSample[];
}

export interface Sampler {
  readonly coreSource: CoreSource;
  /** Whether `tasks` in readings says which core each task ran on (Linux /proc). */
  readonly taskCoresMeasured: boolean;
  start(onReading: (reading: CpuReading) => void): void;
  stop(): void;
  /** Follow a task's OS thread (from its task-os event) until clearTasks(). */
  watchTask(task: number, pid: number, tid: number | null): void;
  clearTasks(): void;
}
