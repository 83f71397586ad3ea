import { describe, expect, it } from 'vitest';
import { LiveClock, MAX_EXTRAPOLATE_MS } from '../../../../src/renderer/lib/record/live-clock';

describe('LiveClock', () => {
  it('carries the newest engine time forward by renderer time, up to a limit', () => {
    const clock = new LiveClock();
    clock.observe(1_000, 50);
    expect(clock.now(50)).toBe(1_000);
    expect(clock.now(90)).toBe(1_040);
    expect(clock.now(10_000)).toBe(1_000 + MAX_EXTRAPOLATE_MS);
  });

  it('never runs backwards, even when the engine catches up below what was shown', () => {
    const clock = new LiveClock();
    clock.observe(1_000, 0);
    expect(clock.now(200)).toBe(1_200);
    clock.observe(1_100, 201);
    expect(clock.now(202)).toBe(1_200);
    expect(clock.engine).toBe(1_100);
  });

  it('ignores older engine times and resets for a new run', () => {
    const clock = new LiveClock();
    clock.observe(500, 0);
    clock.observe(400, 10);
    expect(clock.engine).toBe(500);
    clock.reset();
    expect(clock.now(0)).toBe(0);
  });
});
