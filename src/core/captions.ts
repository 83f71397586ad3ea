// Captions that say what a lesson's runs measured, not what they were supposed to show: each
// caption lists the checks it needs, and the first whose checks hold is shown, with its
// {run.metric} placeholders filled from the measurements. A caption that claims parallelism
// checks the machine has at least two cores; one that blames other work checks that other work
// was measured. Runs anywhere (engine and renderer).

import { amdahlSpeedup } from './amdahl';

/** What each finished run of a lesson measured. */
export interface RunMeasure {
  /** The lesson run's id (e.g. "threads"). */
  id: string;
  wallMs: number;
  cpuMs: number | null;
  /** Mean time from a task being created to it first running, ms (thread/process start-up). */
  startupMs: number | null;
  /** Wall time of the lesson's baseline run divided by this run's (null for the baseline itself). */
  speedup: number | null;
  tasks: number;
  /**
   * Cores' worth of CPU other work used while the run ran, on average: all the cores' measured
   * busy and stolen time, less the run's own tasks and Lanes itself. null where not measured.
   */
  otherCores: number | null;
}

export interface LessonMeasure {
  cores: number;
  runs: RunMeasure[];
}

export type Metric = 'wall' | 'cpu' | 'speedup' | 'startup' | 'parallelism' | 'other';

/** A check of one run's measurement. */
export interface RunCheck {
  run: string;
  metric: Metric;
  op: '>=' | '<';
  /**
   * A number, a multiple of the core count ({ coresTimes: 1 }: the cores), or a multiple of
   * Amdahl's limit on those cores ({ amdahlTimes: 1 }: the best speedup of the amdahl workload).
   */
  value: number | { coresTimes: number } | { amdahlTimes: number };
}

/**
 * A check of the machine the lesson ran on: its logical cores, or the most other work measured
 * during any of its runs (cores' worth; a lesson with no such measurement fails the check).
 */
export interface MachineCheck {
  machine: 'cores' | 'other';
  op: '>=' | '<';
  value: number;
}

export type Check = RunCheck | MachineCheck;

export interface Caption {
  /** All must hold; a caption without checks always applies (put it last, as the fallback). */
  checks?: Check[];
  text: string;
}

function metricValue(run: RunMeasure, metric: Metric): number | null {
  switch (metric) {
    case 'wall':
      return run.wallMs;
    case 'cpu':
      return run.cpuMs;
    case 'speedup':
      return run.speedup;
    case 'startup':
      return run.startupMs;
    case 'parallelism':
      return run.cpuMs === null || run.wallMs <= 0 ? null : run.cpuMs / run.wallMs;
    case 'other':
      return run.otherCores;
  }
}

/** The most other work measured during any of the lesson's runs, cores' worth; null if none was. */
function mostOtherWork(measure: LessonMeasure): number | null {
  const measured = measure.runs.flatMap((run) => (run.otherCores === null ? [] : [run.otherCores]));
  return measured.length > 0 ? Math.max(...measured) : null;
}

function format(metric: Metric, value: number): string {
  switch (metric) {
    case 'wall':
    case 'cpu':
      return `${(value / 1000).toFixed(2)} s`;
    case 'startup':
      return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
    case 'speedup':
      return `${value.toFixed(2)}×`;
    case 'parallelism':
      return value.toFixed(2);
    case 'other':
      return `${value.toFixed(2)} of a core`;
  }
}

const METRICS: readonly Metric[] = ['wall', 'cpu', 'speedup', 'startup', 'parallelism', 'other'];

const compare = (value: number, op: Check['op'], bound: number): boolean =>
  op === '>=' ? value >= bound : value < bound;

function holds(check: Check, measure: LessonMeasure): boolean {
  if ('machine' in check) {
    const value = check.machine === 'cores' ? measure.cores : mostOtherWork(measure);
    return value !== null && compare(value, check.op, check.value);
  }
  const run = measure.runs.find((r) => r.id === check.run);
  const value = run ? metricValue(run, check.metric) : null;
  if (value === null) return false;
  const bound =
    typeof check.value === 'number'
      ? check.value
      : 'coresTimes' in check.value
        ? check.value.coresTimes * measure.cores
        : check.value.amdahlTimes * amdahlSpeedup(measure.cores);
  return compare(value, check.op, bound);
}

/**
 * Fills {cores}, {amdahl} (Amdahl's limit on those cores: the amdahl workload's best speedup),
 * {other} (the most other work measured during the runs) and {run.metric} placeholders; a value
 * that was not measured reads "not measured".
 */
export function fillTemplate(text: string, measure: LessonMeasure): string {
  return text.replace(/\{([\w-]+)(?:\.(\w+))?\}/g, (whole, name: string, metric?: string) => {
    if (name === 'cores' && metric === undefined) return String(measure.cores);
    if (name === 'amdahl' && metric === undefined) return format('speedup', amdahlSpeedup(measure.cores));
    if (name === 'other' && metric === undefined) {
      const other = mostOtherWork(measure);
      return other === null ? 'not measured' : format('other', other);
    }
    const run = measure.runs.find((r) => r.id === name);
    if (!run || !metric || !METRICS.includes(metric as Metric)) return whole;
    const value = metricValue(run, metric as Metric);
    return value === null ? 'not measured' : format(metric as Metric, value);
  });
}

/** The first caption whose checks all hold, filled in; null when none applies. */
export function chooseCaption(captions: readonly Caption[], measure: LessonMeasure): string | null {
  const caption = captions.find((c) => (c.checks ?? []).every((check) => holds(check, measure)));
  return caption ? fillTemplate(caption.text, measure) : null;
}
