// Runs compared on one clock: each finished run becomes an entry (its spec, what it measured, its
// tasks' state intervals), entries are stacked as bands on one time scale, and their speedups are
// plotted against the task count beside the ideal min(tasks, cores) and Amdahl's curve. Lessons
// fill a comparison with their runs and choose their caption from it. Runs in the renderer; pure.

import { amdahlSpeedup } from '../../../core/amdahl';
import { chooseCaption, fillTemplate, type LessonMeasure, type RunMeasure } from '../../../core/captions';
import {
  LIMITS,
  type EngineEvent,
  type LessonInfo,
  type RunRequest,
  type RunSpec,
  type RunStatus,
  type TaskState,
} from '../../../core/contract';
import { taskIntervals } from '../../../core/intervals';
import { measureRun } from '../../../core/measure';
import { waitsMostly } from '../../../core/results';
import { formatSeconds } from '../format';

/** Bands a comparison shows at once: the "two to five executors", with room for a lesson of four runs. */
export const MAX_ENTRIES = 5;

/** One state of one task, on the run's clock (ms from its start). */
export interface Span {
  state: TaskState;
  start: number;
  end: number;
}

export interface ComparisonEntry {
  /** Unique in its comparison: the lesson run's id, or "run-<runId>". */
  id: string;
  label: string;
  spec: RunSpec;
  status: RunStatus;
  measure: RunMeasure;
  /** Per task, its states in time order (terminal states are not drawn). */
  spans: Span[][];
}

/** An entry from a finished run's record; null when the record holds no finished run. */
export function entryFromRecord(events: readonly EngineEvent[], label: string, id?: string): ComparisonEntry | null {
  const start = events.find((event) => event.kind === 'run-start');
  const end = events.find((event) => event.kind === 'run-end');
  if (!start || start.kind !== 'run-start' || !end || end.kind !== 'run-end') return null;
  const key = id ?? `run-${start.runId}`;
  const measure = measureRun(events, start.spec, key);
  if (!measure) return null;
  const spans = taskIntervals(events, start.spec.tasks).map((intervals) =>
    intervals
      .filter((interval) => interval.end !== null && interval.end > interval.start)
      .map((interval) => ({ state: interval.state, start: interval.start, end: interval.end! })),
  );
  return { id: key, label, spec: start.spec, status: end.status, measure, spans };
}

/** Adds (or replaces, by id) an entry, keeping the newest MAX_ENTRIES. */
export function withEntry(entries: readonly ComparisonEntry[], entry: ComparisonEntry): ComparisonEntry[] {
  const rest = entries.filter((other) => other.id !== entry.id);
  return [...rest, entry].slice(-MAX_ENTRIES);
}

/** Each entry's speedup against `baselineId`'s wall time (null for the baseline, or without one). */
export function withSpeedups(entries: readonly ComparisonEntry[], baselineId: string | null): ComparisonEntry[] {
  const baseline = entries.find((entry) => entry.id === baselineId && entry.status === 'done');
  return entries.map((entry) => ({
    ...entry,
    measure: {
      ...entry.measure,
      speedup:
        baseline && entry !== baseline && entry.status === 'done' && entry.measure.wallMs > 0
          ? baseline.measure.wallMs / entry.measure.wallMs
          : null,
    },
  }));
}

/** A learner's own comparison is measured against its sequential run, else against its first. */
export function ownBaseline(entries: readonly ComparisonEntry[]): string | null {
  const sequential = entries.find((entry) => entry.spec.executor === 'sequential');
  return (sequential ?? entries[0])?.id ?? null;
}

/** The one time scale every band is drawn on: the longest run. */
export function sharedDuration(entries: readonly ComparisonEntry[]): number {
  return Math.max(1, ...entries.map((entry) => entry.measure.wallMs));
}

