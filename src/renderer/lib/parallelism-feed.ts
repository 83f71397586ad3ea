// Feeds the concurrency-vs-parallelism maths (core/parallelism.ts) from what this window knows:
// state changes from the run model's task tracks (sorted per task), CPU samples from a SampleLog (the run model does not
// keep samples). Incremental: each update reads only what arrived since the last one, and starts
// over only when history was replaced. Runs in the renderer; pure (no runes), unit-tested.

import type { EngineEvent, RecordSnapshot, SampleEvent, TaskCoreSample } from '../../core/contract';
import { EMPTY_SERIES, MeasuredParallelism, StateCounters, threadKeys, type Parallelism } from '../../core/parallelism';
import type { RunModel } from './run-model';

function isTaskSample(value: unknown): value is TaskCoreSample {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<TaskCoreSample>;
  return Number.isInteger(entry.task) && Number.isFinite(entry.cpuMs) && Number.isFinite(entry.core);
}

/** The shown run's CPU samples, in time order, as they arrive (live batches and record snapshots). */
export class SampleLog {
  runId: number | null = null;
  samples: SampleEvent[] = [];
  /** Bumped whenever the samples are replaced rather than appended to. */
  epoch = 0;

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

  private reset(runId: number | null): void {
    this.runId = runId;
    this.samples = [];
    this.epoch++;
  }

  private add(sample: SampleEvent): void {
    // A sample of a run whose start this window missed: only a later run replaces the shown one.
    if (sample.runId !== this.runId) {
      if (this.runId !== null && sample.runId! < this.runId) return;
      this.reset(sample.runId);
    }
    const last = this.samples[this.samples.length - 1];
    // The live feed may repeat the tail of a snapshot just loaded.
    if (last && sample.t <= last.t) return;
    this.samples.push({ ...sample, tasks: Array.isArray(sample.tasks) ? sample.tasks.filter(isTaskSample) : [] });
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
      this.keys = threadKeys(model.units);
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
      const samples = log.samples;
      const threadOf = (task: number): string => this.keys.get(task) ?? `task ${task}`;
      const stateOf = (task: number) => this.counters.stateOf(task);
      for (; this.sampleCursor < samples.length; this.sampleCursor++) {
        this.measured.add(samples[this.sampleCursor]!, threadOf, stateOf);
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
