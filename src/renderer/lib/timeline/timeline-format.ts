// Times as the timeline's tooltips say them: instants to the millisecond ("1.234 s") and
// durations in the unit that reads best ("0.42 ms", "12.3 ms", "1.25 s").
// Runs in the renderer; pure.

/** An instant since the run's start. */
export function formatAt(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** A length of time. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1) return `${value.toFixed(2)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
}

/** "1.200–1.300 s": a short range, sharing its unit. */
export function formatRange(a: number, b: number): string {
  return `${(a / 1000).toFixed(3)}–${(b / 1000).toFixed(3)} s`;
}
