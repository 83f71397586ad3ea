// Small statistics for the benchmark: percentiles, medians, a least-squares slope, and the one
// JSON line each goal prints. Runs in Node (the bench harness); pure.

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least p % of the values at or below it.
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Slope of y over x by least squares; null with fewer than two distinct x. */
export function slope(points: readonly { x: number; y: number }[]): number | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((sum, p) => sum + p.x, 0) / n;
  const my = points.reduce((sum, p) => sum + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

/** Frame statistics from rAF timestamps (ms). */
export interface FrameStats {
  fps: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  /** Share of frame intervals longer than 25 ms (a missed frame at 60 Hz), percent. */
  over25Pct: number | null;
  frames: number;
}

export function frameStats(timestamps: readonly number[]): FrameStats {
  const deltas = timestamps.slice(1).map((t, i) => t - timestamps[i]!);
  const span = timestamps.length > 1 ? timestamps.at(-1)! - timestamps[0]! : 0;
  return {
    fps: span > 0 ? round((deltas.length / span) * 1000, 1) : null,
    p50Ms: roundOrNull(percentile(deltas, 50), 1),
    p95Ms: roundOrNull(percentile(deltas, 95), 1),
    p99Ms: roundOrNull(percentile(deltas, 99), 1),
    maxMs: roundOrNull(deltas.length ? Math.max(...deltas) : null, 1),
    over25Pct: deltas.length ? round((deltas.filter((d) => d > 25).length / deltas.length) * 100, 1) : null,
    frames: deltas.length,
  };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

export function roundOrNull(value: number | null, digits: number): number | null {
  return value === null || !Number.isFinite(value) ? null : round(value, digits);
}

/** value / baseline, rounded; null when either is missing or the baseline is zero. */
export function ratio(value: number | null, baseline: number | null): number | null {
  if (value === null || baseline === null || baseline === 0) return null;
  return round(value / baseline, 2);
}

type Scalar = number | null;
export type Figure = Scalar | Record<string, Scalar>;

/** One goal's line, printed to stdout exactly in this key order. */
export interface GoalLine {
  goal: string;
  value: Figure;
  unit: string;
  baseline: Figure;
  ratio: Figure;
  target: string;
  met: boolean;
  /**
   * The verdict for a value and its baseline (not printed): how `combine` judges the medians of
   * several measurements. A line without it keeps its own verdict (it is measured once, or
   * repeats inside its own measurement and reports medians already).
   */
  judge?: (value: Figure, baseline: Figure) => boolean;
}

function medianFigure(figures: readonly Figure[]): Figure {
  const present = figures.filter((figure) => figure !== null);
  const first = present[0];
  if (first === undefined) return null;
  if (typeof first === 'number') {
    const numbers = present.filter((figure): figure is number => typeof figure === 'number');
    return median(numbers);
  }
  const keys = Object.keys(first);
  return Object.fromEntries(
    keys.map((key) => {
      const values = present
        .map((figure) => (typeof figure === 'object' && figure !== null ? figure[key] : null))
        .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
      return [key, values.length > 0 ? median(values) : null];
    }),
  );
}

function ratioFigure(value: Figure, baseline: Figure): Figure {
  if (typeof value === 'number' || value === null) return typeof baseline === 'number' ? ratio(value, baseline) : null;
  return Object.fromEntries(
    Object.entries(value).map(([key, each]) => {
      const base = typeof baseline === 'object' && baseline !== null ? (baseline[key] ?? null) : null;
      return [key, ratio(each, base)];
    }),
  );
}

/**
 * One goal measured several times, as one line: the median of every figure (value and baseline,
 * key by key; failed measurements left out) and the verdict its `judge` gives those medians, so
 * one noisy moment cannot decide it. Lines without a judge must be alone (a single measurement).
 */
export function combine(lines: readonly GoalLine[]): GoalLine {
  const first = lines[0];
  if (!first) throw new Error('combine: no measurements');
  const { judge } = first;
  if (!judge) {
    if (lines.length > 1) throw new Error(`combine: ${first.goal} was measured ${lines.length} times but has no judge`);
    return first;
  }
  const measured = lines.filter((line) => line.value !== null);
  if (measured.length === 0) return { ...first, met: false };
  const value = medianFigure(measured.map((line) => line.value));
  const baseline = medianFigure(measured.map((line) => line.baseline));
  return { ...first, value, baseline, ratio: ratioFigure(value, baseline), met: judge(value, baseline) };
}

/** A figure's number at `key` (or the figure itself), for judges. */
export function figureAt(figure: Figure, key?: string): number | null {
  if (key === undefined) return typeof figure === 'number' ? figure : null;
  return typeof figure === 'object' && figure !== null ? (figure[key] ?? null) : null;
}

export function goalLine(line: GoalLine): string {
  const { goal, value, unit, baseline, ratio: r, target, met } = line;
  return JSON.stringify({ goal, value, unit, baseline, ratio: r, target, met });
}
