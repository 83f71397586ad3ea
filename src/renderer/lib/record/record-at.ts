// The run's record as it stood at one moment t (ms since the run's start): which lanes were in
// which state, the lines printed so far, the CPU sample known then, the failures so far, and the
// moments the playhead steps to (state changes, prints, the end). Every answer is a binary search
// over the record's time-ordered columns: seeking never replays the record from its start.
// Runs in the renderer; pure (no runes, no DOM), so the playhead, the views and an exporter drawing
// frames at a time t all read the same answers.

import type { TaskState } from '../../../core/contract';
import type { MeterPoint } from '../meters/meter-history';
import type { ConsoleLine, Failure, RunModel } from './run-model';
import type { TaskTrack } from './task-track';

/** What the playhead needs of a run: its model (the views' record). */
export type RecordLike = Pick<RunModel, 'tracks' | 'main' | 'lines' | 'cores' | 'end' | 'start' | 'failures'>;

/** Every lane's track, the main program's first (an empty track answers "nothing happened"). */
function lanesOf(record: RecordLike): TaskTrack[] {
  return [record.main, ...record.tracks];
}

/** The moment after `t` at which something the lanes draw happens (a state change, a print, the end), or null. */
export function nextEventAfter(record: RecordLike, t: number): number | null {
  let best = Infinity;
  for (const track of lanesOf(record)) best = Math.min(best, track.changeAfter(t), track.printAfter(t));
  if (record.end && record.end.t > t) best = Math.min(best, record.end.t);
  return Number.isFinite(best) ? best : null;
}

/** The moment before `t` at which something happened, or 0 (the run's start) when nothing did. */
export function prevEventBefore(record: RecordLike, t: number): number {
  let best = -Infinity;
  for (const track of lanesOf(record)) best = Math.max(best, track.changeBefore(t), track.printBefore(t));
  if (record.end && record.end.t < t) best = Math.max(best, record.end.t);
  return Number.isFinite(best) ? best : 0;
}

/** The time of the first line printed after `t`, or null. */
export function nextPrintAfter(record: RecordLike, t: number): number | null {
  const k = record.lines.countAt(t);
  return k < record.lines.length ? record.lines.timeOrderT(k) : null;
}

/** The time of the last line printed before `t`, or null. */
export function prevPrintBefore(record: RecordLike, t: number): number | null {
  let lo = 0;
  let hi = record.lines.length;
  // First line at or after t, in time order.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (record.lines.timeOrderT(mid) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? record.lines.timeOrderT(lo - 1) : null;
}

/** The newest `cap` lines printed at or before `t`, oldest first. */
export function linesAt(record: RecordLike, t: number, cap?: number): ConsoleLine[] {
  return record.lines.upTo(t, cap);
}

/** How many lines had been printed by `t`. */
export function lineCountAt(record: RecordLike, t: number): number {
  return record.lines.countAt(t);
}

/** Each task's state at `t` (null before its first state and after its end), by task number. */
export function statesAt(record: RecordLike, t: number): (TaskState | null)[] {
  return record.tracks.map((track) => track.stateAt(t));
}

/** Each task's end state if it had ended by `t`. */
export function endsAt(record: RecordLike, t: number): (TaskState | null)[] {
  return record.tracks.map((track) => {
    const terminal = track.terminal;
    return terminal && terminal.start <= t ? terminal.state : null;
  });
}

/** The failures that had happened by `t`. */
export function failuresAt(record: RecordLike, t: number): Failure[] {
  return record.failures.filter((failure) => failure.t <= t);
}

/** The run had ended by `t`. */
export function endedAt(record: RecordLike, t: number): boolean {
  return record.end !== null && record.end.t <= t;
}

/** Index of the CPU sample known at `t` (the newest ending at or before it), or -1. */
export function sampleIndexAt(record: RecordLike, t: number): number {
  return record.cores.lastEndingBy(t);
}

/** The meters' reading at `t`: the sample known then, as the meters draw it, or null before the first. */
export function meterPointAt(record: RecordLike, t: number): MeterPoint | null {
  const i = sampleIndexAt(record, t);
  if (i < 0) return null;
  const cores = record.cores;
  return {
    cores: Array.from({ length: cores.cores }, (_, core) => cores.busy(i, core)),
    steal: Array.from({ length: cores.cores }, (_, core) => cores.steal(i, core)),
    self: cores.self(i),
    selfCovers: null,
  };
}

/** The meters' history at `t`: up to `count` samples known then, oldest first (the sparklines). */
export function meterPointsUpTo(record: RecordLike, t: number, count: number): MeterPoint[] {
  const last = sampleIndexAt(record, t);
  const first = Math.max(0, last - count + 1);
  const cores = record.cores;
  const points: MeterPoint[] = [];
  for (let i = first; i <= last; i++) {
    points.push({
      cores: Array.from({ length: cores.cores }, (_, core) => cores.busy(i, core)),
      steal: Array.from({ length: cores.cores }, (_, core) => cores.steal(i, core)),
      self: cores.self(i),
      selfCovers: null,
    });
  }
  return points;
}

/** Per CPU timeline (one per run) and thread layout: the CPU summed up to each sample, grown as samples come. */
interface CpuSums {
  key: string;
  sums: number[];
  /** The first sample that carried per-task CPU, or -1. */
  firstMeasured: number;
}
const cpuSums = new WeakMap<object, CpuSums>();

/**
 * The tasks' CPU time sampled by `t`, ms: each sample's per-thread CPU counted once per thread
 * (`threadOf[task]`: tasks sharing one OS thread report its CPU each); null where no sample
 * measured per-task CPU (only Linux does). Running sums, kept per run: any t answers at once.
 */
export function sampledCpuMsAt(record: RecordLike, t: number, threadOf: Int32Array): number | null {
  const last = sampleIndexAt(record, t);
  const key = threadOf.join(',');
  let cache = cpuSums.get(record.cores);
  if (!cache || cache.key !== key) {
    cache = { key, sums: [], firstMeasured: -1 };
    cpuSums.set(record.cores, cache);
  }
  const seen = new Set<number>();
  while (cache.sums.length <= last) {
    const i = cache.sums.length;
    const { from, to } = record.cores.rawOf(i);
    seen.clear();
    let cpu = 0;
    for (let k = from; k < to; k++) {
      const entry = record.cores.rawAt(k);
      const thread = threadOf[entry.task] ?? entry.task;
      if (seen.has(thread)) continue;
      seen.add(thread);
      cpu += entry.cpuMs;
    }
    if (to > from && cache.firstMeasured < 0) cache.firstMeasured = i;
    cache.sums.push((cache.sums[i - 1] ?? 0) + cpu);
  }
  if (last < 0 || cache.firstMeasured < 0 || cache.firstMeasured > last) return null;
  return cache.sums[last]!;
}

/** Per core, the tasks that used it in the sample known at `t` (measured where the sampler says). */
export function coreTasksAt(record: RecordLike, t: number, minCpuMs = 1): number[][] {
  const i = sampleIndexAt(record, t);
  const byCore: number[][] = Array.from({ length: record.cores.cores }, () => []);
  if (i < 0) return byCore;
  const { from, to } = record.cores.rawOf(i);
  for (let k = from; k < to; k++) {
    const entry = record.cores.rawAt(k);
    const list = byCore[entry.core];
    if (entry.cpuMs >= minCpuMs && list && !list.includes(entry.task)) list.push(entry.task);
  }
  return byCore.map((tasks) => tasks.sort((a, b) => a - b));
}
