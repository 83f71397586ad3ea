// When the page should step back: while a run's tasks keep the cores busy, drawing at full rate
// would take cores from the very tasks whose speedup the page shows. Runs in the renderer; the
// run store asks on every CPU sample.

/** Share of all cores busy at which the page yields, and below which it stops (hysteresis). */
export const YIELD_AT_BUSY = 0.85;
export const RESUME_BELOW_BUSY = 0.7;

/** Whether to (keep) drawing slowly, given every core's busy percent in the latest sample. */
export function shouldYield(yielding: boolean, corePercents: readonly number[]): boolean {
  if (corePercents.length === 0) return false;
  const busy = corePercents.reduce((sum, pct) => sum + pct, 0) / (100 * corePercents.length);
  return yielding ? busy >= RESUME_BELOW_BUSY : busy >= YIELD_AT_BUSY;
}
