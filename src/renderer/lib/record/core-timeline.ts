// The run's CPU samples for the core lanes, in typed columns: per sample interval, each core's busy
// percent and which tasks used it for how many ms — measured (/proc: a thread's last core and CPU)
// or inferred from 'running' states. Tasks sharing one OS thread split its CPU by who was running,
// never counted once each. Runs in the renderer; RunModel adds samples, the core lanes attribute.

import { planUnits } from '../../../core/plan';
import type { RunSpec, SampleEvent, UnitEvent } from '../../../core/contract';
import { F32Column, F64Column, I32Column, U8Column, lastAtOrBefore } from './columns';
import type { TaskTrack } from './task-track';

/** The engine samples every 100 ms; the first sample of a run covers about that much before it. */
export const NOMINAL_SAMPLE_MS = 100;
/** Less CPU than this in an interval is rounding, not work. */
const MIN_SHARE_MS = 0.01;

/**
 * For each task, the unit (one OS thread or process) it runs on, as the typed column the core
 * lanes attribute with: tasks with equal units share one thread. Before any unit event arrives,
 * the executor's plan says.
 */
export function unitOfTask(spec: RunSpec, units: readonly UnitEvent[]): Int32Array {
  const keys = new Int32Array(spec.tasks);
  const plans = units.length > 0 ? units : planUnits(spec.executor, spec.tasks);
  for (const plan of plans) {
    for (const task of plan.tasks) if (task >= 0 && task < spec.tasks) keys[task] = plan.unit;
  }
  return keys;
}

export class CoreTimeline {
  private readonly ends = new F64Column();
  /** Busy percent, `cores` values per sample. */
  private readonly busyPct = new U8Column();
  /** Stolen percent, `cores` values per sample (the meters draw it under the busy part). */
  private readonly stealPct = new U8Column();
  /** Raw task entries as the sampler reported them. */
  private readonly rawFrom = new I32Column();
  private readonly rawTask = new I32Column();
  private readonly rawCore = new I32Column();
  private readonly rawCpu = new F32Column();
  /** Cores' worth the app itself used, per sample. */
  private readonly selfCores = new F32Column();
  /** Attributed shares: per sample, where its shares start. */
  private readonly shareFrom = new I32Column();
  private readonly shareCore = new I32Column();
  private readonly shareTask = new I32Column();
  private readonly shareCpu = new F32Column();
  private mode: boolean | null = null;
  /** Bumped when attributed shares change (drawers compare it with what they drew). */
  revision = 0;

  constructor(public cores = 0) {}

  get samples(): number {
    return this.ends.length;
  }

  /** Samples whose shares are known (attribute() has reached them). */
  get attributed(): number {
    return this.shareFrom.length;
  }

  add(sample: SampleEvent): void {
    // A late sample (out of order) cannot be placed on the timeline: drop it.
    if (this.ends.length > 0 && sample.t <= this.ends.last(0)) return;
    if (this.cores === 0 || this.ends.length === 0) this.cores = Math.max(this.cores, sample.cores.length);
    this.ends.push(sample.t);
    for (let core = 0; core < this.cores; core++) {
      const value = sample.cores[core];
      this.busyPct.push(
        typeof value === 'number' && Number.isFinite(value) ? Math.round(Math.min(100, Math.max(0, value))) : 0,
      );
    }
    for (let core = 0; core < this.cores; core++) {
      const value = sample.steal[core];
      this.stealPct.push(
        typeof value === 'number' && Number.isFinite(value) ? Math.round(Math.min(100, Math.max(0, value))) : 0,
      );
    }
    this.selfCores.push(Number.isFinite(sample.self) ? sample.self : 0);
    this.rawFrom.push(this.rawTask.length);
    for (const entry of sample.tasks) {
      this.rawTask.push(entry.task);
      this.rawCore.push(entry.core);
      this.rawCpu.push(entry.cpuMs);
    }
  }

  sampleStart(i: number): number {
    return i > 0 ? this.ends.at(i - 1) : Math.max(0, this.ends.at(0) - NOMINAL_SAMPLE_MS);
  }

  sampleEnd(i: number): number {
    return this.ends.at(i);
  }

  busy(i: number, core: number): number {
    return this.busyPct.at(i * this.cores + core);
  }

  steal(i: number, core: number): number {
    return this.stealPct.at(i * this.cores + core);
  }

  /** The newest sample known at `t` (its end at or before t), or -1 before the first. */
  lastEndingBy(t: number): number {
    return lastAtOrBefore(this.ends.data, this.ends.length, t);
  }

  /** The sample interval containing `t` (its end at or after t), or -1. */
  indexAt(t: number): number {
    const i = lastAtOrBefore(this.ends.data, this.ends.length, t) + 1;
    if (i >= this.ends.length || t < this.sampleStart(i)) return -1;
    return i;
  }

  /** The first sample ending after `t`. */
  firstEndingAfter(t: number): number {
    return lastAtOrBefore(this.ends.data, this.ends.length, t) + 1;
  }

  /** Cores' worth the app itself used during sample i. */
  self(i: number): number {
    return this.selfCores.at(i);
  }

