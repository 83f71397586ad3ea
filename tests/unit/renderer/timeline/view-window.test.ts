import { describe, expect, it } from 'vitest';
import {
  FOLLOW_LEAD,
  MIN_SPAN_MS,
  advanced,
  fitted,
  following,
  panned,
  revealed,
  zoomed,
} from '../../../../src/renderer/lib/timeline/view-window';

describe('the time window', () => {
  it('zooms around the anchor: the time under the pointer stays where it was', () => {
    const view = fitted(10_000);
    const next = zoomed(view, 2_500, 0.5, 10_000);
    expect(next.end - next.start).toBe(5_000);
    // 2.5 s was a quarter of the way across, and still is.
    expect((2_500 - next.start) / (next.end - next.start)).toBeCloseTo(0.25);
    expect(next).toMatchObject({ fitted: false, following: false });
  });

  it('never zooms past a millisecond, nor outside the run; zooming out to the run fits it', () => {
    let view = fitted(10_000);
    for (let i = 0; i < 40; i++) view = zoomed(view, 9_999, 0.5, 10_000);
    expect(view.end - view.start).toBeCloseTo(MIN_SPAN_MS);
    expect(view.end).toBeLessThanOrEqual(10_000 + 1e-9);
    expect(zoomed(zoomed(fitted(10_000), 0, 0.5, 10_000), 0, 2, 10_000)).toEqual(fitted(10_000));
  });

  it('pans within the run', () => {
    const view = zoomed(fitted(10_000), 5_000, 0.2, 10_000);
    expect(panned(view, -50_000, 10_000).start).toBe(0);
    const right = panned(view, 50_000, 10_000);
    expect(right.end).toBe(10_000);
    expect(right.end - right.start).toBeCloseTo(2_000);
    expect(panned(fitted(10_000), 500, 10_000)).toEqual(fitted(10_000));
  });

  it('follows a live head at the same zoom, keeping it just inside the right edge', () => {
    const view = following({ start: 100, end: 1_100, fitted: false, following: false }, 5_000);
    expect(view.end).toBeCloseTo(5_000 + 1_000 * FOLLOW_LEAD);
    expect(view.end - view.start).toBeCloseTo(1_000);
    const later = advanced(view, 10_000, 6_000, true);
    expect(later.end).toBeCloseTo(6_000 + 1_000 * FOLLOW_LEAD);
    // The run ends: the window stays where it is and stops following.
    expect(advanced(later, 10_000, 6_000, false)).toMatchObject({ start: later.start, following: false });
  });

  it('keeps a fitted window on the whole run as the axis extends; a free one stays put', () => {
    expect(advanced(fitted(3_000), 5_000, 2_900, true)).toEqual(fitted(5_000));
    const free = { start: 100, end: 600, fitted: false, following: false };
    expect(advanced(free, 5_000, 4_000, true)).toBe(free);
  });

  it('reveals a moment off screen by centring on it, and leaves an on-screen one alone', () => {
    const view = { start: 1_000, end: 2_000, fitted: false, following: true };
    expect(revealed(view, 1_500, 10_000)).toBe(view);
    const moved = revealed(view, 6_000, 10_000);
    expect(moved).toMatchObject({ start: 5_500, end: 6_500, following: false });
    expect(revealed(view, 0, 10_000).start).toBe(0);
  });
});
