// When the page should step back: while a run's tasks keep the cores busy, drawing at full rate
// would take cores from the very tasks whose speedup the page shows. Runs in the renderer; the
// run store asks on every CPU sample.

/** Share of all cores busy at which the page yields, and below which it stops (hysteresis). */
export const YIELD_AT_BUSY = 0.85;
export const RESUME_BELOW_BUSY = 0.7;

/**
 * A run printing or changing state this often is drawn at full rate even on busy cores: the
 * picture changes every frame anyway, and holding a quarter second of a dense stream for one
 * frame makes long frames (measured: stress-test frame p95 doubled to 33 ms).
 */
export const YIELD_MAX_EVENTS_PER_S = 1_000;

/**
 * Whether to (keep) drawing slowly, given every core's busy percent in the latest sample and the
 * run's recent event rate (events per second, samples not counted).
 */
export function shouldYield(yielding: boolean, corePercents: readonly number[], eventsPerS = 0): boolean {
  if (corePercents.length === 0 || eventsPerS > YIELD_MAX_EVENTS_PER_S) return false;
  const busy = corePercents.reduce((sum, pct) => sum + pct, 0) / (100 * corePercents.length);
  return yielding ? busy >= RESUME_BELOW_BUSY : busy >= YIELD_AT_BUSY;
}
