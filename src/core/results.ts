// A run's results: wall time, CPU time, average parallelism, and speedup and efficiency against
// the same workload run sequentially. Runs anywhere (renderer, CLI, benchmarks); pure maths.
// A speedup is only ever computed against a real, finished sequential run: never estimated.

import type { ExecutorId, RunEndEvent, RunSpec, RunStatus, WorkloadId } from './contract';

/** What is kept of a finished run to compare it with others (a session's history holds these). */
export interface RunSummary {
  /** Identifies the run across engine restarts (run ids start again at 1): `${runId}@${wallStart}`. */
  id: string;
  runId: number;
  workload: WorkloadId;
  executor: ExecutorId;
  tasks: number;
  steps: number;
  stepMs: number;
  /** An injected fault makes a run incomparable: it never serves as a baseline. */
  faulted: boolean;
  /** 'learner': the learner's own program, whose work no other run repeats (never compared). */
  program?: 'learner';
  cores: number;
  status: RunStatus;
  /** The run's end time: from t = 0 to the run-end event, ms. */
  wallMs: number;
  /** The tasks' CPU time, ms; null where it could not be measured. */
  cpuMs: number | null;
  /** Where cpuMs came from: the engine's own total at the end, or the samples summed. */
  cpuSource: 'engine' | 'samples' | null;
}

export interface SummaryInput {
  runId: number;
  wallStart: number;
  spec: RunSpec;
  cores: number;
  end: Pick<RunEndEvent, 't' | 'status' | 'cpuMs'>;
  /** The task CPU summed from the run's samples (each thread once), ms, where measured. */
  sampledCpuMs: number | null;
}

/** The identity of a run across engine restarts. */
export function runKey(runId: number, wallStart: number): string {
  return `${runId}@${wallStart}`;
}

/** Summarises a finished run; CPU time is the engine's total, or else the sampled sum. */
export function summarizeRun(input: SummaryInput): RunSummary {
  const { spec, end } = input;
  const engineCpu = end.cpuMs !== null && Number.isFinite(end.cpuMs) ? end.cpuMs : null;
  const cpuMs = engineCpu ?? input.sampledCpuMs;
  return {
    id: runKey(input.runId, input.wallStart),
    runId: input.runId,
    workload: spec.workload,
    executor: spec.executor,
    tasks: spec.tasks,
    steps: spec.steps,
    stepMs: spec.stepMs,
    faulted: spec.fault !== null,
    ...(spec.program === 'learner' ? { program: 'learner' as const } : {}),
    cores: input.cores,
    status: end.status,
    wallMs: end.t,
    cpuMs,
    cpuSource: engineCpu !== null ? 'engine' : cpuMs !== null ? 'samples' : null,
  };
}

/** "Same workload": the runs a speedup may compare (workload, task count, steps, step length). */
export function workloadKey(run: Pick<RunSummary, 'workload' | 'tasks' | 'steps' | 'stepMs'>): string {
  return `${run.workload}|${run.tasks}|${run.steps}|${run.stepMs}`;
}

/** Average parallelism: cores' worth of CPU the tasks used over the wall time (null if unmeasured). */
export function averageParallelism(run: Pick<RunSummary, 'cpuMs' | 'wallMs'>): number | null {
  if (run.cpuMs === null || !(run.wallMs > 0)) return null;
  return run.cpuMs / run.wallMs;
}

/** Whether a run can be compared at all: it finished normally, with no injected fault. */
export function comparable(run: Pick<RunSummary, 'status' | 'faulted' | 'wallMs' | 'program'>): boolean {
  return run.status === 'done' && !run.faulted && run.program === undefined && run.wallMs > 0;
}

/**
 * The sequential run to compare `run` with: the latest comparable sequential run of the same
 * workload in `history` (oldest first), or `run` itself when it is one. null when there is
 * none: a baseline is never invented.
 */
export function findBaseline(history: readonly RunSummary[], run: RunSummary): RunSummary | null {
  if (!comparable(run)) return null;
  if (run.executor === 'sequential') return run;
  const key = workloadKey(run);
  for (let i = history.length - 1; i >= 0; i--) {
    const other = history[i]!;
    if (other.executor === 'sequential' && comparable(other) && workloadKey(other) === key) return other;
  }
  return null;
}

/** Speedup: the sequential run's wall time over this run's. */
export function speedup(run: Pick<RunSummary, 'wallMs'>, baseline: Pick<RunSummary, 'wallMs'>): number {
  return baseline.wallMs / run.wallMs;
}

/** Efficiency: speedup per core (1 = every core fully used; waiting tasks can exceed it). */
export function efficiency(speedupValue: number, cores: number): number {
  return speedupValue / cores;
}

/**
 * The ideal speedup: min(tasks, cores) for CPU-bound work (no more tasks can compute at once
 * than there are cores); tasks that mostly wait can overlap beyond the cores, up to `tasks`.
 */
export function idealSpeedup(tasks: number, cores: number): { cpuBound: number; waiting: number } {
  return { cpuBound: Math.max(1, Math.min(tasks, cores)), waiting: Math.max(1, tasks) };
}

/** The workloads whose tasks spend their time waiting, for which the waiting ideal applies too. */
export function waitsMostly(workload: WorkloadId): boolean {
  return workload === 'io' || workload === 'print-sleep' || workload === 'mixed';
}

/** One executor's latest measured speedup on a workload, for the results' small chart. */
export interface ExecutorSpeedup {
  executor: ExecutorId;
  run: RunSummary;
  speedup: number;
}

/**
 * For each executor, the latest comparable run of `run`'s workload and its speedup against
 * `baseline`, in `order`; `run` itself stands for its executor even if a later one exists.
 */
export function executorSpeedups(
  history: readonly RunSummary[],
  run: RunSummary,
  baseline: RunSummary,
  order: readonly ExecutorId[],
): ExecutorSpeedup[] {
  const key = workloadKey(run);
  const latest = new Map<ExecutorId, RunSummary>();
  for (const other of history) {
    if (comparable(other) && workloadKey(other) === key) latest.set(other.executor, other);
  }
  if (comparable(run)) latest.set(run.executor, run);
  latest.set('sequential', baseline);
  return order.flatMap((executor) => {
    const chosen = latest.get(executor);
    return chosen ? [{ executor, run: chosen, speedup: speedup(chosen, baseline) }] : [];
  });
}
