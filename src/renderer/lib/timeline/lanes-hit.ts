// What is under the pointer (or the keyboard focus) on the task lanes: a print mark or a state
// segment (end marks are segments too), how to step to the next one in time order, and the
// words its tooltip says. Runs in the renderer; pure, reads task tracks by binary search.

import type { LaneLayout, LaneRow } from './lane-layout';
import { STATE_STYLES } from '../palette';
import type { TaskTrack, TrackOf } from '../record/task-track';
import { formatAt, formatDuration } from './timeline-format';

export interface LaneItem {
  task: number;
  kind: 'segment' | 'print';
  /** Interval index (segment) or print index (print) in the task's track. */
  index: number;
}

/** Pointer slack: a 2 px tick is hard to hit on a projector remote or a touchpad. */
export const HIT_RADIUS_PX = 8;

export interface TimeScale {
  (ms: number): number;
  invert(px: number): number;
}

export function sameItem(a: LaneItem | null, b: LaneItem | null): boolean {
  return a === b || (a !== null && b !== null && a.task === b.task && a.kind === b.kind && a.index === b.index);
}

/** Whether the track (perhaps as it stood at the playhead: TaskTrack.at) has the item yet. */
export function holds(track: TaskTrack, item: LaneItem): boolean {
  return item.index >= 0 && item.index < (item.kind === 'print' ? track.printCount : track.count);
}

export function itemTime(track: TaskTrack, item: LaneItem): number {
  return item.kind === 'print' ? track.printT(item.index) : track.start(item.index);
}

/** The item at (px, py): the nearest print mark within `radius`, else the segment under px. */
export function itemAt(
  layout: LaneLayout,
  trackOf: TrackOf,
  x: TimeScale,
  px: number,
  py: number,
  liveMs: number,
  radius = HIT_RADIUS_PX,
): LaneItem | null {
  const row = layout.rows.find((candidate) => py >= candidate.y && py < candidate.y + candidate.h);
  const track = row ? trackOf(row.task) : undefined;
  if (!row || !track) return null;
  let best: LaneItem | null = null;
  let bestDistance = radius;
  for (let i = track.printIndexFrom(x.invert(px - radius)); i < track.printCount; i++) {
    const distance = Math.abs(x(track.printT(i)) - px);
    if (x(track.printT(i)) > px + radius) break;
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = { task: row.task, kind: 'print', index: i };
    }
  }
  if (best) return best;
  const terminal = track.ended ? track.count - 1 : -1;
  if (terminal >= 0 && Math.abs(x(track.start(terminal)) - px) <= radius) {
    return { task: row.task, kind: 'segment', index: terminal };
  }
  const t = x.invert(px);
  const i = track.indexAt(t);
  if (i < 0 || i === terminal) return null;
  const end = track.end(i) ?? liveMs;
  return t < end ? { task: row.task, kind: 'segment', index: i } : null;
}

/** The next (dir 1) or previous (dir -1) item in the same lane, in time order (segments first on ties). */
export function stepItem(track: TaskTrack, item: LaneItem, dir: 1 | -1): LaneItem | null {
  const t = itemTime(track, item);
  let segment: number;
  let print: number;
  if (dir > 0) {
    segment = item.kind === 'segment' ? item.index + 1 : track.indexAt(t) + 1;
    print = item.kind === 'print' ? item.index + 1 : track.printIndexFrom(t);
    const hasSegment = segment < track.count;
    const hasPrint = print < track.printCount;
    if (!hasSegment && !hasPrint) return null;
    const segmentFirst = hasSegment && (!hasPrint || track.start(segment) <= track.printT(print));
    return { task: track.task, kind: segmentFirst ? 'segment' : 'print', index: segmentFirst ? segment : print };
  }
  segment = item.kind === 'segment' ? item.index - 1 : track.indexAt(t);
  print = item.kind === 'print' ? item.index - 1 : track.printIndexFrom(t) - 1;
  const hasSegment = segment >= 0;
  const hasPrint = print >= 0;
  if (!hasSegment && !hasPrint) return null;
  const printLast = hasPrint && (!hasSegment || track.printT(print) >= track.start(segment));
  return { task: track.task, kind: printLast ? 'print' : 'segment', index: printLast ? print : segment };
}

