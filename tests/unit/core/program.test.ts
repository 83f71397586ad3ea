import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { AmdahlSync, createAmdahlBuffers } from '../../../src/core/amdahl';
import type { PrintEvent, RunSpec, StateEvent } from '../../../src/core/contract';
import { runUnit, type TaskEnv } from '../../../src/core/program';

type Emitted = Omit<StateEvent, 'runId'> | Omit<PrintEvent, 'runId'>;

/** A runtime with a virtual clock: sleeps advance time, computing advances it by its work. */
function fakeEnv(options: { lateByMs?: number } = {}) {
  let clock = 0;
  const events: Emitted[] = [];
  const timers: { due: number; resolve: () => void }[] = [];
  const env: TaskEnv = {
    now: () => clock,
    emit: (event) => events.push(event),
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        timers.push({ due: clock + ms, resolve });
      }),
    exit: (code) => {
      throw new Error(`exit ${code}`);
    },
    itersPerMs: 1000,
    gil: null,
    switchIntervalMs: 5,
  };
  /** Fires timers in due order until the program settles. */
  async function drive(done: Promise<void>): Promise<void> {
    let settled = false;
    void done.then(() => (settled = true));
    while (!settled) {
      await new Promise((resolve) => setImmediate(resolve));
      timers.sort((a, b) => a.due - b.due);
      const next = timers.shift();
      if (!next) continue;
      clock = Math.max(clock, next.due + (options.lateByMs ?? 0));
      next.resolve();
    }
  }
  return { env, events, drive };
}

const spec = (overrides: Partial<RunSpec>): RunSpec => ({
  lesson: null,
  workload: 'print-sleep',
  executor: 'threads',
  tasks: 1,
  steps: 3,
  stepMs: 100,
  fault: null,
  joinMessage: null,
  ...overrides,
});

/** A runtime on the real clock, as a task thread has. */
function realEnv(amdahl: AmdahlSync | null) {
  const start = performance.now();
  const events: Emitted[] = [];
  const env: TaskEnv = {
    now: () => performance.now() - start,
    emit: (event) => events.push(event),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    exit: () => {
      throw new Error('exit');
    },
    itersPerMs: 20_000,
    gil: null,
    switchIntervalMs: 5,
    amdahl,
  };
  const states = (task: number) =>
    events
      .filter((e): e is Omit<StateEvent, 'runId'> => e.kind === 'state' && e.task === task)
      .map((e) => [e.state, e.t] as const);
  return { env, events, states };
}

describe('runUnit', () => {
  it('print-sleep prints 1..N, sleeping after each print, then ends done', async () => {
    const { env, events, drive } = fakeEnv();
    await drive(runUnit([0], 'single', spec({}), env));
    expect(events.filter((e) => e.kind === 'print').map((e) => (e as PrintEvent).text)).toEqual(['1', '2', '3']);
    expect(events.filter((e) => e.kind === 'state').map((e) => (e as StateEvent).state)).toEqual([
      'running',
      'sleeping',
      'running',
      'sleeping',
      'running',
      'sleeping',
      'running',
      'done',
    ]);
    const last = events.at(-1)!;
    expect(last.t).toBe(300);
  });

  it('sequential runs tasks one after another; async interleaves them on one loop', async () => {
    const sequential = fakeEnv();
    await sequential.drive(runUnit([0, 1], 'sequential', spec({ tasks: 2, steps: 2 }), sequential.env));
    const seqPrints = sequential.events
      .filter((e) => e.kind === 'print')
      .map((e) => `${e.task}:${(e as PrintEvent).text}`);
    expect(seqPrints).toEqual(['0:1', '0:2', '1:1', '1:2']);
    expect(sequential.events.at(-1)!.t).toBe(400);

    const interleaved = fakeEnv();
    await interleaved.drive(runUnit([0, 1], 'async', spec({ tasks: 2, steps: 2 }), interleaved.env));
    const asyncPrints = interleaved.events
      .filter((e) => e.kind === 'print')
      .map((e) => `${e.task}:${(e as PrintEvent).text}`);
    expect(asyncPrints).toEqual(['0:1', '1:1', '0:2', '1:2']);
    expect(interleaved.events.at(-1)!.t).toBe(200);
  });

  it('marks a late wake-up as ready from the moment the timer was due', async () => {
    const { env, events, drive } = fakeEnv({ lateByMs: 30 });
    await drive(runUnit([0], 'single', spec({ steps: 1 }), env));
    const states = events.filter((e): e is Omit<StateEvent, 'runId'> => e.kind === 'state');
    expect(states.map((e) => [e.state, e.t])).toEqual([
      ['running', 0],
      ['sleeping', 0],
      ['ready', 100],
      ['running', 130],
      ['done', 130],
    ]);
  });

  it('an injected throw fails only that task, with its message; the other task finishes', async () => {
    const { env, events, drive } = fakeEnv();
    const run = spec({ tasks: 2, steps: 2, workload: 'io', fault: { kind: 'throw', task: 1, atStep: 1 } });
    await drive(runUnit([0, 1], 'async', run, env));
    const terminal = events.filter((e) => e.kind === 'state' && ['done', 'failed'].includes((e as StateEvent).state));
    expect(terminal).toEqual([
      { kind: 'state', t: 100, task: 0, state: 'failed', detail: 'task 1 raised an error at step 1 (injected fault)' },
      { kind: 'state', t: 200, task: 1, state: 'done' },
    ]);
  });

  it('cpu work is done in full and reported after each step', async () => {
    const { env, events, drive } = fakeEnv();
    await drive(runUnit([0], 'single', spec({ workload: 'cpu', steps: 2, stepMs: 3 }), env));
    expect(events.filter((e) => e.kind === 'print').map((e) => (e as PrintEvent).text)).toEqual([
      'task 1: step 1/2 computed',
      'task 1: step 2/2 computed',
    ]);
  });

  it('on one event loop, a CPU-bound task is done before the next one starts computing', async () => {
    const { env, events } = realEnv(null);
    await runUnit([0, 1], 'async', spec({ workload: 'cpu', tasks: 2, steps: 2, stepMs: 20 }), env);
    const at = (task: number, state: string) =>
      events.find((e) => e.kind === 'state' && e.task === task && (e as StateEvent).state === state)!.t;
    expect(at(0, 'done')).toBeLessThanOrEqual(at(1, 'running'));
  });
});

