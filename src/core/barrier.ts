// A reusable barrier for the worker threads of one run, in shared memory: each arriving thread
// blocks (Atomics.wait, allowed in worker threads; never on Electron's main thread) until every
// task still taking part has arrived. A task that ends leaves it, so the others never wait for
// it. Runs in task workers; the engine only creates it and makes a dead task leave.

import { LIMITS } from './contract';

// Slots of the shared Int32Array; one membership slot per task follows them.
const MUTEX = 0;
const ARRIVED = 1;
const GENERATION = 2;
const PARTIES = 3;
const MEMBERS = 4;

/** Shared memory for a barrier of `parties` tasks (0 … parties − 1), all taking part at first. */
export function createBarrierBuffer(parties: number): SharedArrayBuffer {
  if (!Number.isInteger(parties) || parties < 1 || parties > LIMITS.MAX_TASKS) {
    throw new RangeError(`A barrier needs 1 to ${LIMITS.MAX_TASKS} parties (got ${parties}).`);
  }
  const buffer = new SharedArrayBuffer((MEMBERS + parties) * Int32Array.BYTES_PER_ELEMENT);
  const cells = new Int32Array(buffer);
  cells[PARTIES] = parties;
  cells.fill(1, MEMBERS);
  return buffer;
}

export class PhaseBarrier {
  private readonly cells: Int32Array;

  constructor(buffer: SharedArrayBuffer) {
    this.cells = new Int32Array(buffer);
  }

  // The counters change together, so a tiny spin lock guards them: it is held for a few
  // instructions and never across a wait, so spinning beats sleeping (and works on any thread).
  private lock(): void {
    while (Atomics.compareExchange(this.cells, MUTEX, 0, 1) !== 0);
  }

  private unlock(): void {
    Atomics.store(this.cells, MUTEX, 0);
  }

  /** Opens the barrier for everyone waiting at it. Call with the spin lock held. */
  private trip(): void {
    Atomics.store(this.cells, ARRIVED, 0);
    Atomics.add(this.cells, GENERATION, 1);
    Atomics.notify(this.cells, GENERATION);
  }

  /**
   * Arrives without blocking: null when this arrival was the last one (the barrier opened), else
   * the generation to pass to wait().
   */
  arrive(): number | null {
    this.lock();
    const generation = Atomics.load(this.cells, GENERATION);
    const arrived = Atomics.add(this.cells, ARRIVED, 1) + 1;
    const opened = arrived >= Atomics.load(this.cells, PARTIES);
    if (opened) this.trip();
    this.unlock();
    return opened ? null : generation;
  }

  /** Blocks until the barrier opens past `generation` (from arrive()). */
  wait(generation: number): void {
    while (Atomics.load(this.cells, GENERATION) === generation) {
      Atomics.wait(this.cells, GENERATION, generation);
    }
  }

  /** Arrives and blocks until every task still taking part has arrived. */
  arriveAndWait(): void {
    const generation = this.arrive();
    if (generation !== null) this.wait(generation);
  }

  /** Task `task` takes no further part (it ended); a second call does nothing. */
  leave(task: number): void {
    if (task < 0 || MEMBERS + task >= this.cells.length) return;
    if (Atomics.compareExchange(this.cells, MEMBERS + task, 1, 0) !== 1) return;
    this.lock();
    const parties = Atomics.sub(this.cells, PARTIES, 1) - 1;
    const arrived = Atomics.load(this.cells, ARRIVED);
    // The others may all be waiting for the one that just left.
    if (arrived > 0 && arrived >= parties) this.trip();
    this.unlock();
  }

  /** Tasks still taking part. */
  parties(): number {
    return Atomics.load(this.cells, PARTIES);
  }

  /** Tasks waiting for the barrier to open. */
  arrived(): number {
    return Atomics.load(this.cells, ARRIVED);
  }
}
