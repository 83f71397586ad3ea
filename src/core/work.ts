// The CPU work kernel: real integer arithmetic whose result is used, so no engine can skip it,
// and a calibration that measures how many iterations this machine does per millisecond.
// Runs anywhere (task workers and the engine); the clock is injected.

/** Runs `iterations` rounds of a xorshift/multiply hash chain and returns the final state. */
export function hashChain(iterations: number, seed: number): number {
  let x = seed | 0 || 1;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x = Math.imul(x, 0x2c1b3c6d) + i;
  }
  return x >>> 0;
}

/** Iterations per millisecond, measured over about `budgetMs` after a warm-up (best of rounds). */
export function calibrate(now: () => number, budgetMs = 60): number {
  hashChain(200_000, 7); // warm-up: let the JIT compile the loop before it is timed
  const rounds = 3;
  let best = 0;
  let iterations = 50_000;
  for (let round = 0; round < rounds; round++) {
    const start = now();
    let done = 0;
    let sink = 0;
    while (now() - start < budgetMs / rounds) {
      sink ^= hashChain(iterations, done + 1);
      done += iterations;
    }
    const elapsed = now() - start;
    if (sink === -1) iterations++; // uses the result so the loop cannot be dropped
    best = Math.max(best, done / elapsed);
  }
  return Math.max(1, Math.round(best));
}
