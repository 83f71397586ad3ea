// Level of detail for a task lane, like Perfetto's: the lane is walked one device-pixel column at
// a time; an interval covering whole columns becomes one run, and a column holding several
// intervals takes the state that filled most of it (exactly for a few, by sampling for many), so
// an hour of 5 ms lock hand-offs costs at most one rectangle per pixel. Runs in the renderer; pure.

import { TASK_STATES, type TaskState } from '../../../core/contract';
import { INFERRED_CODES_FROM, type TaskTrack } from '../record/task-track';

const CODES = new Map<TaskState, number>(TASK_STATES.map((state, code) => [state, code]));
/**
 * Draw codes of the states drawn as segments, lowest priority first (ties in a pixel go to the
 * later); each state's inferred variant just below the state as observed.
 */
export const DRAWN_CODES: readonly number[] = (['ready', 'sleeping', 'waiting', 'running'] as const).flatMap(
  (state) => [CODES.get(state)! + INFERRED_CODES_FROM, CODES.get(state)!],
);
const PRIORITY = new Int8Array(2 * TASK_STATES.length).fill(-1);
DRAWN_CODES.forEach((code, rank) => (PRIORITY[code] = rank));

/** A column with more intervals than this is judged by sampling instead of summing each. */
const EXACT_LIMIT = 8;
/** Sample points in a crowded column. */
const SAMPLES = 8;

/** Columns ↔ time for one drawing: column c spans [t0 + c / pxPerMs, t0 + (c + 1) / pxPerMs). */
export interface Columns {
  t0: number;
  /** Device pixels per millisecond. */
  pxPerMs: number;
}

export function columnTime(cols: Columns, c: number): number {
  return cols.t0 + c / cols.pxPerMs;
}

export function columnOf(cols: Columns, ms: number): number {
  return Math.floor((ms - cols.t0) * cols.pxPerMs);
}

/** Receives runs of columns [c0, c1) in one state code. */
export type EmitRun = (code: number, c0: number, c1: number) => void;

const weights = new Float64Array(2 * TASK_STATES.length);

function best(): number {
  let code = -1;
  for (let k = 0; k < weights.length; k++) {
    if (PRIORITY[k]! < 0 || weights[k]! <= 0) continue;
    if (code < 0 || weights[k]! > weights[code]! || (weights[k] === weights[code] && PRIORITY[k]! > PRIORITY[code]!))
      code = k;
  }
  return code;
}

/**
 * Walks columns [c0, c1) of one task's lane, with intervals cut at `limitMs` (an open interval
 * reaches it), and emits runs of equal state; adjacent runs of one state are merged.
 */
export function walkLane(
  track: TaskTrack,
  cols: Columns,
  c0: number,
  c1: number,
  limitMs: number,
  emit: EmitRun,
): void {
  const n = track.count;
  if (n === 0 || c0 >= c1) return;
  let runCode = -1;
  let runFrom = 0;
  let runTo = 0;
  const put = (code: number, a: number, b: number): void => {
    if (code === runCode && a === runTo) {
      runTo = b;
      return;
    }
    if (runCode >= 0) emit(runCode, runFrom, runTo);
    runCode = code;
    runFrom = a;
    runTo = b;
  };
  const endOf = (i: number): number => Math.min(track.end(i) ?? limitMs, limitMs);
  let i = Math.max(0, track.indexAt(columnTime(cols, c0)));
  let c = c0;
  while (c < c1) {
    const tc = columnTime(cols, c);
    const tn = columnTime(cols, c + 1);
    while (i < n && (endOf(i) <= tc || PRIORITY[track.drawCode(i)]! < 0)) i++;
    if (i >= n) break;
    const s = track.start(i);
    if (s >= limitMs) break;
    if (s >= tn) {
      c = Math.max(c + 1, columnOf(cols, s));
      continue;
    }
    const e = endOf(i);
    if (s <= tc && e >= tn) {
      const to = Math.min(c1, Math.max(c + 1, columnOf(cols, e)));
      put(track.drawCode(i), c, to);
      c = to;
      continue;
    }
    put(mixedColumn(track, i, tc, tn, limitMs), c, c + 1);
    c++;
    // Skip the column's crowd by binary search rather than one interval at a time.
    i = Math.max(i, track.indexAt(tn));
  }
  if (runCode >= 0) emit(runCode, runFrom, runTo);
}

/** The state that filled most of [tc, tn), starting from interval i (the first overlapping it). */
function mixedColumn(track: TaskTrack, i: number, tc: number, tn: number, limitMs: number): number {
  weights.fill(0);
  const n = track.count;
  let j = i;
  for (; j < n && j < i + EXACT_LIMIT; j++) {
    const s = track.start(j);
    if (s >= tn || s >= limitMs) break;
    const e = Math.min(track.end(j) ?? limitMs, limitMs);
    const overlap = Math.min(e, tn) - Math.max(s, tc);
    if (overlap > 0) weights[track.drawCode(j)]! += overlap;
  }
  if (j < n && j === i + EXACT_LIMIT && track.start(j) < tn) {
    weights.fill(0);
    const step = (tn - tc) / SAMPLES;
    for (let k = 0; k < SAMPLES; k++) {
      const t = tc + (k + 0.5) * step;
      if (t >= limitMs) break;
      const at = track.indexAt(t);
      if (at >= 0 && (track.end(at) ?? limitMs) > t) weights[track.drawCode(at)]! += 1;
    }
  }
  return best();
}
