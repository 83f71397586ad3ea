// CPython's GIL, made visible by the tracer: computing threads of one interpreter take turns
// (each drawn waiting while another holds the GIL), a thread alone or a process never waits for
// it, and a wait inside a call is named by the call. Runs with this machine's python3 (the tracer
// watches with sys.setprofile before 3.12) and, where one is found, with a Python 3.12+ too (the
// tracer watches with sys.monitoring): LANES_TEST_PYTHON_312, or the CPython that
// scripts/fetch-cpython.sh puts in .cache/. Each block is skipped, saying so, without its Python.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent, RunEndEvent, RunRequest, StateEvent } from '../../../src/core/contract';
import { findPython } from '../../../src/node/python/python-env';
import { EXAMPLES } from '../../../src/renderer/lib/code/program-source';
import { runToEnd, testSessions } from '../node/test-sessions';

const newSession = testSessions();

async function run(request: RunRequest): Promise<{ events: EngineEvent[]; end: RunEndEvent }> {
  const made = newSession();
  // The interpreter asked for, not some other python3.
  const wanted = findPython();
  expect(made.session.hello().python).toMatchObject({ available: true, version: wanted.version });
  return runToEnd(made, request);
}

const states = (events: EngineEvent[], task: number) =>
  events.filter((e): e is StateEvent => e.kind === 'state' && e.task === task);

interface Span {
  state: string;
  from: number;
  to: number;
  detail?: string;
}

/** A task's lane as spans between its state changes, from its first state to its last. */
function spans(events: EngineEvent[], task: number): Span[] {
  const list = states(events, task);
  return list.slice(0, -1).map((event, i) => ({
    state: event.state,
    from: event.t,
    to: list[i + 1]!.t,
    ...(event.detail !== undefined ? { detail: event.detail } : {}),
  }));
}

const total = (list: Span[], state: string) =>
  list.filter((span) => span.state === state).reduce((sum, span) => sum + (span.to - span.from), 0);

function overlap(a: Span[], b: Span[]): number {
  let sum = 0;
  for (const x of a) for (const y of b) sum += Math.max(0, Math.min(x.to, y.to) - Math.max(x.from, y.from));
  return sum;
}

const CPU = { workload: 'cpu', steps: 3, stepMs: 200 } as const;

const example = (id: string): string => EXAMPLES.find((each) => each.id === id)!.source;
/** Share of a lane's time from its first running to its end spent waiting. */
function waitingShare(events: EngineEvent[], task: number): number {
  const lane = spans(events, task);
  const busy = total(lane, 'running') + total(lane, 'waiting');
  return busy > 0 ? total(lane, 'waiting') / busy : 0;
}

function interpreters(): { label: string; command: string | undefined }[] {
  const fetched = resolve('.cache/cpython/python3');
  const newer = process.env.LANES_TEST_PYTHON_312 || (existsSync(fetched) ? fetched : undefined);
  return [
    { label: 'python3', command: undefined },
    { label: 'Python 3.12+', command: newer },
  ];
}

