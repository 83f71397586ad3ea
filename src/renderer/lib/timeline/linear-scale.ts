// A linear scale for the first screen's views (lanes, core lanes, the concurrency chart, their
// axis): a value to a pixel, a pixel back to a value, and ticks at round numbers by d3's
// own algorithm. d3-scale's scaleLinear does the same but brings every interpolator and number
// format with it (30 kB of the first screen's JavaScript, issue 11's budget); the views opened
// later (Compare's speedup chart) keep d3-scale. Runs in the renderer; pure.

import { ticks as roundTicks } from 'd3';

export interface LinearScale {
  (value: number): number;
  invert(pixel: number): number;
  ticks(count?: number): number[];
  domain(): [number, number];
  range(): [number, number];
}

/** Maps [d0, d1] onto [r0, r1] linearly (an empty domain maps every value to r0). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((value: number) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0))) as LinearScale;
  scale.invert = (pixel) => (r1 === r0 ? d0 : d0 + ((pixel - r0) / (r1 - r0)) * span);
  scale.ticks = (count = 10) => roundTicks(d0, d1, count);
  scale.domain = () => [d0, d1];
  scale.range = () => [r0, r1];
  return scale;
}
