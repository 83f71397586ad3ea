// Turns a step series into an SVG path for the concurrency-vs-parallelism chart, with at most
// two points per pixel column however long the run: each column shows its time-weighted mean.
// A mean, not a min/max band: the hand-offs of a GIL every 5 ms, or one task ending a microsecond
// before the next starts, must not paint spikes to zero. A step that spans whole columns is drawn
// exactly (to the pixel). Runs in the renderer; pure, linear in the steps and columns in view.

import { areaUntil, type StepSeries } from '../../../core/parallelism';

export interface CurveView {
  /** Time at the left and right edges, ms. */
  t0: number;
  t1: number;
  /** Plot size in CSS pixels. */
  width: number;
  height: number;
  /** The value drawn at the top edge. */
  yMax: number;
}

/**
 * The curve as [t, value, t, value, …] between t0 and t1, each of `columns` columns at its mean
 * (an open series lasts until `liveEnd`; 0 before the first step), and nothing after `untilMs`
 * (the playhead). At most 2 × columns points, O(columns × log steps): a long run costs no more
 * to draw than a short one.
 */
export function stepPoints(
  series: StepSeries,
  t0: number,
  t1: number,
  columns: number,
  liveEnd = t1,
  untilMs = Infinity,
): number[] {
  const a = Math.max(t0, 0);
  const b = Math.min(t1, series.end ?? liveEnd, untilMs);
  if (!(b > a) || columns < 1) return [];
  const out: number[] = [];
  const push = (t: number, value: number): void => {
    const n = out.length;
    // A flat run of points needs only its ends: extend the previous segment instead.
    if (n >= 4 && out[n - 1] === value && out[n - 3] === value) out[n - 2] = t;
    else out.push(t, value);
  };
  const span = (t1 - t0) / columns;
  let before = areaUntil(series, a, liveEnd);
  for (let column = Math.max(0, Math.floor((a - t0) / span)); column < columns; column++) {
    const from = Math.max(a, t0 + column * span);
    const to = Math.min(b, t0 + (column + 1) * span);
    if (from >= b) break;
    if (to <= from) continue;
    const after = areaUntil(series, to, liveEnd);
    // Rounded to a millionth of a core: float noise must not split a flat run into columns.
    const mean = Math.round(((after - before) / (to - from)) * 1e6) / 1e6;
    before = after;
    push(from, mean);
    push(to, mean);
  }
  return out;
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** Maps [t, value] points to "M x y L x y …" in the view's pixels. */
export function linePath(points: readonly number[], view: CurveView): string {
  if (points.length < 2) return '';
  const x = (t: number): number => round(((t - view.t0) / (view.t1 - view.t0)) * view.width);
  const y = (value: number): number => round(view.height - (value / view.yMax) * view.height);
  let d = `M${x(points[0]!)} ${y(points[1]!)}`;
  for (let i = 2; i < points.length; i += 2) d += `L${x(points[i]!)} ${y(points[i + 1]!)}`;
  return d;
}

/** The same line closed down to zero: the filled area under a curve. */
export function areaPath(points: readonly number[], view: CurveView): string {
  const line = linePath(points, view);
  if (!line) return '';
  const x = (t: number): number => round(((t - view.t0) / (view.t1 - view.t0)) * view.width);
  return `${line}L${x(points[points.length - 2]!)} ${view.height}L${x(points[0]!)} ${view.height}Z`;
}
