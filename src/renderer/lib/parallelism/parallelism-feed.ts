// Feeds the concurrency-vs-parallelism maths (core/parallelism.ts) from what this window knows:
// state changes from the run model's task tracks (sorted per task), CPU samples from a SampleLog (the run model does not
// keep samples). Incremental: each update reads only what arrived since the last one, and starts
// over only when history was replaced. Runs in the renderer; pure (no runes), unit-tested.

import type { EngineEvent, RecordSnapshot, SampleEvent, TaskCoreSample } from '../../../core/contract';
import {
  EMPTY_SERIES,
  MeasuredParallelism,
  StateCounters,
  threadOfTask,
  type Parallelism,
} from '../../../core/parallelism';
import { F64Column, I32Column } from '../record/columns';
import type { RunModel } from '../record/run-model';

function isTaskSample(value: unknown): value is TaskCoreSample {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<TaskCoreSample>;
  return Number.isInteger(entry.task) && Number.isFinite(entry.cpuMs) && Number.isFinite(entry.core);
}

/** A sample as the curves read it: when, and which task used how much CPU on which core. */
export interface TaskSamples {
  t: number;
  tasks: TaskCoreSample[];
}

/**
 * The shown run's CPU samples, in time order, as they arrive (live batches and record snapshots).
 * Held in typed columns, not as event objects: a long run's samples cost bytes each, not a dozen
 * objects each (the record with every field stays in the engine).
 */
export class SampleLog {
  runId: number | null = null;
  /** Bumped whenever the samples are replaced rather than appended to. */
  epoch = 0;
  private readonly times = new F64Column();
  /** Per sample, where its entries start in the task columns. */
  private readonly firstTask = new I32Column();
  private readonly taskIds = new I32Column();
  private readonly taskCores = new I32Column();
  private readonly taskCpuMs = new F64Column();

  receive = (events: readonly EngineEvent[]): void => {
    for (const event of events) {
      if (event.kind === 'run-start') this.reset(event.runId);
      else if (event.kind === 'sample' && event.runId !== null) this.add(event);
    }
  };

  /** A record snapshot replaces everything (a window joining late, or reconnecting). */
  load(snapshot: RecordSnapshot | null): void {
    this.reset(null);
    if (snapshot) this.receive(snapshot.events);
  }

  get length(): number {
    return this.times.length;
  }

  /** Sample `index` (0 ≤ index < length), rebuilt from the columns. */
  at(index: number): TaskSamples {
    const from = this.firstTask.at(index);
    const to = index + 1 < this.firstTask.length ? this.firstTask.at(index + 1) : this.taskIds.length;
    const tasks: TaskCoreSample[] = [];
    for (let k = from; k < to; k++) {
      tasks.push({ task: this.taskIds.at(k), core: this.taskCores.at(k), cpuMs: this.taskCpuMs.at(k) });
    }
    return { t: this.times.at(index), tasks };
  }

  private reset(runId: number | null): void {
    this.runId = runId;
    for (const column of [this.times, this.firstTask, this.taskIds, this.taskCores, this.taskCpuMs]) column.clear();
    this.epoch++;
  }

  private add(sample: SampleEvent): void {
    // A sample of a run whose start this window missed: only a later run replaces the shown one.
    if (sample.runId !== this.runId) {
      if (this.runId !== null && sample.runId! < this.runId) return;
      this.reset(sample.runId);
    }
    // The live feed may repeat the tail of a snapshot just loaded.
    if (sample.t <= this.times.last(-Infinity)) return;
    this.times.push(sample.t);
    this.firstTask.push(this.taskIds.length);
    for (const entry of Array.isArray(sample.tasks) ? sample.tasks : []) {
      if (!isTaskSample(entry)) continue;
      this.taskIds.push(entry.task);
      this.taskCores.push(entry.core);
      this.taskCpuMs.push(entry.cpuMs);
    }
  }
}

/** Keeps a run's curves up to date with the model and the samples. */
export class ParallelismFeed {
  private counters = new StateCounters(1);
  private measured = new MeasuredParallelism(1);
  private epoch = -1;
  private runId: number | null = null;
  private sampleEpoch = -1;
  private sampleCursor = 0;
  private eventCursors: number[] = [];
  private rewrites: number[] = [];
  private unitCount = -1;
  private keys = new Map<number, string>();
  /** Bumped whenever the curves changed (the chart redraws only then, or when its view moves). */
  revision = 0;

  /** Reads what arrived since the last call; returns whether the curves changed. */
  update(model: RunModel, log: SampleLog): boolean {
    const cores = model.start?.cores ?? 1;
    const replaced =
      model.epoch !== this.epoch ||
      model.runId !== this.runId ||
      log.epoch !== this.sampleEpoch ||
      this.measured.cores !== cores ||
      model.tracks.some((track, i) => track.rewrites !== (this.rewrites[i] ?? 0));
    if (replaced) this.restart(model, log, cores);
    if (model.units.length !== this.unitCount) {
      this.unitCount = model.units.length;
      this.keys = threadOfTask(model.units);
    }
    let changed = replaced;
    model.tracks.forEach((track, i) => {
      const count = track.count;
      for (let at = this.eventCursors[i] ?? 0; at < count; at++) {
        this.counters.change(track.task, track.state(at), track.start(at));
        changed = true;
      }
      this.eventCursors[i] = count;
    });
    if (log.runId === model.runId) {
      const threadOf = (task: number): string => this.keys.get(task) ?? `task ${task}`;
      const stateOf = (task: number) => this.counters.stateOf(task);
      for (; this.sampleCursor < log.length; this.sampleCursor++) {
        this.measured.add(log.at(this.sampleCursor), threadOf, stateOf);
        changed = true;
      }
      // Measured from now on: the count of running tasks is no longer drawn, so no longer kept.
      if (this.measured.samplesWithTasks > 0) this.counters.stopCountingRunning();
    }
    if (changed) this.revision++;
    return changed;
  }

  private restart(model: RunModel, log: SampleLog, cores: number): void {
    this.counters = new StateCounters(cores);
    this.measured = new MeasuredParallelism(cores);
    this.epoch = model.epoch;
    this.runId = model.runId;
    this.sampleEpoch = log.epoch;
    this.sampleCursor = 0;
    this.eventCursors = [];
    this.rewrites = model.tracks.map((track) => track.rewrites);
    this.unitCount = -1;
  }

  /**
   * The curves now; executing is measured once any sample carried per-task CPU, else inferred:
   * the count of running tasks, capped at the cores.
   */
  curves(): LiveCurves {
    const cores = this.measured.cores;
    if (this.runId === null) {
      return { concurrency: EMPTY_SERIES, executing: EMPTY_SERIES, measured: false, sampledCpuMs: null, cores };
    }
    const measured = this.measured.samplesWithTasks > 0;
    return {
      concurrency: this.counters.inProgress.series(),
      executing: measured ? this.measured.series() : this.counters.running.series(),
      measured,
      sampledCpuMs: measured ? this.measured.cpuMs : null,
      cores,
    };
  }
}

/** A run's curves as the chart reads them, with the core count they were drawn against. */
export interface LiveCurves extends Parallelism {
  cores: number;
}