describe('the amdahl workload', () => {
  it('computes each step in full and reports it; alone, it never waits', async () => {
    const sync = new AmdahlSync(createAmdahlBuffers(1));
    const { env, events, states } = realEnv(sync);
    await runUnit([0], 'single', spec({ workload: 'amdahl', steps: 2, stepMs: 8 }), env);
    expect(events.filter((e) => e.kind === 'print').map((e) => (e as PrintEvent).text)).toEqual([
      'task 1: step 1/2 computed',
      'task 1: step 2/2 computed',
    ]);
    expect(states(0).map(([state]) => state)).toEqual(['running', 'done']);
    // Ended: the lock is free and the barrier no longer counts the task.
    expect(sync.lock.holder()).toBeNull();
    expect(sync.barrier.parties()).toBe(0);
  });

  it('waits, drawn as waiting, while another thread holds the run’s lock', async () => {
    const buffers = createAmdahlBuffers(1);
    const sync = new AmdahlSync(buffers);
    const holdMs = 80;
    const holder = new Worker(
      `const { workerData } = require('node:worker_threads');
      import(workerData.module).then(({ AmdahlSync }) => {
        const sync = new AmdahlSync(workerData.buffers);
        sync.lock.acquire(7);
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
        sync.lock.release();
      });`,
      {
        eval: true,
        workerData: { module: pathToFileURL(resolve('out/test-fixtures/amdahl.mjs')).href, buffers, holdMs },
      },
    );
    const deadline = Date.now() + 5000;
    while (sync.lock.holder() !== 7 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    expect(sync.lock.holder()).toBe(7);
    const { env, states } = realEnv(sync);
    await runUnit([0], 'single', spec({ workload: 'amdahl', steps: 1, stepMs: 8 }), env);
    await new Promise((r) => holder.once('exit', r));
    const seen = states(0);
    expect(seen.map(([state]) => state)).toEqual(['running', 'waiting', 'running', 'done']);
    expect(seen[2]![1] - seen[1]![1]).toBeGreaterThan(holdMs / 2);
  });

  it('never blocks tasks that share one thread: they take turns anyway', async () => {
    const sync = new AmdahlSync(createAmdahlBuffers(2));
    const { env, states } = realEnv(sync);
    await runUnit([0, 1], 'async', spec({ workload: 'amdahl', tasks: 2, steps: 2, stepMs: 8 }), env);
    for (const task of [0, 1]) expect(states(task).map(([state]) => state)).toEqual(['running', 'done']);
  });
});
