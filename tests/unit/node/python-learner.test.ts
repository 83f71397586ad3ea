// A learner's own Python program, run for real through the Session (the path the web shell and
// the desktop app take): its threads and processes on lanes, its exact output, its errors with
// their line, Stop ending everything it started, and its temporary folder gone afterwards.
// Needs python3 (skipped, saying so, where it is missing).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MAIN_TASK,
  type EngineEvent,
  type NoticeEvent,
  type PrintEvent,
  type RunRequest,
  type StateEvent,
  type UnitEvent,
} from '../../../src/core/contract';
import { findPython } from '../../../src/node/python/python-env';
import { runToEnd, testSessions } from './test-sessions';

const python = findPython();
const newSession = testSessions();

const run = (request: RunRequest) => runToEnd(newSession(), request);

const prints = (events: EngineEvent[]) => events.filter((e): e is PrintEvent => e.kind === 'print');
const texts = (events: EngineEvent[]) => prints(events).map((e) => e.text);
const states = (events: EngineEvent[], task: number) =>
  events.filter((e): e is StateEvent => e.kind === 'state' && e.task === task);
/** The task lanes that got an event (the main program's own lane, MAIN_TASK, is not a task's). */
const lanesWithEvents = (events: EngineEvent[]) =>
  [
    ...new Set(events.flatMap((e) => ((e.kind === 'state' || e.kind === 'task-os') && e.task >= 0 ? [e.task] : []))),
  ].sort();
/**
 * Whether a process no longer runs. A killed process whose parent died too stays a zombie until
 * the machine's init reaps it (in some containers a second later): it runs no code, so it counts.
 */
const gone = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return process.platform === 'linux';
  }
};
async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** Three threads, each printing after its own pause, so the order is fixed. */
const THREE_THREADS = `import threading, time

def work(n):
    time.sleep(0.15 * n)
    print(f"thread {n} says héllo")

print("start")
threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("all joined")
`;

