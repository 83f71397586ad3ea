// The engine for real: sessions running every executor with real worker threads and real child
// processes started from the built entry files (out/node). Timing checks use generous bounds.
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EXECUTORS,
  type EngineEvent,
  type PrintEvent,
  type RunEndEvent,
  type RunRequest,
  type StateEvent,
  type UnitEvent,
} from '../../../src/core/contract';
import { taskIntervals } from '../../../src/core/intervals';
import { createNodeSession } from '../../../src/node/node-session';
import type { Session } from '../../../src/node/session';

const sessions: Session[] = [];

function newSession(): Session {
  const session = createNodeSession({
    shell: 'web',
    bundleDir: pathToFileURL(resolve('out/node') + '/'),
    sampler: null,
  });
  sessions.push(session);
  return session;
}

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.dispose()));
});

interface Finished {
  events: EngineEvent[];
  end: RunEndEvent;
}

/** Runs a request to its end and returns every event the session delivered. */
async function runToEnd(request: RunRequest, session = newSession()): Promise<Finished> {
  const events: EngineEvent[] = [];
  session.subscribe((batch) => events.push(...batch));
  const accepted = session.start(request);
  if (!accepted.ok) throw new Error(accepted.error);
  const end = await session.current!;
  await new Promise((r) => setTimeout(r, 30)); // let the last batch flush
  return { events, end };
}

const prints = (events: EngineEvent[]): string[] =>
  events.filter((e): e is PrintEvent => e.kind === 'print').map((e) => e.text);
const states = (events: EngineEvent[], task: number): string[] =>
  events.filter((e): e is StateEvent => e.kind === 'state' && e.task === task).map((e) => e.state);
