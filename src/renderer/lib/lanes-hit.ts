// Finds the print mark under the pointer (or next to the keyboard focus) on the lanes canvas,
// for its tooltip. Runs in the renderer; pure.

import type { LaneLayout } from './lane-layout';
import type { PrintMark, TaskTrack } from './task-track';

export interface MarkHit {
  task: number;
  mark: PrintMark;
  /** Where the mark is drawn, CSS px within the canvas. */
  x: number;
  /** Top and height of the mark's lane. */
  y: number;
  h: number;
}

/** Pointer slack: a 2 px tick is hard to hit on a projector remote or a touchpad. */
export const HIT_RADIUS_PX = 8;

/** The nearest print mark within `radius` px of (px, py), in the lane under the pointer. */
export function markAt(
  layout: LaneLayout,
  tracks: readonly TaskTrack[],
  x: (ms: number) => number,
  px: number,
  py: number,
  radius = HIT_RADIUS_PX,
): MarkHit | null {
  const row = layout.rows.find((candidate) => py >= candidate.y && py < candidate.y + candidate.h);
  const track = row ? tracks[row.task] : undefined;
  if (!row || !track) return null;
  let best: MarkHit | null = null;
  let bestDistance = radius;
  for (const mark of track.prints) {
    const distance = Math.abs(x(mark.t) - px);
    if (distance <= bestDistance) {
      bestDistance = distance;
      best = { task: row.task, mark, x: x(mark.t), y: row.y, h: row.h };
    }
  }
  return best;
}

/** Every mark in time order (ties by task), for stepping through them with the arrow keys. */
export function marksInOrder(tracks: readonly TaskTrack[]): { task: number; mark: PrintMark }[] {
  return tracks
    .flatMap((track) => track.prints.map((mark) => ({ task: track.task, mark })))
    .sort((a, b) => a.mark.t - b.mark.t || a.task - b.task);
}
