import { describe, expect, it } from 'vitest';
import { seriesOf } from '../../../../src/core/parallelism';
import { areaPath, linePath, stepPoints } from '../../../../src/renderer/lib/parallelism/curve-path';

const pairs = (points: number[]): [number, number][] =>
  Array.from({ length: points.length / 2 }, (_, i) => [points[2 * i]!, points[2 * i + 1]!]);

describe('stepPoints', () => {
  it('draws steps that span whole columns exactly, from zero before the first, to the live edge', () => {
    const series = seriesOf([
      [10, 1],
      [30, 3],
    ]);
    expect(pairs(stepPoints(series, 0, 100, 100, 50))).toEqual([
      [0, 0],
      [10, 0],
      [10, 1],
      [30, 1],
      [30, 3],
      [50, 3],
    ]);
  });

  it('stops at a closed series’ end', () => {
    const series = seriesOf(
      [
        [0, 1],
        [10, 3],
      ],
      20,
    );
    expect(pairs(stepPoints(series, 0, 100, 100))).toEqual([
      [0, 1],
      [10, 1],
      [10, 3],
      [20, 3],
    ]);
  });

  it('draws many steps as each column’s time-weighted mean, at most two points a column', () => {
    // A GIL-like hand-off: 1 for 4 ms, 0 for 1 ms, a thousand times over 5 s.
    const handOffs: [number, number][] = [];
    for (let ms = 0; ms < 5_000; ms += 5) handOffs.push([ms, 1], [ms + 4, 0]);
    const series = seriesOf(handOffs, 5_000);
    const points = stepPoints(series, 0, 5_000, 50);
    expect(points.length).toBeLessThanOrEqual(2 * 50);
    for (const [, mean] of pairs(points)) expect(mean).toBeCloseTo(0.8);
    expect(points[0]).toBe(0);
    expect(points[points.length - 2]).toBe(5_000);
  });

  it('shows only the part in view', () => {
    const series = seriesOf([
      [0, 1],
      [100, 2],
      [200, 1],
    ]);
    expect(pairs(stepPoints(series, 150, 250, 100, 300))).toEqual([
      [150, 2],
      [200, 2],
      [200, 1],
      [250, 1],
    ]);
    expect(stepPoints(series, 400, 500, 100, 300)).toEqual([]);
  });

  it('never draws a spike for a hand-off shorter than a column', () => {
    // Task 1 ends at 1000 ms, task 2 starts 0.01 ms later: the count dips to 0 for 10 µs.
    const series = seriesOf([
      [0, 1],
      [1_000, 0],
      [1_000.01, 1],
      [2_000, 0],
    ]);
    const values = pairs(stepPoints(series, 0, 2_000, 400, 2_000)).map(([, value]) => value);
    expect(Math.min(...values.slice(0, -1))).toBeGreaterThan(0.99);
  });
});

describe('paths', () => {
  it('maps points to pixels, value 0 at the bottom and yMax at the top', () => {
    const view = { t0: 0, t1: 100, width: 200, height: 50, yMax: 2 };
    expect(linePath([0, 0, 50, 0, 50, 2, 100, 2], view)).toBe('M0 50L100 50L100 0L200 0');
    expect(areaPath([0, 1, 100, 1], view)).toBe('M0 25L200 25L200 50L0 50Z');
    expect(linePath([], view)).toBe('');
  });
});

describe('a curve at the playhead', () => {
  it('stops at the playhead, even for a series that has ended', () => {
    const series = seriesOf(
      [
        [0, 2],
        [1_000, 0],
      ],
      2_000,
    );
    const all = stepPoints(series, 0, 2_000, 4);
    const cut = stepPoints(series, 0, 2_000, 4, 2_000, 500);
    expect(all.at(-2)).toBe(2_000);
    expect(cut.at(-2)).toBe(500);
    expect(cut.filter((_, i) => i % 2 === 1).every((value) => value === 2)).toBe(true);
  });
});