describe.skipIf(!python.available)(`a learner's Python program (${python.version ?? 'python3 not found'})`, () => {
  it('runs three threads on three lanes and shows exactly what it prints', async () => {
    const { events, end } = await run({ source: THREE_THREADS });
    expect(end).toMatchObject({ status: 'done' });
    expect(end.error).toBeUndefined();
    expect(texts(events)).toEqual([
      'start',
      'thread 0 says héllo',
      'thread 1 says héllo',
      'thread 2 says héllo',
      'all joined',
    ]);
    expect(prints(events).map((e) => e.task)).toEqual([MAIN_TASK, 0, 1, 2, MAIN_TASK]);
    // Lanes 3..7 of the default 8 stay empty: the program started three threads.
    expect(lanesWithEvents(events)).toEqual([0, 1, 2]);
    for (const task of [0, 1, 2]) {
      // A thread may wake on a busy machine and wait a moment for the GIL or for a core: said so.
      const lane = states(events, task);
      const late = (e: StateEvent) => e.state === 'waiting' || (e.state === 'ready' && e.detail !== undefined);
      for (const wait of lane.filter(late)) expect(wait.detail).toMatch(/GIL|no core was free/);
      const shown = lane.filter((e) => !late(e)).map((e) => e.state);
      expect(shown.filter((state, i) => state !== shown[i - 1])).toEqual([
        'ready',
        'running',
        'sleeping',
        'running',
        'done',
      ]);
    }
    const units = events.filter((e): e is UnitEvent => e.kind === 'unit');
    expect(units.map((u) => [u.unitKind, u.tasks])).toEqual([
      ['thread', [0]],
      ['thread', [1]],
      ['thread', [2]],
    ]);
    const start = events.find((e) => e.kind === 'run-start');
    expect(start).toMatchObject({ spec: { python: true, program: 'learner', tasks: 8 } });
    expect(JSON.stringify(start)).not.toContain('héllo');
  });

  it('draws a process the program starts as a process, whatever the executor label says', async () => {
    const source = `import multiprocessing, os

def child():
    print("child", os.getpid() != parent)

parent = os.getpid()
if __name__ == "__main__":
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
`;
    const { events, end } = await run({ source, tasks: 2 });
    expect(end.status).toBe('done');
    expect(texts(events)).toEqual(['child True']);
    expect(events.find((e) => e.kind === 'unit')).toMatchObject({ unitKind: 'process', tasks: [0] });
  });

  it('traces processes started with the spawn and forkserver methods (the default from Python 3.14)', async () => {
    const source = `import multiprocessing

def child(n):
    print("child", n)

if __name__ == "__main__":
    for n, method in enumerate(["spawn", "forkserver"]):
        p = multiprocessing.get_context(method).Process(target=child, args=(n,))
        p.start()
        p.join()
`;
    const { events, end } = await run({ source, tasks: 2 });
    expect(end).toMatchObject({ status: 'done' });
    expect(prints(events).map((e) => [e.task, e.text])).toEqual([
      [0, 'child 0'],
      [1, 'child 1'],
    ]);
    expect(states(events, 1).at(-1)).toMatchObject({ state: 'done' });
  });

  it('shows the first N threads, says so once, and still prints every line', async () => {
    const source = `import threading, time

def work(n):
    # A quarter of a second apart: the lines keep their order on a busy machine too.
    time.sleep(0.25 * n)
    print(f"worker {n}")

threads = [threading.Thread(target=work, args=(n,)) for n in range(5)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done")
`;
    const { events, end } = await run({ source, tasks: 2 });
    expect(end.status).toBe('done');
    expect(texts(events)).toEqual(['worker 0', 'worker 1', 'worker 2', 'worker 3', 'worker 4', 'done']);
    // Lines of threads beyond the lanes belong to the program, not to a lane that did not print them.
    expect(prints(events).map((e) => e.task)).toEqual([0, 1, MAIN_TASK, MAIN_TASK, MAIN_TASK, MAIN_TASK]);
    expect(lanesWithEvents(events)).toEqual([0, 1]);
    const notices = events.filter((e): e is NoticeEvent => e.kind === 'notice');
    expect(notices).toEqual([
      {
        kind: 'notice',
        level: 'info',
        text: 'The program started more than 2 threads or processes; lanes show the first 2.',
      },
    ]);
  });

  it('a SyntaxError fails the run with the message and its line in program.py', async () => {
    const { events, end } = await run({ source: 'print("never")\n\nx = (1,\n' });
    expect(end.status).toBe('failed');
    expect(end.error).toMatch(/^SyntaxError: .+ \(line 3 of program\.py\)$/);
    expect(texts(events)).toEqual([]);
    expect(lanesWithEvents(events)).toEqual([]);
  });

  it('an exception in the main program fails the run with its last traceback line and line number', async () => {
    const { events, end } = await run({ source: 'print("before")\nimport json\njson.loads("{")\n' });
    expect(end.status).toBe('failed');
    // The program's own line (3), not the line inside the json module that raised.
    expect(end.error).toMatch(/^JSONDecodeError: .+ \(line 3 of program\.py\)$/);
    expect(texts(events)).toEqual(['before']);
  });

  it('an exception in a thread fails that lane with its line; the others finish', async () => {
    const source = `import threading

def ok():
    print("fine")

def bad():
    return 1 / 0

a = threading.Thread(target=ok)
b = threading.Thread(target=bad)
a.start(); a.join()
b.start(); b.join()
print("main carries on")
`;
    const { events, end } = await run({ source, tasks: 4 });
    expect(end.status).toBe('failed');
    expect(states(events, 0).at(-1)).toMatchObject({ state: 'done' });
    expect(states(events, 1).at(-1)).toMatchObject({
      state: 'failed',
      detail: 'ZeroDivisionError: division by zero (line 7 of program.py)',
    });
    expect(texts(events)).toEqual(['fine', 'main carries on']);
  });

  it('a program that exits with an error code fails the run', async () => {
    const { end } = await run({ source: 'import sys\nsys.exit(3)\n' });
    expect(end).toMatchObject({ status: 'failed', error: 'the program exited with code 3', exitStatus: 3 });
  });

  it('Stop ends a busy loop within 2 s, leaving no process and no folder', async () => {
    const { session, events } = newSession();
    session.start({ source: 'import os\nprint(os.getpid(), os.getcwd(), flush=True)\nwhile True: pass\n' });
    await until(() => texts(events).length > 0, 10_000);
    const [pid, dir] = texts(events)[0]!.split(' ');
    expect(existsSync(`${dir}/program.py`)).toBe(true);
    const stoppedAt = Date.now();
    session.stop();
    const end = await session.current!;
    expect(end.status).toBe('stopped');
    expect(end.error).toBeUndefined();
    // Stopped, it did not run to its end: it has no exit status of its own.
    expect(end.exitStatus).toBeUndefined();
    await until(() => gone(Number(pid)), 2_000 - (Date.now() - stoppedAt));
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(gone(Number(pid))).toBe(true);
    expect(existsSync(dir!)).toBe(false);
  });

  it('Stop ends a process the program started that sleeps forever', async () => {
    const { session, events } = newSession();
    const source = `import multiprocessing, os, time

def forever():
    print("child up", flush=True)
    time.sleep(10**6)

if __name__ == "__main__":
    print(os.getpid(), flush=True)
    p = multiprocessing.Process(target=forever)
    p.start()
    p.join()
`;
    session.start({ source, tasks: 1 });
    await until(() => texts(events).length >= 2 && events.some((e) => e.kind === 'task-os'), 10_000);
    const main = Number(texts(events)[0]);
    const child = events.find((e) => e.kind === 'task-os')!;
    const pids = [main, (child as { pid: number }).pid];
    expect(pids.every((pid) => !gone(pid))).toBe(true);
    const stoppedAt = Date.now();
    session.stop();
    expect((await session.current!).status).toBe('stopped');
    await until(() => pids.every(gone), 2_000 - (Date.now() - stoppedAt));
    expect(Date.now() - stoppedAt).toBeLessThan(2_000);
    expect(pids.filter((pid) => !gone(pid))).toEqual([]);
    expect(states(events, 0).at(-1)).toMatchObject({ state: 'stopped' });
  });

  it('removes the folder when the program ends by itself', async () => {
    const { events, end } = await run({ source: 'import os\nopen("left.txt", "w").write("x")\nprint(os.getcwd())\n' });
    expect(end.status).toBe('done');
    const dir = texts(events)[0]!;
    expect(dir).toMatch(/lanes-program-/);
    expect(existsSync(dir)).toBe(false);
  });
});

describe('a learner program without python3 (LANES_PYTHON pointing at nothing)', () => {
  it('is refused with the sentence that says how to enable real Python', () => {
    const saved = process.env.LANES_PYTHON;
    process.env.LANES_PYTHON = '/nonexistent/python3';
    try {
      const { session } = newSession();
      const note = session.hello().python.note;
      expect(note).toContain('Real-Python runs need python3');
      expect(session.start({ source: 'print(1)\n' })).toEqual({ ok: false, error: note });
    } finally {
      if (saved === undefined) delete process.env.LANES_PYTHON;
      else process.env.LANES_PYTHON = saved;
    }
  });
});