/** The item of a lane at time `t` (for moving between lanes): the segment there, else the first after. */
export function itemNear(track: TaskTrack, t: number): LaneItem | null {
  const i = track.indexAt(t);
  if (i >= 0) return { task: track.task, kind: 'segment', index: i };
  if (track.count > 0) return { task: track.task, kind: 'segment', index: 0 };
  if (track.printCount > 0) return { task: track.task, kind: 'print', index: 0 };
  return null;
}

export function firstItem(track: TaskTrack): LaneItem | null {
  return itemNear(track, -Infinity);
}

export function lastItem(track: TaskTrack): LaneItem | null {
  const segment = track.count - 1;
  const print = track.printCount - 1;
  if (segment < 0 && print < 0) return null;
  if (print >= 0 && (segment < 0 || track.printT(print) >= track.start(segment)))
    return { task: track.task, kind: 'print', index: print };
  return { task: track.task, kind: 'segment', index: segment };
}

/** Left and right of the item as drawn, CSS px (a print is a narrow tick). */
export function itemSpan(track: TaskTrack, item: LaneItem, x: TimeScale, liveMs: number): [number, number] {
  if (item.kind === 'print') {
    const at = x(track.printT(item.index));
    return [at - 4, at + 4];
  }
  const start = track.start(item.index);
  const end = track.end(item.index) ?? liveMs;
  return end <= start ? [x(start) - 4, x(start) + 4] : [x(start), x(end)];
}

export interface ItemWords {
  title: string;
  lines: string[];
}

/** The tooltip's words: what the mark is, when, for how long, and its detail or text. */
export function describeItem(track: TaskTrack, item: LaneItem, taskName: string, liveMs: number): ItemWords {
  if (item.kind === 'print') {
    return {
      title: `${taskName} printed at ${formatAt(track.printT(item.index))}`,
      lines: [track.printText(item.index)],
    };
  }
  const state = track.state(item.index);
  const start = track.start(item.index);
  const end = track.end(item.index);
  const detail = track.detail(item.index);
  // A wait that says what it waits for (a join, the GIL, a call) is not the lock's.
  const label = state === 'waiting' && detail ? 'waiting' : STATE_STYLES[state].label;
  if (end === start && (state === 'done' || state === 'failed' || state === 'stopped')) {
    return { title: `${taskName} ${label} at ${formatAt(start)}`, lines: detail ? [detail] : [] };
  }
  const lines =
    end === null
      ? [`since ${formatAt(start)}, ${formatDuration(liveMs - start)} so far`]
      : [`${formatAt(start)} for ${formatDuration(end - start)}`];
  if (detail) lines.push(detail);
  if (track.inferred(item.index)) {
    lines.push('inferred: placed from the thread’s CPU clock between two of its calls, not seen as it happened');
  }
  return { title: `${taskName} · ${label}`, lines };
}

/**
 * Where a key moves the keyboard focus on the lanes: ← → the previous or next mark in the lane,
 * ↑ ↓ the lane above or below at the same time, Home and End the lane's first and last mark.
 * With nothing focused yet, the first lane's mark at `centre` is focused first. Returns
 * undefined for a key the lanes do not use.
 */
export function keyStep(
  key: string,
  focus: LaneItem | null,
  rows: readonly LaneRow[],
  trackOf: TrackOf,
  centre: number,
): LaneItem | null | undefined {
  if (!['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key)) return undefined;
  const first = rows[0] ? trackOf(rows[0].task) : undefined;
  const current = focus && trackOf(focus.task) ? focus : first ? itemNear(first, centre) : null;
  if (!current) return null;
  const track = trackOf(current.task)!;
  switch (key) {
    case 'ArrowRight':
    case 'ArrowLeft':
      return focus ? (stepItem(track, current, key === 'ArrowRight' ? 1 : -1) ?? current) : current;
    case 'ArrowUp':
    case 'ArrowDown': {
      const at = rows.findIndex((row) => row.task === current.task);
      const row = rows[Math.min(rows.length - 1, Math.max(0, at + (key === 'ArrowDown' ? 1 : -1)))]!;
      const other = trackOf(row.task);
      return (other ? itemNear(other, itemTime(track, current)) : null) ?? current;
    }
    case 'Home':
      return firstItem(track);
    default:
      return lastItem(track);
  }
}
