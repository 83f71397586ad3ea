import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CAPTION_CARD_S,
  TITLE_CARD_S,
  frameContent,
  framePlan,
  frameTimestampS,
  type FrameTiming,
} from '../../../../src/renderer/lib/export/frame-timing';

const plain = (fps: number, speed: number): FrameTiming => ({ fps, speed, titleCard: false, captionCard: false });

describe('framePlan', () => {
  it('gives a 10.06 s run at 1× and 30 fps 302 frames, and four times as many at 0.25×', () => {
    expect(framePlan(10_060, plain(30, 1)).runFrames).toBe(302);
    expect(framePlan(10_060, plain(30, 0.5)).runFrames).toBe(604);
    expect(framePlan(10_060, plain(30, 0.25)).runFrames).toBe(1208);
    expect(framePlan(10_060, plain(60, 1)).runFrames).toBe(604);
  });

  it('ends a run that is a whole number of steps long on a frame of its own', () => {
    expect(framePlan(10_000, plain(30, 1)).runFrames).toBe(301);
    expect(framePlan(0, plain(30, 1)).runFrames).toBe(1);
  });

  it('adds the cards’ frames before and after the run', () => {
    const plan = framePlan(10_060, { fps: 60, speed: 1, titleCard: true, captionCard: true });
    expect(plan.titleFrames).toBe(TITLE_CARD_S * 60);
    expect(plan.captionFrames).toBe(CAPTION_CARD_S * 60);
    expect(plan.total).toBe(plan.titleFrames + 604 + plan.captionFrames);
  });

  it('shows the run’s moments in order, one step apart, the last at the run’s very end', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 15_000 }),
        fc.constantFrom(30, 60),
        fc.constantFrom(1, 0.5, 0.25),
        fc.boolean(),
        (duration, fps, speed, cards) => {
          const timing = { fps, speed, titleCard: cards, captionCard: cards };
          const plan = framePlan(duration, timing);
          const step = (1000 * speed) / fps;
          // The run's frames cover it: the video lasts the run's length at this speed, within a frame.
          expect(Math.abs((plan.runFrames * step) / speed - duration / speed)).toBeLessThanOrEqual(1000 / fps + 1e-6);
          const moments: number[] = [];
          for (let i = 0; i < plan.total; i++) {
            const content = frameContent(plan, timing, duration, i);
            if (i < plan.titleFrames) expect(content.kind).toBe('title');
            else if (i >= plan.titleFrames + plan.runFrames) expect(content.kind).toBe('caption');
            else if (content.kind === 'run') moments.push(content.runMs);
            else throw new Error(`frame ${i} should show the run`);
          }
          expect(moments).toHaveLength(plan.runFrames);
          // One frame only (a run shorter than a step) shows its end; otherwise the first shows its start.
          expect(moments[0]).toBe(moments.length > 1 ? 0 : duration);
          expect(moments.at(-1)).toBe(duration);
          const steps = moments.slice(1, -1).map((t, i) => t - moments[i]!);
          expect(steps.every((each) => Math.abs(each - step) < 1e-6)).toBe(true);
          expect(moments.every((t) => t >= 0 && t <= duration)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stamps frames at exact multiples of the frame’s length', () => {
    const plan = framePlan(10_060, plain(30, 1));
    expect(frameTimestampS(plan, 0)).toBe(0);
    expect(frameTimestampS(plan, 30)).toBeCloseTo(1, 12);
    expect(frameTimestampS(plan, plan.total - 1) + plan.frameS).toBeCloseTo(302 / 30, 9);
  });
});
