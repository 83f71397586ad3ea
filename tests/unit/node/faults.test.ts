// Faults the engine must survive and put in words, with real threads and processes: a task
// process killed from outside or crashing, a worker thread or a process that runs out of memory,
// the kernel's OOM killer, a child that stops answering (SIGSTOP) or ignores SIGTERM. In each,
// the other tasks go on, Stop ends everything within 1 s, and the run ends with a clear status.
// Entry files the engine normally starts are swapped for fixtures only where a fault must be
// provoked from inside (tests/unit/node/fixtures).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, PrintEvent, RunEndEvent, StateEvent, UnitEvent } from '../../../src/core/contract';
import { resolveRunRequest } from '../../../src/core/validate';
import type { ProcessHost } from '../../../src/node/hosts/process-host';
import { forkProcessHost } from '../../../src/node/hosts/process-host.fork';
import { nodeEntries } from '../../../src/node/node-session';
import { Run } from '../../../src/node/run';
import { Session } from '../../../src/node/session';
import { living, timeUntil } from './proc-tree';

const ENTRIES = nodeEntries(pathToFileURL(resolve('out/node') + '/'));
const FIXTURES = resolve('tests/unit/node/fixtures');
/** The goal for Stop; measured figures go to stderr. */
const STOP_WITHIN_MS = 1000;

const sessions: Session[] = [];
const runs: Run[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) run.stop();
  await Promise.all(sessions.splice(0).map((session) => session.dispose()));
});

/** Messages task processes sent, whether or not the engine understood them. */
const sent: unknown[] = [];

/** The fork host, listening in on what the task processes send. */
const tappedHost: ProcessHost = {
  name: forkProcessHost.name,
  fork(modulePath, args, options) {
    const child = forkProcessHost.fork(modulePath, args, options);
    child.on('message', (message) => sent.push(message));
    return child;
  },
};

/** A Node engine session whose task entries may be swapped for fixtures; it records its events. */
function engine(entries: Partial<typeof ENTRIES> = {}): { session: Session; events: EngineEvent[] } {
  sent.length = 0;
  const session = new Session({
    shell: 'web',
    version: 'test',
    ...ENTRIES,
    ...entries,
    processHost: tappedHost,
    sampler: null,
    pythonDir: resolve('resources/python'),
  });
  sessions.push(session);
  const events: EngineEvent[] = [];
  session.subscribe((batch) => events.push(...batch));
  return { session, events };
}

const units = (events: EngineEvent[]): UnitEvent[] => events.filter((e): e is UnitEvent => e.kind === 'unit');
const lastState = (events: EngineEvent[], task: number): StateEvent | undefined =>
  events.filter((e): e is StateEvent => e.kind === 'state' && e.task === task).at(-1);
const printsOf = (events: EngineEvent[], task: number): number =>
  events.filter((e): e is PrintEvent => e.kind === 'print' && e.task === task).length;

/** The pid of the process running `task`, once it has started. */
async function pidOf(events: EngineEvent[], task: number): Promise<number> {
  let pid = 0;
  const found = await timeUntil(() => {
    pid = units(events).find((unit) => unit.tasks.includes(task))?.pid ?? 0;
    return pid > 0;
  }, 20_000);
  expect(found, `task ${task + 1}'s process started`).not.toBeNull();
  return pid;
}

async function endOf(session: Session): Promise<RunEndEvent> {
  const end = await session.current!;
  await new Promise((r) => setTimeout(r, 30)); // the last batch
  return end;
}

describe('a task process ended from outside', () => {
  it.each([
    ['SIGKILL', 'process was killed by SIGKILL (signal 9)'],
    ['SIGSEGV', 'process was killed by SIGSEGV (signal 11)'],
  ] as const)('%s: its task fails saying so by name; the others finish', async (signal, detail) => {
    const { session, events } = engine();
    session.start({ workload: 'io', executor: 'processes', tasks: 3, steps: 5, stepMs: 150 });
    const pid = await pidOf(events, 0);
    await timeUntil(() => printsOf(events, 0) >= 1, 10_000);
    process.kill(pid, signal);
    const end = await endOf(session);
    expect(end.status).toBe('failed');
    expect(lastState(events, 0)).toMatchObject({ state: 'failed', detail });
    expect(lastState(events, 1)?.state).toBe('done');
    expect(lastState(events, 2)?.state).toBe('done');
  });

  it('a SIGKILL while the kernel counted an OOM kill: the process ran out of memory', async () => {
    const spec = resolveRunRequest({ workload: 'cpu', executor: 'processes', tasks: 1, steps: 1, stepMs: 5000 }, 2);
    if (!spec.ok) throw new Error(spec.error);
    const events: EngineEvent[] = [];
    let kills = 4;
    const run = new Run(1, spec.value, {
      ...ENTRIES,
      processHost: forkProcessHost,
      itersPerMs: 1000,
      emit: (event) => events.push(event),
      python: { command: 'python3', dir: resolve('resources/python'), stdio: 'pipe' },
      oomKills: () => kills,
    });
    runs.push(run);
    run.start();
    const pid = await pidOf(events, 0);
    kills = 5; // the kernel's OOM killer picked one process meanwhile: this one, as we SIGKILL it
    process.kill(pid, 'SIGKILL');
    expect(await run.done).toMatchObject({ status: 'failed' });
    expect(lastState(events, 0)).toMatchObject({ state: 'failed', detail: 'process ran out of memory' });
  });

  it('a SIGKILL while no OOM kill was counted is not called one', async () => {
    const spec = resolveRunRequest({ workload: 'cpu', executor: 'processes', tasks: 1, steps: 1, stepMs: 5000 }, 2);
    if (!spec.ok) throw new Error(spec.error);
    const events: EngineEvent[] = [];
    const run = new Run(1, spec.value, {
      ...ENTRIES,
      processHost: forkProcessHost,
      itersPerMs: 1000,
      emit: (event) => events.push(event),
      python: { command: 'python3', dir: resolve('resources/python'), stdio: 'pipe' },
      oomKills: () => 4,
    });
    runs.push(run);
    run.start();
    process.kill(await pidOf(events, 0), 'SIGKILL');
    await run.done;
    expect(lastState(events, 0)?.detail).toBe('process was killed by SIGKILL (signal 9)');
  });
});