const units = (events: EngineEvent[]): UnitEvent[] => events.filter((e): e is UnitEvent => e.kind === 'unit');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe('the two lessons', () => {
  it('threading: a worker thread in this process prints 1..10, then the main program joins', async () => {
    const { events, end } = await runToEnd({ lesson: 'threading', stepMs: 20 });
    expect(end.status).toBe('done');
    expect(prints(events)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Thread execution complete!']);
    expect(units(events)).toMatchObject([{ unitKind: 'thread', pid: process.pid, tasks: [0] }]);
    expect(states(events, 0)[0]).toBe('ready');
    expect(states(events, 0).at(-1)).toBe('done');
    expect(states(events, 0).filter((s) => s === 'sleeping')).toHaveLength(10);
    expect(end.t).toBeGreaterThanOrEqual(200);
  });

  it('multiprocessing: the same in a separate OS process, which is gone once the run ends', async () => {
    const { events, end } = await runToEnd({ lesson: 'multiprocessing', stepMs: 20 });
    expect(end.status).toBe('done');
    expect(prints(events)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', 'Process execution complete!']);
    const [unit] = units(events);
    expect(unit).toMatchObject({ unitKind: 'process', tasks: [0] });
    expect(unit!.pid).not.toBe(process.pid);
    expect(alive(unit!.pid)).toBe(false);
  });
});

describe('every executor', () => {
  it.each(EXECUTORS)('%s runs 3 print-sleep tasks to done, stamping events on one clock', async (executor) => {
    const { events, end } = await runToEnd({ workload: 'print-sleep', executor, tasks: 3, steps: 2, stepMs: 30 });
    expect(end.status).toBe('done');
    expect(prints(events).sort()).toEqual(['1', '1', '1', '2', '2', '2']);
    for (let task = 0; task < 3; task++) expect(states(events, task).at(-1)).toBe('done');
    const stamps = events.flatMap((e) => ('t' in e && e.kind !== 'sample' ? [e.t] : []));
    expect(Math.min(...stamps)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...stamps)).toBeLessThanOrEqual(end.t);
  });
});

describe('faults', () => {
  it('a task that throws is failed with its error; the others finish', async () => {
    const { events, end } = await runToEnd({
      workload: 'io',
      executor: 'threads',
      tasks: 3,
      steps: 2,
      stepMs: 20,
      fault: { kind: 'throw', task: 2, atStep: 1 },
    });
    expect(end.status).toBe('failed');
    const failed = events.find((e): e is StateEvent => e.kind === 'state' && e.state === 'failed');
    expect(failed).toMatchObject({ task: 1, detail: 'task 2 raised an error at step 1 (injected fault)' });
    expect(states(events, 0).at(-1)).toBe('done');
    expect(states(events, 2).at(-1)).toBe('done');
  });

  it.each([
    ['processes', 'process exited with code 1'],
    ['threads', 'thread exited with code 1'],
  ] as const)('a %s task that exits non-zero is failed with its exit code', async (executor, detail) => {
    const { events, end } = await runToEnd({
      workload: 'io',
      executor,
      tasks: 2,
      steps: 2,
      stepMs: 20,
      fault: { kind: 'exit', task: 1, atStep: 1 },
    });
    expect(end.status).toBe('failed');
    expect(events.find((e) => e.kind === 'state' && e.state === 'failed')).toMatchObject({ task: 0, detail });
    expect(states(events, 1).at(-1)).toBe('done');
  });

  it('an exit in the async executor takes every task on its thread down with it', async () => {
    const { events } = await runToEnd({
      workload: 'io',
      executor: 'async',
      tasks: 2,
      steps: 3,
      stepMs: 20,
      fault: { kind: 'exit', task: 1, atStep: 1 },
    });
    expect(states(events, 0).at(-1)).toBe('failed');
    expect(states(events, 1).at(-1)).toBe('failed');
  });
});

describe('Stop and refusals', () => {
  it('Stop ends every task process at once and marks unfinished tasks stopped', async () => {
    const session = newSession();
    const events: EngineEvent[] = [];
    session.subscribe((batch) => events.push(...batch));
    expect(
      session.start({ workload: 'print-sleep', executor: 'processes', tasks: 4, steps: 10, stepMs: 1000 }).ok,
    ).toBe(true);
    expect(await waitUntil(() => prints(events).length >= 4, 10_000)).toBe(true);
    const pids = units(events).map((u) => u.pid);
    expect(pids).toHaveLength(4);
    expect(pids.every(alive)).toBe(true);
    const stoppedAt = Date.now();
    expect(session.stop()).toEqual({ ok: true, value: { stopped: true } });
    const end = await session.current!;
    expect(end.status).toBe('stopped');
    expect(Date.now() - stoppedAt).toBeLessThan(3000);
    expect(await waitUntil(() => !pids.some(alive), 3000)).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    for (let task = 0; task < 4; task++) expect(states(events, task).at(-1)).toBe('stopped');
    expect(prints(events)).not.toContain('10');
  });

  it('Stop ends worker threads, even ones blocked waiting for the global lock', async () => {
    const session = newSession();
    const events: EngineEvent[] = [];
    session.subscribe((batch) => events.push(...batch));
    session.start({ workload: 'cpu', executor: 'gil-threads', tasks: 3, steps: 50, stepMs: 200 });
    // A task waiting for the lock (the main program's wait in join() is not one).
    const blocked = () => events.some((e) => e.kind === 'state' && e.state === 'waiting' && e.task >= 0);
    expect(await waitUntil(blocked, 10_000)).toBe(true);
    session.stop();
    const end = await Promise.race([session.current!, new Promise((r) => setTimeout(() => r('timeout'), 3000))]);
    expect(end).toMatchObject({ status: 'stopped' });
  });

  it('refuses a second run while one is running and leaves the first alone', async () => {
    const session = newSession();
    const events: EngineEvent[] = [];
    session.subscribe((batch) => events.push(...batch));
    session.start({ lesson: 'threading', stepMs: 20 });
    expect(session.start({ lesson: 'multiprocessing' })).toEqual({
      ok: false,
      error: 'A run is already in progress: press Stop, or wait for it to finish.',
    });
    expect(session.start({ tasks: 99 })).toEqual({
      ok: false,
      error: 'Tasks must be a whole number from 1 to 64 (got 99).',
    });
    const end = await session.current!;
    expect(end.status).toBe('done');
    expect(session.snapshot()!.events.filter((e) => e.kind === 'run-start')).toHaveLength(1);
  });
});

describe('the global lock', () => {
  it('a global lock lets only one thread compute at a time', async () => {
    const { events } = await runToEnd({ workload: 'cpu', executor: 'gil-threads', tasks: 3, steps: 2, stepMs: 60 });
    const running = taskIntervals(events, 3).flatMap((task) => task.filter((i) => i.state === 'running'));
    const waits = taskIntervals(events, 3).flatMap((task) => task.filter((i) => i.state === 'waiting'));
    expect(waits.length).toBeGreaterThan(3);
    // A print releases the lock for its write while the task still shows as running: allow 1 ms.
    for (const a of running) {
      for (const b of running) {
        if (a.task >= b.task) continue;
        const overlap = Math.min(a.end!, b.end!) - Math.max(a.start, b.start);
        expect(overlap).toBeLessThan(1);
      }
    }
  });
});

describe('the amdahl workload', () => {
  it('threads take turns on the serial part, waiting for the lock and each other, and all finish', async () => {
    const { events, end } = await runToEnd({ workload: 'amdahl', executor: 'threads', tasks: 2, steps: 3, stepMs: 40 });
    expect(end.status).toBe('done');
    expect(units(events)).toMatchObject([
      { unitKind: 'thread', pid: process.pid },
      { unitKind: 'thread', pid: process.pid },
    ]);
    expect(prints(events).filter((line) => line.startsWith('task 2:'))).toEqual([
      'task 2: step 1/3 computed',
      'task 2: step 2/3 computed',
      'task 2: step 3/3 computed',
    ]);
    // Every step, one of the two waits for the other's serial share.
    const waits = [0, 1].flatMap((task) => states(events, task).filter((state) => state === 'waiting'));
    expect(waits.length).toBeGreaterThanOrEqual(3);
  });

  it('with a GIL as well, the two locks never deadlock', async () => {
    const { end } = await runToEnd({ workload: 'amdahl', executor: 'gil-threads', tasks: 3, steps: 3, stepMs: 30 });
    expect(end.status).toBe('done');
  });

  it('a thread that exits mid-run is not waited for by the others', async () => {
    const { events, end } = await runToEnd({
      workload: 'amdahl',
      executor: 'threads',
      tasks: 2,
      steps: 3,
      stepMs: 30,
      fault: { kind: 'exit', task: 1, atStep: 1 },
    });
    expect(end.status).toBe('failed');
    expect(states(events, 0).at(-1)).toBe('failed');
    expect(states(events, 1).at(-1)).toBe('done');
    expect(prints(events)).toContain('task 2: step 3/3 computed');
  });

  it('is refused for processes, which cannot share the lock', () => {
    expect(newSession().start({ workload: 'amdahl', executor: 'processes', tasks: 2 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^The amdahl workload needs tasks that share memory/),
    });
  });
});
