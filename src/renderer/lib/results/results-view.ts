// What the Results panel says: the numbers of the run it shows (finished, or live so far), the
// speedup against a real sequential run of the same workload where this window has one, and why
// not where it has none. Runs in the renderer; pure, so the words are unit-tested.

import type { ExecutorId, RunEndEvent, RunSpec, RunStartEvent, WorkloadId } from '../../../core/contract';
import {
  summarizeRun,
  averageParallelism,
  comparable,
  efficiency,
  executorSpeedups,
  findBaseline,
  idealSpeedup,
  speedup,
  waitsMostly,
  type RunSummary,
} from '../../../core/results';
import { formatSeconds } from '../format';

/** Short names for the bars and headings (the catalog's titles are sentences). */
export const EXECUTOR_SHORT: Record<ExecutorId, string> = {
  sequential: 'sequential',
  async: 'async',
  threads: 'threads',
  'gil-threads': 'GIL threads',
  processes: 'processes',
  'python-threads': 'Python threads',
  'python-processes': 'Python processes',
};

const WORKLOAD_SHORT: Record<WorkloadId, string> = {
  'print-sleep': 'print and sleep',
  cpu: 'CPU-bound',
  io: 'I/O-bound',
  mixed: 'mixed',
  amdahl: 'serial + parallel',
};

/** The bars' order: the baseline first, then from least to most parallel. */
export const EXECUTOR_ORDER: readonly ExecutorId[] = [
  'sequential',
  'async',
  'gil-threads',
  'python-threads',
  'threads',
  'processes',
  'python-processes',
];

export interface Figure {
  label: string;
  value: string;
  /** Small print after the value: the unit or what it is relative to. */
  unit: string;
}

export interface Bar {
  executor: ExecutorId;
  label: string;
  speedup: number;
  /** The run the panel is about. */
  current: boolean;
}

export interface ResultsView {
  /** What the numbers are of: "threads · 2 × CPU-bound · 4 × 200 ms". */
  heading: string;
  phase: 'empty' | 'live' | 'final';
  figures: Figure[];
  /** Which sequential run the speedup is against, in words. */
  baseline: string | null;
  /** Why there is no speedup, in words. */
  missing: string | null;
  /** Offer to run the sequential baseline (there is none, and the run is comparable). */
  canMeasure: boolean;
  bars: Bar[];
  ideal: { cpuBound: number; waiting: number | null };
}

/** A run in progress, as far as it has got. */
export interface LiveRun {
  spec: RunSpec;
  cores: number;
  wallMs: number;
  cpuMs: number | null;
}

export interface ResultsInput {
  /** The finished run to show; null shows `live` (or nothing). */
  subject: RunSummary | null;
  live: LiveRun | null;
  history: readonly RunSummary[];
  /** The subject's sequential baseline is being measured now. */
  measuring: boolean;
  /**
   * The subject was opened from a trace file (a Lanes one, or another tool's): it is compared with
   * nothing this window ran, and another tool's run has no workload or executor to name.
   */
  opened?: 'lanes' | 'foreign' | null;
}

const DASH = '–';

export function formatSpeedup(value: number): string {
  return `${value.toFixed(2)}×`;
}

function heading(run: Pick<RunSpec, 'executor' | 'workload' | 'tasks' | 'steps' | 'stepMs' | 'program'>): string {
  // A learner's program decides its own work: its workload and steps are placeholders.
  if (run.program === 'learner') return `Your program (CPython) · ${run.tasks} lanes`;
  return `${EXECUTOR_SHORT[run.executor]} · ${run.tasks} × ${WORKLOAD_SHORT[run.workload]} · ${run.steps} × ${run.stepMs} ms`;
}

function cores(value: number | null): string {
  return value === null ? DASH : value.toFixed(2);
}

function ideal(workload: WorkloadId, tasks: number, coreCount: number): ResultsView['ideal'] {
  const { cpuBound, waiting } = idealSpeedup(tasks, coreCount);
  return { cpuBound, waiting: waitsMostly(workload) && waiting !== cpuBound ? waiting : null };
}

function idealFigure(view: ResultsView['ideal']): Figure {
  return {
    label: 'Ideal',
    value: `${view.cpuBound}×`,
    unit: view.waiting === null ? 'CPU-bound: min(tasks, cores)' : `if CPU-bound; ${view.waiting}× if waiting`,
  };
}