/** The line beside a band: its wall time and, where measured, its speedup. */
export function bandCaption(entry: ComparisonEntry, baselineId: string | null): string {
  const parts = [formatSeconds(entry.measure.wallMs)];
  if (entry.status !== 'done') parts.push(entry.status);
  else if (entry.id === baselineId) parts.push('baseline');
  else if (entry.measure.speedup !== null) parts.push(`${entry.measure.speedup.toFixed(2)}×`);
  return parts.join(' · ');
}

// --- Lessons ----------------------------------------------------------------------------------

/** What a lesson's finished runs measured, as its captions read it. */
export function lessonMeasure(entries: readonly ComparisonEntry[], cores: number): LessonMeasure {
  return { cores, runs: entries.map((entry) => entry.measure) };
}

/** The lesson's closing caption: the first whose checks the measurements meet. */
export function lessonCaption(lesson: LessonInfo, entries: readonly ComparisonEntry[], cores: number): string | null {
  return chooseCaption(lesson.captions.after, lessonMeasure(entries, cores));
}

/** The lesson's opening words, with {cores} filled in. */
export function lessonIntro(lesson: LessonInfo, cores: number): string {
  return fillTemplate(lesson.captions.before, { cores, runs: [] });
}

/** A prediction as typed: seconds for wall time, a factor for speedup; null when not a positive number. */
export function parsePrediction(text: string): number | null {
  const value = Number(
    text
      .trim()
      .replace(/[s×x]$/i, '')
      .trim(),
  );
  return text.trim() !== '' && Number.isFinite(value) && value > 0 ? value : null;
}

/** The prediction beside the measurement, in words; null until the predicted run is measured. */
export function predictionVerdict(
  predict: NonNullable<LessonInfo['predict']>,
  predicted: number,
  entries: readonly ComparisonEntry[],
): string | null {
  const run = entries.find((entry) => entry.id === predict.run);
  if (!run) return null;
  if (predict.metric === 'wall') {
    const measured = run.measure.wallMs / 1000;
    const off = Math.abs(measured - predicted) / measured;
    return `You predicted ${predicted.toFixed(2)} s; it took ${measured.toFixed(2)} s (${closeness(off)}).`;
  }
  const measured = run.measure.speedup;
  if (measured === null) return `You predicted ${predicted.toFixed(2)}×; the speedup could not be measured.`;
  const off = Math.abs(measured - predicted) / measured;
  return `You predicted ${predicted.toFixed(2)}×; it was ${measured.toFixed(2)}× (${closeness(off)}).`;
}

function closeness(relativeError: number): string {
  if (relativeError <= 0.1) return 'within 10 %: well predicted';
  if (relativeError <= 0.3) return `off by ${Math.round(relativeError * 100)} %`;
  return `off by ${Math.round(relativeError * 100)} %: worth a second look at the lanes`;
}

// --- The speedup chart ------------------------------------------------------------------------

export interface SpeedupPoint {
  id: string;
  label: string;
  tasks: number;
  speedup: number;
}

/** Measured points: entries with a speedup, by task count. */
export function speedupPoints(entries: readonly ComparisonEntry[]): SpeedupPoint[] {
  return entries.flatMap((entry) =>
    entry.measure.speedup === null
      ? []
      : [{ id: entry.id, label: entry.label, tasks: entry.spec.tasks, speedup: entry.measure.speedup }],
  );
}

/**
 * Points of a curve over task counts 1…maxTasks: the ideal for CPU-bound work, min(tasks, cores);
 * for work that mostly waits, tasks (waits overlap on any number of cores); or Amdahl's bound.
 */
export function speedupCurve(
  kind: 'ideal' | 'waiting' | { serial: number },
  cores: number,
  maxTasks: number,
): { tasks: number; speedup: number }[] {
  return Array.from({ length: Math.max(1, maxTasks) }, (_, i) => {
    const tasks = i + 1;
    const workers = Math.min(tasks, cores);
    const speedup = kind === 'ideal' ? workers : kind === 'waiting' ? tasks : amdahlSpeedup(workers, kind.serial);
    return { tasks, speedup };
  });
}

