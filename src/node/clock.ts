// The one monotonic clock every event is stamped with: process.hrtime.bigint(), system-wide on
// Linux (CLOCK_MONOTONIC), so threads and child processes agree. Runs in the engine and in units.

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds (float, µs precision) since an origin taken with nowNs(). */
export function msSince(originNs: bigint): number {
  return Number(process.hrtime.bigint() - originNs) / 1e6;
}