export function resultsView(input: ResultsInput): ResultsView {
  const { subject, live } = input;
  if (!subject && live) {
    const parallelism = live.cpuMs !== null && live.wallMs > 0 ? live.cpuMs / live.wallMs : null;
    const idealNow = ideal(live.spec.workload, live.spec.tasks, live.cores);
    return {
      heading: heading(live.spec),
      phase: 'live',
      figures: [
        { label: 'Wall time', value: formatSeconds(live.wallMs), unit: 'so far' },
        { label: 'CPU time', value: live.cpuMs === null ? DASH : formatSeconds(live.cpuMs), unit: 'so far' },
        { label: 'Parallelism', value: cores(parallelism), unit: 'cores on average' },
        { label: 'Speedup', value: DASH, unit: 'when it ends' },
        { label: 'Efficiency', value: DASH, unit: 'when it ends' },
        idealFigure(idealNow),
      ],
      baseline: null,
      missing: null,
      canMeasure: false,
      bars: [],
      ideal: idealNow,
    };
  }
  if (!subject) {
    return {
      heading: 'No run yet',
      phase: 'empty',
      figures: [],
      baseline: null,
      missing: null,
      canMeasure: false,
      bars: [],
      ideal: { cpuBound: 1, waiting: null },
    };
  }
  const opened = input.opened ?? null;
  // Runs this window made are never a baseline for an opened run (another day, machine or load).
  const base = opened === 'foreign' ? null : findBaseline(opened ? [] : input.history, subject);
  const gain = base ? speedup(subject, base) : null;
  const idealNow = ideal(subject.workload, subject.tasks, subject.cores);
  let missing: string | null = null;
  if (!base) {
    if (opened === 'foreign') missing = 'A trace from another tool does not say what ran: there is no speedup to show.';
    else if (subject.faulted) missing = 'A run with an injected fault is not compared.';
    else if (subject.program === 'learner')
      missing = 'Your program decides its own work: no other run repeats it, so there is no speedup to show.';
    else if (!comparable(subject))
      missing = `The run ${subject.status === 'stopped' ? 'was stopped' : 'failed'}: no speedup.`;
    else if (opened) missing = 'Opened from a file: it is compared only with itself, never with runs made here.';
    else if (input.measuring) missing = 'Measuring the sequential baseline…';
    else missing = 'Speedup needs a sequential run of the same workload.';
  }
  return {
    heading: opened === 'foreign' ? `From another tool · ${subject.tasks} lanes` : heading(subject),
    phase: 'final',
    figures: [
      {
        label: 'Wall time',
        value: formatSeconds(subject.wallMs),
        unit: opened ? 'from the file' : `run ${subject.runId}`,
      },
      {
        label: 'CPU time',
        value: subject.cpuMs === null ? DASH : formatSeconds(subject.cpuMs),
        unit: subject.cpuSource === 'samples' ? 'sampled' : subject.cpuMs === null ? 'not measured' : 'all tasks',
      },
      { label: 'Parallelism', value: cores(averageParallelism(subject)), unit: 'cores on average' },
      { label: 'Speedup', value: gain === null ? DASH : formatSpeedup(gain), unit: 'vs sequential' },
      {
        label: 'Efficiency',
        value: gain === null ? DASH : `${Math.round(efficiency(gain, subject.cores) * 100)} %`,
        unit: `speedup ÷ ${subject.cores} cores`,
      },
      idealFigure(idealNow),
    ],
    baseline: !base
      ? null
      : base.id === subject.id
        ? 'This run is the sequential baseline.'
        : `Against sequential run ${base.runId}: ${formatSeconds(base.wallMs)}.`,
    missing,
    canMeasure: !base && comparable(subject) && !input.measuring && opened === null,
    bars: base
      ? executorSpeedups(opened ? [] : input.history, subject, base, EXECUTOR_ORDER).map((entry) => ({
          executor: entry.executor,
          label: EXECUTOR_SHORT[entry.executor],
          speedup: entry.speedup,
          current: entry.run.id === subject.id,
        }))
      : [],
    ideal: idealNow,
  };
}

/** The request that measures `run`'s sequential baseline: the same workload, run one after another. */
export function baselineRequest(run: RunSummary): {
  workload: WorkloadId;
  executor: 'sequential';
  tasks: number;
  steps: number;
  stepMs: number;
  fault: null;
} {
  return {
    workload: run.workload,
    executor: 'sequential',
    tasks: run.tasks,
    steps: run.steps,
    stepMs: run.stepMs,
    fault: null,
  };
}

/** A run's summary once it has ended (null before), identified across engine restarts. */
export function endedSummary(
  start: RunStartEvent | null,
  end: RunEndEvent | null,
  sampledCpuMs: number | null,
): RunSummary | null {
  if (!start || !end) return null;
  return summarizeRun({
    runId: start.runId,
    wallStart: start.wallStart,
    spec: start.spec,
    cores: start.cores,
    end,
    sampledCpuMs,
  });
}

/** The history with `summary` added at the end, unless already there; the oldest beyond `cap` go. */
export function withRun(runs: readonly RunSummary[], summary: RunSummary, cap: number): readonly RunSummary[] {
  if (runs.some((run) => run.id === summary.id)) return runs;
  return [...runs, summary].slice(-cap);
}

/** The run the panel stays on while its baseline is measured: until the user starts another run. */
export interface Pin {
  subject: RunSummary;
  /** Session.userRuns when the baseline was asked for. */
  userRuns: number;
}

export function pinnedSubject(pin: Pin | null, userRuns: number): RunSummary | null {
  return pin && pin.userRuns === userRuns ? pin.subject : null;
}

/** Anything with the time a task spent in a state (a TaskTrack). */
export interface StateTimes {
  timeIn(state: 'running' | 'waiting', a: number, b: number): number;
}

/** Of the time the tasks were running or waiting to run, the share spent waiting; null if neither. */
export function waitingShare(tracks: readonly StateTimes[], endMs: number): number | null {
  let waiting = 0;
  let running = 0;
  for (const track of tracks) {
    waiting += track.timeIn('waiting', 0, endMs);
    running += track.timeIn('running', 0, endMs);
  }
  return waiting + running > 0 ? waiting / (waiting + running) : null;
}

/** What the tasks waited for, in words, by executor and workload. */
function waitedFor(executor: ExecutorId, workload: WorkloadId): string {
  if (executor === 'python-threads') return 'for the GIL';
  if (workload === 'amdahl') return 'for the lock or each other';
  if (executor === 'gil-threads') return 'for the lock';
  return 'for a lock';
}

/** "Waiting for the GIL: 48 % of the time" (of the tasks' running or waiting), or null below 1 %. */
export function waitingLine(executor: ExecutorId, workload: WorkloadId, share: number | null): string | null {
  if (share === null || share < 0.01) return null;
  return `Waiting ${waitedFor(executor, workload)}: ${Math.round(share * 100)} % of the time`;
}
