// The global lock with real worker threads contending for it in shared memory.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createGilBuffer, GilLock } from '../../../src/core/gil';

const GIL_MODULE = pathToFileURL(resolve('out/test-fixtures/gil.mjs')).href;

/** A thread that takes the lock as `id`, appends its id to a shared log, and releases. */
function contender(buffer: SharedArrayBuffer, log: SharedArrayBuffer, id: number): Worker {
  const source = `
    const { workerData } = require('node:worker_threads');
    import(workerData.module).then(({ GilLock }) => {
      const lock = new GilLock(workerData.buffer);
      const log = new Int32Array(workerData.log);
      lock.acquire(workerData.id);
      const slot = Atomics.add(log, 0, 1) + 1;
      log[slot] = workerData.id;
      lock.release();
    });`;
  return new Worker(source, { eval: true, workerData: { module: GIL_MODULE, buffer, log, id } });
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('GilLock', () => {
  it('is taken only when free, and counts the threads queued behind its holder', () => {
    const lock = new GilLock(createGilBuffer());
    expect(lock.holder()).toBeNull();
    expect(lock.tryAcquire(4)).toBe(true);
    expect(lock.holder()).toBe(4);
    expect(lock.tryAcquire(5)).toBe(false);
    expect(lock.waiters()).toBe(0);
    lock.release();
    expect(lock.holder()).toBeNull();
    expect(lock.tryAcquire(5)).toBe(true);
  });

  it('hands the lock to waiting threads first come, first served', async () => {
    const buffer = createGilBuffer();
    const log = new SharedArrayBuffer(16 * Int32Array.BYTES_PER_ELEMENT);
    const lock = new GilLock(buffer);
    expect(lock.tryAcquire(0)).toBe(true);
    const workers: Worker[] = [];
    for (const id of [3, 1, 2]) {
      workers.push(contender(buffer, log, id));
      // Each thread queues before the next starts, so the queue order is known.
      await until(() => lock.waiters() === workers.length);
    }
    expect(new Int32Array(log)[0]).toBe(0); // nobody got in while we held it
    lock.release();
    await Promise.all(workers.map((worker) => new Promise((r) => worker.once('exit', r))));
    const entries = new Int32Array(log);
    expect(Array.from(entries.slice(1, 1 + entries[0]!))).toEqual([3, 1, 2]);
    expect(lock.holder()).toBeNull();
    expect(lock.waiters()).toBe(0);
  });
});
