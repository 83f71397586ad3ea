import { describe, expect, it } from 'vitest';
import { linearScale } from '../../../src/renderer/lib/timeline/linear-scale';
import { MAIN_TASK } from '../../../src/core/contract';
import { axisTicks } from '../../../src/renderer/lib/timeline/axis';
import {
  formatClock,
  formatCores,
  formatSeconds,
  formatTick,
  taskName,
  taskRange,
} from '../../../src/renderer/lib/format';

describe('format', () => {
  it('formats wall times', () => {
    expect(formatSeconds(2_046.4)).toBe('2.05 s');
    expect(formatSeconds(-5)).toBe('0.00 s');
    expect(formatClock(1_260)).toBe('1.3 s');
  });

  it('names tasks and ranges of tasks, 1-based', () => {
    expect(taskName(0)).toBe('task 1');
    expect(taskName(MAIN_TASK)).toBe('main');
    expect(taskRange([3, 0, 1, 2])).toBe('tasks 1–4');
    expect(taskRange([0, 2])).toBe('tasks 1, 3');
    expect(taskRange([4])).toBe('task 5');
  });

  it('labels axis ticks with just enough decimals', () => {
    expect(formatTick(0, 500)).toBe('0 s');
    expect(formatTick(1_500, 500)).toBe('1.5 s');
    expect(formatTick(2_000, 1_000)).toBe('2 s');
    expect(formatTick(250, 50)).toBe('0.25 s');
    expect(formatCores(1)).toBe('1.00 core');
    expect(formatCores(0.234)).toBe('0.23 cores');
  });

  it('takes ticks from the scale, one per few rem of width', () => {
    const ticks = axisTicks(linearScale([0, 3_000], [0, 900]), 900, 18);
    expect(ticks[0]).toEqual({ ms: 0, x: 0, label: '0 s' });
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.map((tick) => tick.label)).toContain('1.5 s');
  });
});
