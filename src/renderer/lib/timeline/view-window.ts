// The visible time window as pure functions: fit the run, zoom around a point, pan, follow a live
// head, reveal a moment. Fitted (the whole run; the axis extends in steps while live), following
// zoomed in (the right edge stays just past now), or free. Runs in the renderer; pure, so
// viewport.svelte.ts only stores the result.

export interface ViewWindow {
  /** ms since the run's start at the left and right edges. */
  start: number;
  end: number;
  /** The whole run is shown (and, while live, keeps being shown as it grows). */
  fitted: boolean;
  /** Zoomed in and sliding with a live run's head. */
  following: boolean;
}

/** Narrowest window: a millisecond still separates a 5 ms lock hand-off into readable pieces. */
export const MIN_SPAN_MS = 1;
/** While following zoomed in, this share of the window stays after the head (the edge line shows). */
export const FOLLOW_LEAD = 0.04;
/** A zoom that reaches this share of the whole run snaps to fitting it (no sliver of difference). */
const FIT_SNAP = 0.98;

export function fitted(domainEnd: number): ViewWindow {
  return { start: 0, end: domainEnd, fitted: true, following: false };
}

function clampStart(start: number, span: number, domainEnd: number): number {
  return Math.min(Math.max(0, start), Math.max(0, domainEnd - span));
}

/** Zooms by `factor` (< 1 in, > 1 out) keeping the time under `anchorMs` where it is. */
export function zoomed(view: ViewWindow, anchorMs: number, factor: number, domainEnd: number): ViewWindow {
  const span = view.end - view.start;
  if (!(factor > 0) || !(span > 0)) return view;
  const next = Math.max(MIN_SPAN_MS, span * factor);
  if (next >= domainEnd * FIT_SNAP) return fitted(domainEnd);
  const anchor = Math.min(Math.max(anchorMs, view.start), view.end);
  const start = clampStart(anchor - (anchor - view.start) * (next / span), next, domainEnd);
  return { start, end: start + next, fitted: false, following: false };
}

/** Moves the window by `deltaMs` (positive: later), within the run. */
export function panned(view: ViewWindow, deltaMs: number, domainEnd: number): ViewWindow {
  const span = view.end - view.start;
  if (view.fitted && span >= domainEnd) return view;
  const start = clampStart(view.start + deltaMs, span, domainEnd);
  return { start, end: start + span, fitted: false, following: false };
}

/** Keeps the same zoom and slides to the head: the window's right edge stays just after `liveMs`. */
export function following(view: ViewWindow, liveMs: number): ViewWindow {
  const span = view.end - view.start;
  const end = Math.max(span, liveMs + span * FOLLOW_LEAD);
  return { start: end - span, end, fitted: false, following: true };
}

/** The window unchanged if `ms` is in it, else centred on `ms` (and no longer following). */
export function revealed(view: ViewWindow, ms: number, domainEnd: number): ViewWindow {
  if (ms >= view.start && ms <= view.end) return view;
  const span = view.end - view.start;
  const start = clampStart(ms - span / 2, span, Math.max(domainEnd, ms + span / 2));
  return { start, end: start + span, fitted: false, following: false };
}

/** One frame's update: a fitted window tracks the axis end; a following one slides with the head. */
export function advanced(view: ViewWindow, domainEnd: number, liveMs: number, live: boolean): ViewWindow {
  if (view.fitted) return view.end === domainEnd && view.start === 0 ? view : fitted(domainEnd);
  if (view.following) return live ? following(view, liveMs) : { ...view, following: false };
  return view;
}

export function sameWindow(a: ViewWindow, b: ViewWindow): boolean {
  return a.start === b.start && a.end === b.end && a.fitted === b.fitted && a.following === b.following;
}
