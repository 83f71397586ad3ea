// Amdahl's law and the amdahl workload's shared state: the serial share of each step, the
// speedup it allows, and the lock and barrier the run's threads share. Runs anywhere: the
// renderer draws the curve, the engine creates the shared memory, task workers use it.

import type { ExecutorId } from './contract';
import { createBarrierBuffer, PhaseBarrier } from './barrier';
import { createGilBuffer, GilLock } from './gil';

/** Share of each amdahl step that only one thread at a time may compute. A quarter caps 2 cores at 1.6×. */
export const AMDAHL_SERIAL_SHARE = 0.25;

/** Amdahl's law: the best speedup of `workers` on work whose `serialShare` cannot be shared. */
export function amdahlSpeedup(workers: number, serialShare = AMDAHL_SERIAL_SHARE): number {
  const n = Math.max(1, workers);
  return 1 / (serialShare + (1 - serialShare) / n);
}

/** The best speedup of `tasks` amdahl tasks on `cores` cores: no more than `cores` compute at once. */
export function amdahlLimit(tasks: number, cores: number, serialShare = AMDAHL_SERIAL_SHARE): number {
  return amdahlSpeedup(Math.min(tasks, cores), serialShare);
}

/**
 * Executors whose tasks can share the run's lock: they run as threads of the engine's process.
 * Processes have their own memory, and CPython runs its own program.
 */
export const AMDAHL_EXECUTORS: readonly ExecutorId[] = ['sequential', 'async', 'threads', 'gil-threads'];

/** The shared memory of one amdahl run, handed to every thread that runs one of its tasks. */
export interface AmdahlBuffers {
  lock: SharedArrayBuffer;
  barrier: SharedArrayBuffer;
}

export function createAmdahlBuffers(tasks: number): AmdahlBuffers {
  return { lock: createGilBuffer(), barrier: createBarrierBuffer(tasks) };
}

/**
 * The run-wide lock (the same FIFO ticket lock as the GIL) for the serial share, and the barrier
 * that keeps the phases apart: without it one thread's serial share would overlap another's
 * parallel share and the run would beat Amdahl's law, which assumes the serial part runs alone.
 */
export class AmdahlSync {
  readonly lock: GilLock;
  readonly barrier: PhaseBarrier;

  constructor(buffers: AmdahlBuffers) {
    this.lock = new GilLock(buffers.lock);
    this.barrier = new PhaseBarrier(buffers.barrier);
  }

  /** Frees what a task that ended abruptly left behind: its place at the barrier, and the lock. */
  abandon(task: number): void {
    this.barrier.leave(task);
    if (this.lock.holder() === task) this.lock.release();
  }
}
