// How far the shared time axis reaches: it starts at the run's expected length and, while the
// run is live, extends in steps (not every frame) so the picture stays still enough to read and
// finished history can stay cached. Runs in the renderer; pure.

import type { RunSpec } from '../../../core/contract';

/** Extend once the live edge passes this share of the axis. */
export const EXTEND_AT = 0.92;
/** …to this multiple of the live time: a few seconds of calm before the next step. */
export const EXTEND_BY = 1.5;
/** A run shorter than this still gets an axis long enough to label. */
export const MIN_DOMAIN_MS = 1_000;

/** "Nice" round lengths: 1, 1.5, 2, 3, 5, 7.5 × 10^k ms. */
export function niceCeil(ms: number): number {
  if (!(ms > 0)) return MIN_DOMAIN_MS;
  const power = 10 ** Math.floor(Math.log10(ms));
  for (const step of [1, 1.5, 2, 3, 5, 7.5, 10]) {
    if (step * power >= ms - 1e-9) return step * power;
  }
  return 10 * power;
}

/** The time a run would take with no contention: what the axis shows before anything happens. */
export function expectedMs(spec: RunSpec): number {
  const perTask = spec.steps * spec.stepMs * (spec.workload === 'mixed' ? 2 : 1);
  const serial = spec.executor === 'sequential' ? spec.tasks : 1;
  return perTask * serial;
}

/** The axis end at the start of a run. */
export function initialDomainEnd(spec: RunSpec): number {
  return niceCeil(Math.max(MIN_DOMAIN_MS, expectedMs(spec) * 1.1));
}

/** The axis end while live: unchanged until the live edge nears it, then one nice step out. */
export function liveDomainEnd(current: number, liveMs: number): number {
  if (liveMs < current * EXTEND_AT) return current;
  return niceCeil(Math.max(MIN_DOMAIN_MS, liveMs * EXTEND_BY));
}

/** The axis end once the run is over: the whole run, with a sliver of room after it. */
export function finalDomainEnd(endMs: number): number {
  return Math.max(MIN_DOMAIN_MS / 2, endMs * 1.03);
}
