// A global interpreter lock for worker threads of one process, modelled on CPython's GIL:
// a FIFO ticket lock in shared memory. Blocking acquire uses Atomics.wait, which is allowed in
// worker threads (never call it on Electron's main thread). Runs in task workers.

/** CPython's default sys.getswitchinterval(): a holder is asked to drop the lock after 5 ms. */
export const SWITCH_INTERVAL_MS = 5;

// Slots of the shared Int32Array.
const NEXT_TICKET = 0;
const NOW_SERVING = 1;
const HOLDER = 2;
const SLOTS = 3;

/** Shared memory for one lock; pass the buffer to every worker that contends for it. */
export function createGilBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Int32Array.BYTES_PER_ELEMENT);
}

export class GilLock {
  private readonly cells: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.cells = new Int32Array(buffer);
  }

  /** Takes a ticket and blocks until served; first come, first served, as CPython's handoff. */
  acquire(holder: number): void {
    const ticket = Atomics.add(this.cells, NEXT_TICKET, 1);
    for (;;) {
      const serving = Atomics.load(this.cells, NOW_SERVING);
      if (serving === ticket) break;
      Atomics.wait(this.cells, NOW_SERVING, serving);
    }
    Atomics.store(this.cells, HOLDER, holder + 1);
  }

  /** Takes the lock only if nobody holds it or waits for it. */
  tryAcquire(holder: number): boolean {
    const serving = Atomics.load(this.cells, NOW_SERVING);
    if (Atomics.compareExchange(this.cells, NEXT_TICKET, serving, serving + 1) !== serving) return false;
    Atomics.store(this.cells, HOLDER, holder + 1);
    return true;
  }

  release(): void {
    Atomics.store(this.cells, HOLDER, 0);
    Atomics.add(this.cells, NOW_SERVING, 1);
    // Wake every waiter: each checks whether its ticket is now served (at most MAX_TASKS threads).
    Atomics.notify(this.cells, NOW_SERVING);
  }

  /** Threads queued behind the current holder. */
  waiters(): number {
    const queued = Atomics.load(this.cells, NEXT_TICKET) - Atomics.load(this.cells, NOW_SERVING);
    return Math.max(0, queued - 1);
  }

  /** The holding task's index, or null when free. */
  holder(): number | null {
    const value = Atomics.load(this.cells, HOLDER);
    return value === 0 ? null : value - 1;
  }
}
