// Concurrency and parallelism over a run's time, as step series: how many tasks are in progress,
// and how many cores' worth of them are executing. Runs anywhere (renderer, benchmarks, tests):
// pure maths on the contract's events, fed incrementally so a long run costs linear time.

import { TERMINAL_STATES, type SampleEvent, type TaskState, type UnitEvent } from './contract';

/**
 * The sampler's period (node/sampler.ts SAMPLE_PERIOD_MS): the first sample of a run has no
 * previous one, so it is taken to cover this much time before it (never before t = 0).
 */
export const NOMINAL_SAMPLE_MS = 100;

/**
 * A step series: value(i) holds from time(i) until time(i + 1), the last until `end` (null: the
 * live edge); 0 before the first step. area(i) is the area under it (value × ms) from the first
 * step to step i, so the mean over any span costs two binary searches, however long the run.
 */
export interface StepSeries {
  readonly length: number;
  readonly end: number | null;
  time(i: number): number;
  value(i: number): number;
  area(i: number): number;
  /** Index of the last step starting at or before t, or -1 (a binary search). */
  indexAt(t: number): number;
}

/** The last index whose time is at or before t in a sorted column, or -1. */
function lastAtOrBefore(times: ArrayLike<number>, n: number, t: number): number {
  let lo = 0;
  let hi = n - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A series over plain arrays: area[i] is filled from the values as steps are appended. */
class ArraySeries implements StepSeries {
  readonly times: number[] = [];
  readonly values: number[] = [];
  private readonly areas: number[] = [];
  end: number | null = null;

  get length(): number {
    return this.times.length;
  }

  time(i: number): number {
    return this.times[i]!;
  }

  value(i: number): number {
    return this.values[i]!;
  }

  area(i: number): number {
    return this.areas[i]!;
  }

  indexAt(t: number): number {
    return lastAtOrBefore(this.times, this.times.length, t);
  }

  push(t: number, value: number): void {
    const n = this.times.length;
    this.areas.push(n === 0 ? 0 : this.areas[n - 1]! + this.values[n - 1]! * (t - this.times[n - 1]!));
    this.times.push(t);
    this.values.push(value);
  }
}

export const EMPTY_SERIES: StepSeries = new ArraySeries();

/** A series from [t, value] pairs (tests, traces). */
export function seriesOf(steps: readonly (readonly [number, number])[], end: number | null = null): StepSeries {
  const series = new ArraySeries();
  for (const [t, value] of steps) series.push(t, value);
  series.end = end;
  return series;
}

/** The steps as [t, value] pairs (tests and debugging; allocates). */
export function stepsOf(series: StepSeries): [number, number][] {
  return Array.from({ length: series.length }, (_, i) => [series.time(i), series.value(i)]);
}

/** The value of a step series at time t (0 before its first step and after its end). */
export function valueAt(series: StepSeries, t: number): number {
  const i = series.indexAt(t);
  if (i < 0 || (series.end !== null && t >= series.end)) return 0;
  return series.value(i);
}

/** The area under a series from its start until t; an open series lasts until `liveEnd`. O(log n). */
export function areaUntil(series: StepSeries, t: number, liveEnd = t): number {
  const i = series.indexAt(t);
  if (i < 0) return 0;
  const stepEnd = i + 1 < series.length ? series.time(i + 1) : (series.end ?? liveEnd);
  return series.area(i) + series.value(i) * Math.max(0, Math.min(t, stepEnd) - series.time(i));
}

/** The area under a series between t0 and t1 (value × ms); an open series lasts until `liveEnd`. */
export function integral(series: StepSeries, t0: number, t1: number, liveEnd = t1): number {
  return areaUntil(series, t1, liveEnd) - areaUntil(series, t0, liveEnd);
}

/** Starting size of a counter's columns; they double as needed. */
const INITIAL_STEPS = 64;

/**
 * A count built from +1/-1 changes that may arrive slightly out of time order (events from
 * different threads come up to a batch apart), its values capped at `cap` (a count of running
 * tasks may exceed the cores; what executes cannot). Changes at the same instant merge, so a
 * hand-off (one task stops, another starts) never shows a spike. Insertion scans back from the
 * end, so the near-ordered feed of a live run costs O(1) per change; sums and areas are redone
 * from the earliest change onwards only when read. Typed columns: a long run costs 24 bytes a change.
 */
export class StepCounter implements StepSeries {
  private times = new Float64Array(INITIAL_STEPS);
  private deltas = new Int32Array(INITIAL_STEPS);
  private sums = new Int32Array(INITIAL_STEPS);
  private areas = new Float64Array(INITIAL_STEPS);
  private n = 0;
  /** sums and areas are valid for i < clean. */
  private clean = 0;
  readonly end = null;

  constructor(readonly cap = Infinity) {}

  get length(): number {
    return this.n;
  }

  time(i: number): number {
    return this.times[i]!;
  }

  value(i: number): number {
    return Math.min(this.cap, this.sums[i]!);
  }

  area(i: number): number {
    return this.areas[i]!;
  }

  indexAt(t: number): number {
    return lastAtOrBefore(this.times, this.n, t);
  }

  add(t: number, delta: number): void {
    const times = this.times;
    let i = this.n;
    while (i > 0 && times[i - 1]! > t) i--;
    if (i > 0 && times[i - 1] === t) {
      this.deltas[i - 1]! += delta;
      this.clean = Math.min(this.clean, i - 1);
      return;
    }
    if (this.n === times.length) this.grow();
    if (i < this.n) {
      this.times.copyWithin(i + 1, i, this.n);
      this.deltas.copyWithin(i + 1, i, this.n);
    }
    this.times[i] = t;
    this.deltas[i] = delta;
    this.n++;
    this.clean = Math.min(this.clean, i);
  }

  /** The counter as a series, its sums and areas brought up to date. */
  series(): StepSeries {
    let i = this.clean;
    let total = i > 0 ? this.sums[i - 1]! : 0;
    for (; i < this.n; i++) {
      this.areas[i] = i === 0 ? 0 : this.areas[i - 1]! + this.value(i - 1) * (this.times[i]! - this.times[i - 1]!);
      total += this.deltas[i]!;
      this.sums[i] = total;
    }
    this.clean = this.n;
    return this;
  }

  private grow(): void {
    const size = this.times.length * 2;
    const widen = <T extends Float64Array | Int32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.times = widen(this.times, new Float64Array(size));
    this.deltas = widen(this.deltas, new Int32Array(size));
    this.sums = widen(this.sums, new Int32Array(size));
    this.areas = widen(this.areas, new Float64Array(size));
  }
}

/** Where each task stands, as the counters need it: its last state, and whether it has begun and ended. */
interface TaskStanding {
  state: TaskState | null;
  started: boolean;
  ended: boolean;
}

/**
 * Concurrency and inferred parallelism from state changes, fed per task in time order:
 * in progress = started (first left 'ready') and not yet done, failed or stopped;
 * running = in the 'running' state, capped at the core count (what executes cannot exceed it).
 */
export class StateCounters {
  readonly inProgress = new StepCounter();
  readonly running: StepCounter;
  /** False once executing is measured: the running count is then not needed (nor kept). */
  private countRunning = true;
  private readonly tasks = new Map<number, TaskStanding>();

  constructor(cores = Infinity) {
    this.running = new StepCounter(cores);
  }

  /** Stops counting running tasks (samples measure what executes); what was counted stays. */
  stopCountingRunning(): void {
    this.countRunning = false;
  }

  /** One task's next state change. Changes after a task's terminal state are ignored, as in core/intervals.ts. */
  change(task: number, state: TaskState, t: number): void {
    let standing = this.tasks.get(task);
    if (!standing) {
      standing = { state: null, started: false, ended: false };
      this.tasks.set(task, standing);
    }
    if (standing.ended) return;
    const terminal = TERMINAL_STATES.includes(state);
    if (this.countRunning) {
      if (standing.state === 'running' && state !== 'running') this.running.add(t, -1);
      if (state === 'running' && standing.state !== 'running') this.running.add(t, +1);
    }
    if (!standing.started && state !== 'ready' && !terminal) {
      standing.started = true;
      this.inProgress.add(t, +1);
    }
    if (terminal) {
      standing.ended = true;
      if (standing.started) this.inProgress.add(t, -1);
    }
    standing.state = state;
  }

  /** The task's state as last fed (null before its first change). */
  stateOf(task: number): TaskState | null {
    return this.tasks.get(task)?.state ?? null;
  }
}

/**
 * Which OS thread runs each task, as a key per task: tasks of a 'sequential' or 'async' unit
 * share the unit's one thread (the sampler reports that thread's CPU under each of them); every
 * other task has its own.
 */
export function threadOfTask(units: readonly UnitEvent[]): Map<number, string> {
  const keys = new Map<number, string>();
  for (const unit of units) {
    for (const task of unit.tasks) keys.set(task, unit.mode === 'single' ? `task ${task}` : `unit ${unit.unit}`);
  }
  return keys;
}

/**
 * One sample's task CPU, each OS thread counted once: a shared thread's CPU goes to the task
 * that was running on it (else to the first of its tasks listed). Returns ms per task.
 */
export function attributeSample(
  sample: Pick<SampleEvent, 'tasks'>,
  threadOf: (task: number) => string,
  stateOf: (task: number) => TaskState | null,
): Map<number, number> {
  const byThread = new Map<string, { task: number; cpuMs: number }>();
  for (const entry of sample.tasks) {
    if (!(entry.cpuMs > 0)) continue;
    const key = threadOf(entry.task);
    const seen = byThread.get(key);
    if (!seen) byThread.set(key, { task: entry.task, cpuMs: entry.cpuMs });
    else if (stateOf(entry.task) === 'running' && stateOf(seen.task) !== 'running') seen.task = entry.task;
  }
  const perTask = new Map<number, number>();
  for (const { task, cpuMs } of byThread.values()) perTask.set(task, (perTask.get(task) ?? 0) + cpuMs);
  return perTask;
}

/**
 * Parallelism measured from samples: each sample covers the time since the previous one, and
 * its task CPU over that time is the cores' worth executing. A thread cannot run more than one
 * core's worth (the clock-tick rounding of /proc can make it look so), nor all of them more
 * than the cores. Samples must come in time order; a repeat (same or earlier t) is ignored.
 */
export class MeasuredParallelism {
  private readonly steps = new ArraySeries();
  private lastT: number | null = null;
  /** Sum of the attributed task CPU, ms. */
  cpuMs = 0;
  /** Samples that carried any per-task CPU at all (0: nothing is measured on this platform yet). */
  samplesWithTasks = 0;

  constructor(readonly cores: number) {}

  add(
    sample: Pick<SampleEvent, 't' | 'tasks'>,
    threadOf: (task: number) => string,
    stateOf: (task: number) => TaskState | null,
  ): void {
    if (this.lastT !== null && sample.t <= this.lastT) return;
    const from = this.lastT ?? Math.max(0, sample.t - NOMINAL_SAMPLE_MS);
    const spanMs = sample.t - from;
    this.lastT = sample.t;
    if (sample.tasks.length > 0) this.samplesWithTasks++;
    let cores = 0;
    for (const cpuMs of attributeSample(sample, threadOf, stateOf).values()) {
      this.cpuMs += cpuMs;
      if (spanMs > 0) cores += Math.min(1, cpuMs / spanMs);
    }
    this.steps.push(from, Math.min(this.cores, cores));
    this.steps.end = this.lastT;
  }

  series(): StepSeries {
    return this.steps;
  }
}

/** A run's two curves, and whether the executing one was measured or inferred. */
export interface Parallelism {
  concurrency: StepSeries;
  executing: StepSeries;
  /** True when samples carried per-task CPU (Linux); false: inferred from 'running' states. */
  measured: boolean;
  /** Task CPU summed from the samples, ms (each thread once); null when nothing was measured. */
  sampledCpuMs: number | null;
}
