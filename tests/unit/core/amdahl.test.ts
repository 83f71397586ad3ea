// Amdahl's law, and the amdahl workload's barrier and lock with real worker threads waiting on
// them in shared memory.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  AMDAHL_SERIAL_SHARE,
  amdahlLimit,
  amdahlSpeedup,
  AmdahlSync,
  createAmdahlBuffers,
  type AmdahlBuffers,
} from '../../../src/core/amdahl';
import { createBarrierBuffer, PhaseBarrier } from '../../../src/core/barrier';

const AMDAHL_MODULE = pathToFileURL(resolve('out/test-fixtures/amdahl.mjs')).href;

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('Amdahl’s law', () => {
  it('caps the speedup at 1 / (s + (1 − s) / n)', () => {
    expect(AMDAHL_SERIAL_SHARE).toBe(0.25);
    expect(amdahlSpeedup(1)).toBe(1);
    expect(amdahlSpeedup(2)).toBeCloseTo(1.6, 10);
    expect(amdahlSpeedup(4)).toBeCloseTo(1 / (0.25 + 0.75 / 4), 10);
    expect(amdahlSpeedup(1_000_000)).toBeCloseTo(4, 4); // never beyond 1 / s
    expect(amdahlSpeedup(8, 0)).toBe(8);
    expect(amdahlSpeedup(0)).toBe(1);
  });

  it('counts no more workers than cores', () => {
    expect(amdahlLimit(4, 2)).toBeCloseTo(1.6, 10);
    expect(amdahlLimit(1, 8)).toBe(1);
    expect(amdahlLimit(8, 8)).toBeCloseTo(amdahlSpeedup(8), 10);
  });
});

describe('PhaseBarrier', () => {
  it('opens on the last arrival, and again for the next phase', () => {
    const barrier = new PhaseBarrier(createBarrierBuffer(3));
    const first = barrier.arrive();
    expect(first).not.toBeNull();
    expect(barrier.arrive()).toBe(first);
    expect(barrier.arrived()).toBe(2);
    expect(barrier.arrive()).toBeNull();
    expect(barrier.arrived()).toBe(0);
    const second = barrier.arrive();
    expect(second).toBe(first! + 1);
  });

  it('stops waiting for a task that left, once only', () => {
    const barrier = new PhaseBarrier(createBarrierBuffer(3));
    barrier.arrive();
    barrier.arrive();
    barrier.leave(2);
    expect(barrier.arrived()).toBe(0); // the two waiting were let through
    expect(barrier.parties()).toBe(2);
    barrier.leave(2);
    barrier.leave(99);
    expect(barrier.parties()).toBe(2);
    expect(barrier.arrive()).not.toBeNull();
    expect(barrier.arrive()).toBeNull();
  });

  it.each([0, 65, 1.5])('refuses %s parties', (parties) => {
    expect(() => createBarrierBuffer(parties)).toThrow(/A barrier needs 1 to 64 parties/);
  });

  it('blocks real threads until every task has arrived or left', async () => {
    const buffers = createAmdahlBuffers(3);
    const passed = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
    const source = `
      const { workerData } = require('node:worker_threads');
      import(workerData.module).then(({ AmdahlSync }) => {
        new AmdahlSync(workerData.buffers).barrier.arriveAndWait();
        Atomics.add(new Int32Array(workerData.passed), 0, 1);
      });`;
    const workers = [0, 1].map(
      () => new Worker(source, { eval: true, workerData: { module: AMDAHL_MODULE, buffers, passed } }),
    );
    const sync = new AmdahlSync(buffers);
    await until(() => sync.barrier.arrived() === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(new Int32Array(passed)[0]).toBe(0); // task 3 has not arrived
    sync.abandon(2); // ... and now never will
    await Promise.all(workers.map((worker) => new Promise((r) => worker.once('exit', r))));
    expect(new Int32Array(passed)[0]).toBe(2);
  });
});

describe('AmdahlSync.abandon', () => {
  it('releases the lock only if the abandoned task held it', () => {
    const buffers: AmdahlBuffers = createAmdahlBuffers(2);
    const sync = new AmdahlSync(buffers);
    expect(sync.lock.tryAcquire(1)).toBe(true);
    sync.abandon(0);
    expect(sync.lock.holder()).toBe(1);
    sync.abandon(1);
    expect(sync.lock.holder()).toBeNull();
    expect(sync.barrier.parties()).toBe(0);
  });
});