for (const { label, command } of interpreters()) {
  const saved = process.env.LANES_PYTHON;
  const python =
    command === undefined && label !== 'python3'
      ? null
      : findPython({ ...process.env, ...(command ? { LANES_PYTHON: command } : {}) });
  const usable =
    python !== null && python.available && (label === 'python3' || Number(python.version!.split('.')[1]) >= 12);
  if (!usable) {
    console.log(
      `NOTE: no ${label} here: its GIL tests were NOT run${label === 'python3' ? '' : ' (run scripts/fetch-cpython.sh, or set LANES_TEST_PYTHON_312)'}`,
    );
  }

  describe.skipIf(!usable)(`the GIL in real CPython, ${label} (${python?.version ?? 'not found'})`, () => {
    beforeAll(() => {
      if (command) process.env.LANES_PYTHON = command;
    });
    afterAll(() => {
      if (saved === undefined) delete process.env.LANES_PYTHON;
      else process.env.LANES_PYTHON = saved;
    });

    it('two computing threads take turns: each waits for the GIL about half the time, never both at once', async () => {
      const { events, end } = await run({ ...CPU, executor: 'python-threads', tasks: 2 });
      expect(end.status).toBe('done');
      const lanes = [spans(events, 0), spans(events, 1)];
      for (const lane of lanes) {
        const busy = total(lane, 'running') + total(lane, 'waiting');
        const waiting = total(lane, 'waiting');
        expect(waiting / busy).toBeGreaterThan(0.25);
        expect(waiting / busy).toBeLessThan(0.75);
        const waits = lane.filter((span) => span.state === 'waiting');
        // Handed over every few milliseconds, not once.
        expect(waits.length).toBeGreaterThan(20);
        expect(waits.every((span) => /GIL/.test(span.detail ?? ''))).toBe(true);
        // Each lane stays in time order.
        expect(lane.every((span) => span.to >= span.from)).toBe(true);
      }
      const both = overlap(
        lanes[0]!.filter((span) => span.state === 'waiting'),
        lanes[1]!.filter((span) => span.state === 'waiting'),
      );
      expect(both / total(lanes[0]!, 'waiting')).toBeLessThan(0.2);
      // Only the GIL's holder runs Python: the lanes are seldom drawn running at once (the
      // hand-overs are placed to within a call or so).
      const together = overlap(
        lanes[0]!.filter((span) => span.state === 'running'),
        lanes[1]!.filter((span) => span.state === 'running'),
      );
      expect(together / total(lanes[0]!, 'running')).toBeLessThan(0.15);
    }, 30_000);

    it('a thread alone, threads that wait for replies, and processes do not wait for the GIL', async () => {
      const alone = await run({ ...CPU, executor: 'python-threads', tasks: 1 });
      const io = await run({ workload: 'io', executor: 'python-threads', tasks: 3, steps: 3, stepMs: 100 });
      const processes = await run({ ...CPU, executor: 'python-processes', tasks: 2 });
      for (const { events, end } of [alone, io, processes]) {
        expect(end.status).toBe('done');
        // The tasks' lanes: the main program waits in join() by design.
        const tasks = new Set(events.flatMap((e) => (e.kind === 'state' && e.task >= 0 ? [e.task] : [])));
        for (const task of tasks) {
          const lane = spans(events, task);
          const busy = lane.reduce((sum, span) => sum + (span.to - span.from), 0);
          expect(total(lane, 'waiting') / busy).toBeLessThan(0.1);
        }
      }
    }, 60_000);

    it('the code panel’s examples show what they say: threads take turns, processes compute at once', async () => {
      const threads = await run({ source: example('gil'), tasks: 2 });
      const processes = await run({ source: example('processes'), tasks: 2 });
      expect(threads.end.status).toBe('done');
      expect(processes.end.status).toBe('done');
      for (const task of [0, 1]) {
        expect(waitingShare(threads.events, task)).toBeGreaterThan(0.25);
        expect(waitingShare(processes.events, task)).toBeLessThan(0.1);
      }
      // Watching leaves the turns as the interpreter makes them: the main program gets its turn
      // to start the second thread within a few switch intervals (5 ms each). A watcher that let
      // go of the GIL at every look starved the waiting thread: the second thread began 250 ms
      // after the first under Python 3.13.
      const firstState = (task: number) => states(threads.events, task)[0]!.t;
      expect(firstState(1) - firstState(0)).toBeLessThan(60);
      const pids = new Set(processes.events.flatMap((e) => (e.kind === 'task-os' && e.task >= 0 ? [e.pid] : [])));
      expect(pids.size).toBe(2);
    }, 60_000);

    it('a wait inside a call is named by the call; the sleeping thread is drawn asleep', async () => {
      const source = `import threading, time

lock = threading.Lock()

def holder():
    lock.acquire()
    time.sleep(0.4)
    lock.release()

def taker():
    time.sleep(0.05)
    lock.acquire()
    lock.release()

threads = [threading.Thread(target=holder), threading.Thread(target=taker)]
for t in threads:
    t.start()
for t in threads:
    t.join()
`;
      const { events, end } = await run({ source, tasks: 2 });
      expect(end.status).toBe('done');
      const taker = spans(events, 1).filter((span) => span.state === 'waiting');
      const inAcquire = taker.filter((span) => /acquire\(\)/.test(span.detail ?? ''));
      expect(inAcquire.reduce((sum, span) => sum + span.to - span.from, 0)).toBeGreaterThan(250);
      expect(total(spans(events, 0), 'sleeping')).toBeGreaterThan(350);
    }, 30_000);

    // The kernel counts the time a thread spends ready on its run queue with no core free
    // (/proc/thread-self/schedstat): a thread that shares its one core with another program
    // waits for the core, not for the GIL, and is drawn so.
    it.skipIf(process.platform !== 'linux')(
      'a lone thread sharing its core with another program is drawn ready for a core, not waiting for the GIL',
      async () => {
        const source = `import os, signal, threading, time

os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
rival = os.fork()
if rival == 0:
    end = time.time() + 5
    while time.time() < end:
        pass
    os._exit(0)
time.sleep(0.2)

def step(x):
    for i in range(2000):
        x = (x * 31 + i) & 0xFFFF
    return x

def compute():
    end = time.thread_time() + 0.5
    x = 1
    while time.thread_time() < end:
        x = step(x)

worker = threading.Thread(target=compute)
worker.start()
worker.join()
os.kill(rival, signal.SIGKILL)
os.waitpid(rival, 0)
`;
        const { events, end } = await run({ source, tasks: 1 });
        expect(end.status).toBe('done');
        const lane = spans(events, 0);
        const busy = lane.reduce((sum, span) => sum + (span.to - span.from), 0);
        // Half the core went to the rival: the thread was ready, not waiting for a GIL no one held.
        expect(total(lane, 'ready') / busy).toBeGreaterThan(0.2);
        expect(total(lane, 'waiting') / busy).toBeLessThan(0.1);
        const ready = lane.filter((span) => span.state === 'ready' && span.detail !== undefined);
        expect(ready.every((span) => /no core was free/.test(span.detail!))).toBe(true);
        const inferred = states(events, 0).filter((e) => e.state === 'ready' && e.detail !== undefined);
        expect(inferred.length).toBeGreaterThan(0);
        expect(inferred.every((e) => e.inferred === true)).toBe(true);
      },
      30_000,
    );
  });
}
