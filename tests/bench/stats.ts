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
type Figure = Scalar | Record<string, Scalar>;

/** One goal's line, printed to stdout exactly in this key order. */
export interface GoalLine {
  goal: string;
  value: Figure;
  unit: string;
  baseline: Figure;
  ratio: Figure;
  target: string;
  met: boolean;
}

export function goalLine(line: GoalLine): string {
  const { goal, value, unit, baseline, ratio: r, target, met } = line;
  return JSON.stringify({ goal, value, unit, baseline, ratio: r, target, met });
}
