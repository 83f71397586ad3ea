// The first screen's linear scale answers as d3-scale's scaleLinear does (values, inverses and
// ticks), checked against it over random domains and ranges.
import { scaleLinear } from 'd3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearScale } from '../../../../src/renderer/lib/timeline/linear-scale';

const finite = fc.double({ min: -1e7, max: 1e7, noNaN: true, noDefaultInfinity: true });
const close = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));

describe('linearScale', () => {
  it('maps, inverts and ticks as scaleLinear does', () => {
    fc.assert(
      fc.property(
        finite,
        finite,
        finite,
        finite,
        finite,
        fc.integer({ min: 1, max: 30 }),
        (d0, d1, r0, r1, v, count) => {
          // Spans too small for their magnitude make d3's own ticks fail, and ranges are pixels: no
          // view has a domain or a range narrower than that.
          fc.pre(Math.abs(d1 - d0) > 1e-6 * Math.max(1, Math.abs(d0), Math.abs(d1)) && Math.abs(r1 - r0) >= 1);
          const ours = linearScale([d0, d1], [r0, r1]);
          const d3 = scaleLinear().domain([d0, d1]).range([r0, r1]);
          close(ours(v), d3(v));
          close(ours.invert(v), d3.invert(v));
          expect(ours.ticks(count)).toEqual(d3.ticks(count));
          expect(ours.domain()).toEqual([d0, d1]);
          expect(ours.range()).toEqual([r0, r1]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('maps an empty domain to the start of its range rather than to NaN', () => {
    const scale = linearScale([5, 5], [0, 100]);
    expect(scale(5)).toBe(0);
    expect(scale(7)).toBe(0);
    expect(linearScale([0, 10], [3, 3]).invert(3)).toBe(0);
  });
});