/** The chart's task axis: 1…2×cores, widened to any measured point beyond it. */
export function taskDomain(points: readonly SpeedupPoint[], cores: number): number {
  return Math.max(2 * cores, ...points.map((point) => point.tasks));
}

// --- Sweeps -------------------------------------------------------------------------------------

/**
 * Task counts a sweep runs: 1 to 2×cores, at most five of them (a band each), always with 1,
 * the core count and twice it, where the curve bends and where it has flattened; never more
 * tasks than a run may have (a machine of over 32 cores stops at LIMITS.MAX_TASKS).
 */
export function sweepCounts(cores: number): number[] {
  const c = Math.max(1, cores);
  const counts = [1, Math.ceil(c / 2), c, Math.ceil(1.5 * c), 2 * c].map((n) => Math.min(LIMITS.MAX_TASKS, n));
  return [...new Set(counts)].sort((a, b) => a - b);
}

/**
 * A sweep as a lesson: the same total work (the controls' run for one task) shared among 1 …
 * 2×cores tasks of one executor, the 1-task run as the baseline, and a caption that reports the
 * speedups measured beside the ideal. Runs of the executor the controls chose.
 */
export function sweepLesson(
  request: Required<Pick<RunRequest, 'workload' | 'executor' | 'steps' | 'stepMs'>>,
  executorTitle: string,
  cores: number,
): LessonInfo {
  const counts = sweepCounts(cores);
  const runs = counts.map((tasks) => ({
    id: `n${tasks}`,
    label: `${tasks} ${tasks === 1 ? 'task' : 'tasks'}`,
    request: {
      workload: request.workload,
      executor: request.executor,
      tasks,
      steps: request.steps,
      // The total work stays the controls' one-task run: each task does its share of each step.
      stepMs: Math.max(1, Math.round(request.stepMs / tasks)),
    },
  }));
  const measured = counts
    .slice(1)
    .map((tasks) => `{n${tasks}.speedup} with ${tasks}`)
    .join(', ');
  const ideal = waitsMostly(request.workload)
    ? 'Waiting overlaps on any number of cores: the ideal is the number of tasks.'
    : request.workload === 'amdahl'
      ? 'A quarter of the work is serial: Amdahl’s bound on {cores} cores is {amdahl}.'
      : 'The ideal is min(tasks, {cores}).';
  return {
    id: 'sweep',
    title: `${executorTitle}: 1 to ${2 * cores} tasks`,
    question: `The same work shared among more and more tasks of one kind. Where does the speedup stop?`,
    request: { ...request, tasks: 1 },
    runs,
    baseline: 'n1',
    captions: {
      before: `The same total work, shared among ${counts.join(', ')} tasks in turn; this machine has {cores} cores.`,
      after: [{ text: `Against one task: ${measured}. ${ideal}` }],
    },
    predict: null,
    hasPython: false,
    withoutPython: [],
  };
}

/** One sweep's speedups by task count, kept after the sweep so the next one is drawn beside it. */
export interface SpeedupSeries {
  /** The executor and workload swept: a new sweep of the same replaces the old one. */
  key: string;
  label: string;
  points: { tasks: number; speedup: number }[];
}

/** Series the chart keeps: one per executor and workload, the newest few. */
export const MAX_SERIES = 5;

/** A finished sweep as a series (the baseline counts as 1× at one task). */
export function sweepSeries(entries: readonly ComparisonEntry[], label: string): SpeedupSeries | null {
  const first = entries[0];
  if (!first || entries.some((entry) => entry.status !== 'done')) return null;
  const points = entries.map((entry) => ({ tasks: entry.spec.tasks, speedup: entry.measure.speedup ?? 1 }));
  return { key: `${first.spec.executor}/${first.spec.workload}`, label, points };
}

export function withSeries(series: readonly SpeedupSeries[], next: SpeedupSeries): SpeedupSeries[] {
  return [...series.filter((other) => other.key !== next.key), next].slice(-MAX_SERIES);
}
