// The playhead's rules as pure functions: where it is (following the record's head, or pinned at
// a time), whether it plays and how fast, and every move (play, pause, seek, step to the
// previous/next event or print, start, end, back to live). Runs in the renderer; pure, so every rule
// is unit-tested against hand-built records; playhead.svelte.ts keeps the state and the frames.

import { nextEventAfter, nextPrintAfter, prevEventBefore, prevPrintBefore, type RecordLike } from './record-at';

/** Replay speeds offered, × real time (0.25× on the seed lesson makes each 1 s sleep last 4 s). */
export const REPLAY_SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4] as const;
export const MIN_SPEED = 0.1;
export const MAX_SPEED = 4;
/** A frame longer than this (a hidden tab, a debugger) moves the playhead no further than this. */
export const MAX_FRAME_STEP_MS = 100;

export interface PlayheadState {
  /** Following the record's head (live: the newest moment; after a run: its end). */
  live: boolean;
  /** Where the playhead stands when not live, ms since the run's start. */
  pinnedMs: number;
  /** Moving through the record by itself (not live). */
  playing: boolean;
  /** Replay speed, × real time. */
  speed: number;
  /** Bumped on every move other than playing forward: drawers start their picture afresh. */
  jumps: number;
}

/** Where the record stands: its head (ms) and whether it has ended (nothing more will come). */
export interface RecordHead {
  headMs: number;
  ended: boolean;
}

export function initialPlayhead(speed = 1): PlayheadState {
  return { live: true, pinnedMs: 0, playing: false, speed, jumps: 0 };
}

/** The playhead's time, ms. */
export function playheadMs(state: PlayheadState, head: RecordHead): number {
  return state.live ? head.headMs : Math.min(state.pinnedMs, head.headMs);
}

/** Whether the picture moves by itself: replaying, or live while the run goes on. */
export function moving(state: PlayheadState, head: RecordHead): boolean {
  return state.playing || (state.live && !head.ended);
}

/** How far behind the live head a paused or replaying view is, ms (0 when live or after the run). */
export function behindLiveMs(state: PlayheadState, head: RecordHead): number {
  return state.live || head.ended ? 0 : Math.max(0, head.headMs - state.pinnedMs);
}

export function clampSpeed(speed: number): number {
  return Number.isFinite(speed) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) : 1;
}

/** Pins the playhead at `ms` (within the record), keeping whether it plays. */
export function seek(state: PlayheadState, head: RecordHead, ms: number): PlayheadState {
  const at = Math.min(Math.max(0, Number.isFinite(ms) ? ms : 0), head.headMs);
  return { ...state, live: false, pinnedMs: at, jumps: state.jumps + 1 };
}

export function pause(state: PlayheadState, head: RecordHead): PlayheadState {
  if (state.live) return { ...state, live: false, playing: false, pinnedMs: head.headMs, jumps: state.jumps + 1 };
  return { ...state, playing: false };
}

/** Plays from where it stands; from the end of a finished run, from its start. */
export function play(state: PlayheadState, head: RecordHead): PlayheadState {
  if (state.live && !head.ended) return state;
  const at = playheadMs(state, head);
  const from = head.ended && at >= head.headMs ? 0 : at;
  return { ...state, live: false, playing: true, pinnedMs: from, jumps: state.jumps + 1 };
}

export function togglePlay(state: PlayheadState, head: RecordHead): PlayheadState {
  return moving(state, head) ? pause(state, head) : play(state, head);
}

export function backToLive(state: PlayheadState): PlayheadState {
  return { ...state, live: true, playing: false, jumps: state.jumps + 1 };
}

/** The record's end (after a run), or the live head (during one). */
export function toEnd(state: PlayheadState, head: RecordHead): PlayheadState {
  return head.ended ? { ...seek(state, head, head.headMs), playing: false } : backToLive(state);
}

export function toStart(state: PlayheadState, head: RecordHead): PlayheadState {
  return { ...seek(state, head, 0), playing: false };
}

/** To the next (+1) or previous (-1) moment anything happened; stops playing. */
export function stepEvent(state: PlayheadState, head: RecordHead, record: RecordLike, dir: 1 | -1): PlayheadState {
  const at = playheadMs(state, head);
  const to = dir > 0 ? (nextEventAfter(record, at) ?? head.headMs) : prevEventBefore(record, at);
  return { ...seek(state, head, to), playing: false };
}

/** To the next (+1) or previous (-1) printed line (none: the end, or the start); stops playing. */
export function stepPrint(state: PlayheadState, head: RecordHead, record: RecordLike, dir: 1 | -1): PlayheadState {
  const at = playheadMs(state, head);
  const to = dir > 0 ? (nextPrintAfter(record, at) ?? head.headMs) : (prevPrintBefore(record, at) ?? 0);
  return { ...seek(state, head, to), playing: false };
}

/**
 * One frame of replay, `elapsedMs` of real time later: moves `speed` times as far. Reaching the
 * end of a finished run stops there; reaching the head of a live one goes live.
 */
export function advance(state: PlayheadState, head: RecordHead, elapsedMs: number): PlayheadState {
  if (!state.playing || state.live) return state;
  const step = Math.min(MAX_FRAME_STEP_MS, Math.max(0, elapsedMs)) * state.speed;
  const next = state.pinnedMs + step;
  if (next < head.headMs) return { ...state, pinnedMs: next };
  if (head.ended) return { ...state, pinnedMs: head.headMs, playing: false };
  return { ...state, live: true, playing: false };
}
