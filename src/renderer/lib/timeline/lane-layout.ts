// Where each lane and each section heading sits, in CSS pixels: one layout shared by the
// canvas (segments) and the HTML overlay (labels), so they line up by construction.
// Runs in the renderer; pure.

import { laneSections, type LaneGroup } from './lane-groups';

// Sizes in rem (1 rem = the page's base font size), so the lanes scale with the type.
/** A heading line: one line of text at the base size. */
export const HEADER_REM = 1.6;
/** Lanes never get taller than this (one task should not become a wall of colour). */
export const MAX_LANE_REM = 4.4;
/** Lanes at least this tall keep one heading per unit; shorter ones merge headings. */
export const MIN_SECTIONED_LANE_REM = 1.9;
/** A lane's own label needs this much height; shorter lanes label every k-th. */
export const LABEL_LANE_REM = 1.2;
/** The thinnest lane: its colour still shows (patterns need more, labels far more). */
export const MIN_LANE_PX = 2;
const GAP_PX = 4;

export interface LaneRow {
  task: number;
  y: number;
  h: number;
  /** Whether this lane's "task N" label fits (else every k-th lane is labelled). */
  labelled: boolean;
}

export interface HeaderRow {
  label: string;
  y: number;
  h: number;
}

export interface LaneLayout {
  rows: LaneRow[];
  headers: HeaderRow[];
  laneHeight: number;
  /** Total height used. */
  height: number;
}

export function layoutLanes(groups: readonly LaneGroup[], height: number, remPx = 18): LaneLayout {
  const lanes = groups.reduce((sum, group) => sum + group.tasks.length, 0);
  if (lanes === 0) return { rows: [], headers: [], laneHeight: 0, height: 0 };
  const headerPx = Math.round(HEADER_REM * remPx);
  const laneHeightFor = (headers: number, gap: number): number => {
    const free = height - headers * headerPx - (lanes - 1) * gap;
    return Math.min(Math.round(MAX_LANE_REM * remPx), Math.floor(free / lanes));
  };
  let sections = laneSections(groups, false);
  let gap = GAP_PX;
  let laneHeight = laneHeightFor(sections.length, gap);
  if (laneHeight < MIN_SECTIONED_LANE_REM * remPx && sections.length > 1) {
    sections = laneSections(groups, true);
    laneHeight = laneHeightFor(sections.length, gap);
  }
  // Thin lanes need thin gaps, or the gaps would outweigh the lanes; the thinnest need none.
  if (laneHeight < 3 * GAP_PX) {
    gap = 1;
    laneHeight = laneHeightFor(sections.length, gap);
  }
  if (laneHeight < 4) {
    gap = 0;
    laneHeight = laneHeightFor(sections.length, gap);
  }
  // Past this the lanes would overflow their panel (which clips them).
  laneHeight = Math.max(MIN_LANE_PX, laneHeight);
  // When lanes are too short to label each, label every k-th so labels never overlap.
  const labelPx = LABEL_LANE_REM * remPx;
  const every = laneHeight >= labelPx ? 1 : Math.ceil(labelPx / (laneHeight + gap));
  const rows: LaneRow[] = [];
  const headers: HeaderRow[] = [];
  let y = 0;
  let index = 0;
  for (const section of sections) {
    headers.push({ label: section.label, y, h: headerPx });
    y += headerPx;
    for (const task of section.tasks) {
      rows.push({ task, y, h: laneHeight, labelled: index % every === 0 });
      y += laneHeight + gap;
      index++;
    }
  }
  return { rows, headers, laneHeight, height: Math.max(0, y - gap) };
}