  /** Sample i's task entries exactly as the sampler reported them (shared threads repeated). */
  rawOf(i: number): { from: number; to: number } {
    const from = this.rawFrom.at(i);
    return { from, to: i + 1 < this.rawFrom.length ? this.rawFrom.at(i + 1) : this.rawTask.length };
  }

  rawAt(k: number): { task: number; core: number; cpuMs: number } {
    return { task: this.rawTask.at(k), core: this.rawCore.at(k), cpuMs: this.rawCpu.at(k) };
  }

  sharesOf(i: number): { from: number; to: number } {
    const from = this.shareFrom.at(i);
    const to = i + 1 < this.shareFrom.length ? this.shareFrom.at(i + 1) : this.shareTask.length;
    return { from, to };
  }

  share(k: number): { core: number; task: number; cpuMs: number } {
    return { core: this.shareCore.at(k), task: this.shareTask.at(k), cpuMs: this.shareCpu.at(k) };
  }

  shareCoreAt(k: number): number {
    return this.shareCore.at(k);
  }

  shareTaskAt(k: number): number {
    return this.shareTask.at(k);
  }

  shareCpuAt(k: number): number {
    return this.shareCpu.at(k);
  }

  /**
   * Attributes every sample that ends by `settledMs` (later task states may still be in flight).
   * `measured`: use the sampler's per-thread entries; otherwise infer from the tasks' states.
   */
  attribute(settledMs: number, measured: boolean, tracks: readonly TaskTrack[], threads: Int32Array): boolean {
    if (this.mode !== measured) {
      this.mode = measured;
      this.shareFrom.clear();
      this.shareCore.clear();
      this.shareTask.clear();
      this.shareCpu.clear();
      this.revision++;
    }
    const before = this.shareFrom.length;
    while (this.shareFrom.length < this.ends.length && this.ends.at(this.shareFrom.length) <= settledMs) {
      const i = this.shareFrom.length;
      this.shareFrom.push(this.shareTask.length);
      if (measured) this.attributeMeasured(i, tracks, threads);
      else this.attributeInferred(i, tracks);
    }
    if (this.shareFrom.length === before) return false;
    this.revision++;
    return true;
  }

  private push(core: number, task: number, cpuMs: number): void {
    if (cpuMs < MIN_SHARE_MS || core < 0 || core >= this.cores) return;
    this.shareCore.push(core);
    this.shareTask.push(task);
    this.shareCpu.push(cpuMs);
  }

  private attributeMeasured(i: number, tracks: readonly TaskTrack[], threads: Int32Array): void {
    const a = this.sampleStart(i);
    const b = this.sampleEnd(i);
    const { from, to } = this.rawOf(i);
    for (let k = from; k < to; k++) {
      const task = this.rawTask.at(k);
      const key = threads[task];
      // A shared thread's entry: handled once, by the first of its tasks in this sample.
      let first = true;
      for (let j = from; j < k; j++) if (threads[this.rawTask.at(j)] === key) first = false;
      if (!first) continue;
      const core = this.rawCore.at(k);
      const cpu = this.rawCpu.at(k);
      let sharers = 0;
      for (let j = k + 1; j < to; j++) if (threads[this.rawTask.at(j)] === key) sharers++;
      if (sharers === 0) {
        this.push(core, task, cpu);
        continue;
      }
      // One thread, several tasks: its CPU goes to whichever were running, by running time.
      let total = 0;
      for (let j = k; j < to; j++) {
        if (threads[this.rawTask.at(j)] === key) total += tracks[this.rawTask.at(j)]?.timeIn('running', a, b) ?? 0;
      }
      if (total > 0) {
        for (let j = k; j < to; j++) {
          const other = this.rawTask.at(j);
          if (threads[other] !== key) continue;
          const ran = tracks[other]?.timeIn('running', a, b) ?? 0;
          if (ran > 0) this.push(core, other, (cpu * ran) / total);
        }
        continue;
      }
      // None ran inside the interval: the one that ran last before its end used the thread.
      let best = -1;
      let bestAt = -Infinity;
      for (let j = k; j < to; j++) {
        const other = this.rawTask.at(j);
        if (threads[other] !== key) continue;
        const at = tracks[other]?.lastIn('running', b) ?? null;
        if (at !== null && at > bestAt) {
          bestAt = at;
          best = other;
        }
      }
      if (best >= 0) this.push(core, best, cpu);
    }
  }

  private attributeInferred(i: number, tracks: readonly TaskTrack[]): void {
    const a = this.sampleStart(i);
    const b = this.sampleEnd(i);
    const span = b - a;
    if (span <= 0 || this.cores === 0) return;
    let total = 0;
    for (const track of tracks) total += track.timeIn('running', a, b);
    // More running than there are cores: each gets its fair part of the cores that exist.
    const scale = total > this.cores * span ? (this.cores * span) / total : 1;
    let core = 0;
    let used = 0;
    for (const track of tracks) {
      let left = track.timeIn('running', a, b) * scale;
      while (left > MIN_SHARE_MS && core < this.cores) {
        const put = Math.min(span - used, left);
        this.push(core, track.task, put);
        used += put;
        left -= put;
        if (used >= span - MIN_SHARE_MS) {
          core++;
          used = 0;
        }
      }
    }
  }
}
