import { describe, expect, it } from 'vitest';
import {
  FrameScheduler,
  LIVE_FRAME_MS,
  YIELD_FRAME_MS,
  type FrameSource,
} from '../../../../src/renderer/lib/frame/frame';
import { shouldYield } from '../../../../src/renderer/lib/frame/yield';

describe('shouldYield', () => {
  it('yields once the cores are nearly all busy, and resumes only well below that', () => {
    expect(shouldYield(false, [90, 85])).toBe(true);
    expect(shouldYield(false, [100, 60])).toBe(false);
    expect(shouldYield(true, [80, 70])).toBe(true);
    expect(shouldYield(true, [60, 60])).toBe(false);
    expect(shouldYield(false, [])).toBe(false);
  });

  it('keeps drawing at full rate while the run sends a dense stream, however busy the cores', () => {
    expect(shouldYield(false, [100, 100], 20)).toBe(true);
    expect(shouldYield(false, [100, 100], 5_000)).toBe(false);
    expect(shouldYield(true, [100, 100], 5_000)).toBe(false);
  });
});

describe('FrameScheduler live interval', () => {
  /** A manual clock and frame source: frames and timers run only when the test says so. */
  function manual() {
    let clock = 0;
    let frame: ((now: number) => void) | null = null;
    const timers: { at: number; callback: () => void }[] = [];
    const source: FrameSource = {
      request: (callback) => {
        frame = callback;
        return 1;
      },
      after: (callback, ms) => void timers.push({ at: clock + ms, callback }),
      now: () => clock,
    };
    /** Advances time to `to`, firing due timers and frames (a 60 Hz display). */
    const run = (to: number): void => {
      for (; clock <= to; clock += 1000 / 60) {
        const due = timers.filter((t) => t.at <= clock);
        for (const timer of due) timers.splice(timers.indexOf(timer), 1);
        for (const timer of due) timer.callback();
        const next = frame;
        frame = null;
        next?.(clock);
      }
    };
    return { source, run };
  }

  it('runs live frames at the yield interval while yielding', () => {
    const { source, run } = manual();
    const scheduler = new FrameScheduler(source);
    let liveFrames = 0;
    scheduler.register(() => liveFrames++, { live: true });
    scheduler.setLive(true);
    run(1000);
    const normal = liveFrames;
    scheduler.setLiveInterval(YIELD_FRAME_MS);
    liveFrames = 0;
    run(2000);
    expect(normal).toBeGreaterThan(1000 / LIVE_FRAME_MS - 5);
    expect(liveFrames).toBeLessThanOrEqual(1000 / YIELD_FRAME_MS + 1);
    expect(liveFrames).toBeGreaterThanOrEqual(1000 / YIELD_FRAME_MS - 2);
  });
});