describe('out of memory', () => {
  it('a worker thread past its heap cap fails as "ran out of memory"; the other thread finishes', async () => {
    const { session, events } = engine({ threadEntry: resolve(FIXTURES, 'oom-thread.mjs') });
    session.start({ workload: 'io', executor: 'threads', tasks: 2, steps: 3, stepMs: 100 });
    const end = await endOf(session);
    expect(end.status).toBe('failed');
    expect(lastState(events, 0)).toMatchObject({ state: 'failed', detail: 'thread ran out of memory' });
    expect(lastState(events, 1)?.state).toBe('done');
  });

  it('a task process whose V8 heap is exhausted fails as "ran out of memory", not by SIGABRT\'s name', async () => {
    const { session, events } = engine({ processEntry: resolve(FIXTURES, 'oom-process.mjs') });
    // The child inherits this at fork: a small heap is exhausted in a moment.
    const before = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = '--max-old-space-size=32';
    try {
      session.start({ workload: 'io', executor: 'processes', tasks: 1, steps: 3, stepMs: 100 });
    } finally {
      if (before === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = before;
    }
    const end = await endOf(session);
    expect(end.status).toBe('failed');
    expect(lastState(events, 0)).toMatchObject({ state: 'failed', detail: 'process ran out of memory' });
  });
});

describe('a child that stops answering', () => {
  it('SIGSTOPped: the other tasks go on, and Stop ends everything within 1 s', async () => {
    const { session, events } = engine();
    session.start({ workload: 'print-sleep', executor: 'processes', tasks: 3, steps: 40, stepMs: 100 });
    const pids = [await pidOf(events, 0), await pidOf(events, 1), await pidOf(events, 2)];
    expect(await timeUntil(() => [0, 1, 2].every((task) => printsOf(events, task) >= 1), 10_000)).not.toBeNull();
    process.kill(pids[0]!, 'SIGSTOP');
    const frozenAt = printsOf(events, 0);
    const othersAt = [printsOf(events, 1), printsOf(events, 2)];
    // The others keep printing while task 1 is frozen.
    expect(
      await timeUntil(() => printsOf(events, 1) >= othersAt[0]! + 3 && printsOf(events, 2) >= othersAt[1]! + 3, 10_000),
    ).not.toBeNull();
    expect(printsOf(events, 0)).toBe(frozenAt);
    const stoppedAt = performance.now();
    session.stop();
    const end = await session.current!;
    const tookMs = performance.now() - stoppedAt;
    process.stderr.write(`faults: Stop with a SIGSTOPped task process ended the run in ${Math.round(tookMs)} ms\n`);
    expect(end.status).toBe('stopped');
    expect(tookMs).toBeLessThan(STOP_WITHIN_MS);
    expect(pids.some(living)).toBe(false);
    await new Promise((r) => setTimeout(r, 30));
    for (const task of [0, 1, 2]) expect(lastState(events, task)).toMatchObject({ state: 'stopped' });
  });

  it('ignoring SIGTERM: Stop SIGKILLs it after a short grace, within 1 s', async () => {
    const { session, events } = engine({ processEntry: resolve(FIXTURES, 'stuck-process.mjs') });
    session.start({ workload: 'io', executor: 'processes', tasks: 2, steps: 3, stepMs: 100 });
    const pids = [await pidOf(events, 0), await pidOf(events, 1)];
    const ignoring = (m: unknown): boolean => (m as { kind?: string }).kind === 'ignoring SIGTERM';
    expect(await timeUntil(() => sent.filter(ignoring).length === 2, 10_000)).not.toBeNull();
    const stoppedAt = performance.now();
    session.stop();
    const end = await Promise.race([session.current!, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
    const tookMs = performance.now() - stoppedAt;
    process.stderr.write(
      `faults: Stop with task processes ignoring SIGTERM ended the run in ${Math.round(tookMs)} ms\n`,
    );
    expect(end, 'the run never ended').not.toBeNull();
    expect(end!.status).toBe('stopped');
    expect(tookMs).toBeLessThan(STOP_WITHIN_MS);
    expect(pids.some(living)).toBe(false);
  });
});
