// Real CPython, traced: the lessons' programs as written, the Python executors, failures with
// their line, and no interpreter or child outliving Stop. Needs python3 (skipped, saying so,
// where it is missing).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent, PrintEvent, RunRequest, StateEvent, UnitEvent } from '../../../src/core/contract';
import { findPython } from '../../../src/node/python/python-env';
import { testSessions } from './test-sessions';

const python = findPython();
const newSession = testSessions();

async function run(request: RunRequest): Promise<{ events: EngineEvent[]; status: string }> {
  const { session, events } = newSession();
  const accepted = session.start(request);
  if (!accepted.ok) throw new Error(accepted.error);
  const end = await session.current!;
  await new Promise((r) => setTimeout(r, 30));
  return { events, status: end.status };
}

const texts = (events: EngineEvent[]) => events.filter((e): e is PrintEvent => e.kind === 'print').map((e) => e.text);
const last = (events: EngineEvent[], task: number) =>
  events.filter((e): e is StateEvent => e.kind === 'state' && e.task === task).at(-1);

describe.skipIf(!python.available)(`real CPython (${python.version ?? 'python3 not found'})`, () => {
  it('lanes run threading --python prints exactly what python3 prints', () => {
    const program = resolve('resources/python/lessons/threading_lesson.py');
    const direct = spawnSync(python.command, [program], { encoding: 'utf8' });
    const traced = spawnSync(
      process.execPath,
      ['out/node/lanes.mjs', 'run', 'threading', '--python', '--step-ms', '50'],
      {
        encoding: 'utf8',
      },
    );
    expect(traced.status).toBe(0);
    expect(traced.stdout).toBe(direct.stdout);
    expect(traced.stdout.trim().split('\n').at(-1)).toBe('Thread execution complete!');
  }, 30_000);

  it('the multiprocessing lesson runs its worker in a separate OS process, traced', async () => {
    const { events, status } = await run({ lesson: 'multiprocessing', python: true, stepMs: 20 });
    expect(status).toBe('done');
    expect(texts(events)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => String(i + 1)),
      'Process execution complete!',
    ]);
    const os = events.find((e) => e.kind === 'task-os' && e.task === 0);
    const unit = events.find((e): e is UnitEvent => e.kind === 'unit');
    expect(unit).toMatchObject({ unitKind: 'process', tasks: [0] });
    expect(os).toMatchObject({ task: 0, pid: unit!.pid });
    expect(events.filter((e) => e.kind === 'state' && e.state === 'sleeping')).toHaveLength(10);
  });

  it('python-threads and python-processes run any workload, with the JS tasks’ output', async () => {
    const threads = await run({ workload: 'io', executor: 'python-threads', tasks: 3, steps: 2, stepMs: 30 });
    const processes = await run({ workload: 'io', executor: 'python-processes', tasks: 3, steps: 2, stepMs: 30 });
    for (const { events, status } of [threads, processes]) {
      expect(status).toBe('done');
      expect(texts(events).sort()).toEqual(
        [1, 2, 3].flatMap((n) => [1, 2].map((s) => `task ${n}: reply ${s}/2 received`)).sort(),
      );
    }
    const pids = (events: EngineEvent[]) =>
      new Set(events.flatMap((e) => (e.kind === 'task-os' && e.task >= 0 ? [e.pid] : [])));
    expect(pids(threads.events).size).toBe(1); // one interpreter, three threads
    expect(pids(processes.events).size).toBe(3); // three processes
  });

  it('an exception in a Python task fails it with the error and its line; the others finish', async () => {
    const { events, status } = await run({
      workload: 'io',
      executor: 'python-threads',
      tasks: 2,
      steps: 2,
      stepMs: 20,
      fault: { kind: 'throw', task: 2, atStep: 1 },
    });
    expect(status).toBe('failed');
    expect(last(events, 1)).toMatchObject({
      state: 'failed',
      detail: expect.stringMatching(
        /^RuntimeError: task 2 raised an error at step 1 \(injected fault\) \(line \d+ of lanes_workload\.py\)$/,
      ),
    });
    expect(last(events, 0)?.state).toBe('done');
  });

  it('Stop ends the interpreter and every process it started', async () => {
    const { session, events } = newSession();
    session.start({ workload: 'print-sleep', executor: 'python-processes', tasks: 3, steps: 5, stepMs: 10_000 });
    const deadline = Date.now() + 10_000;
    while (texts(events).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // The tasks' three processes, and the main program's (the interpreter itself).
    const taskPids = new Set(events.flatMap((e) => (e.kind === 'task-os' && e.task >= 0 ? [e.pid] : [])));
    expect(taskPids.size).toBe(3);
    const pids = [...new Set(events.flatMap((e) => (e.kind === 'task-os' ? [e.pid] : [])))];
    expect(pids).toHaveLength(4);
    session.stop();
    expect((await session.current!).status).toBe('stopped');
    const gone = (pid: number) => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    };
    const until = Date.now() + 3000;
    while (!pids.every(gone) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    expect(pids.filter((pid) => !gone(pid))).toEqual([]);
  });

  it('refuses to change a lesson program, except the pace of its sleeps', () => {
    const { session } = newSession();
    expect(session.start({ lesson: 'threading', python: true, tasks: 4 })).toEqual({
      ok: false,
      error: "The threading lesson's Python program runs as written: tasks cannot be changed (only stepMs).",
    });
    expect(session.start({ python: true })).toMatchObject({
      ok: false,
      error: expect.stringContaining('needs a lesson with a Python program'),
    });
  });
});

describe('without python3 (LANES_PYTHON pointing at nothing)', () => {
  it('says how to enable real Python and refuses Python runs with that sentence; other runs go on', async () => {
    const saved = process.env.LANES_PYTHON;
    process.env.LANES_PYTHON = '/nonexistent/python3';
    try {
      const { session } = newSession();
      const info = session.hello().python;
      expect(info).toMatchObject({ available: false, version: null });
      expect(info.note).toContain('Real-Python runs need python3');
      expect(session.start({ executor: 'python-threads' })).toEqual({ ok: false, error: info.note });
      expect(session.start({ lesson: 'threading', python: true })).toEqual({ ok: false, error: info.note });
      // The GIL lesson leaves out its CPython run, and says which.
      const gil = session.hello().lessons.find((lesson) => lesson.id === 'gil')!;
      expect(gil.runs.map((run) => run.id)).toEqual(['one', 'threads', 'gil-threads']);
      expect(gil.withoutPython).toEqual(['CPython threads']);
      expect(session.start({ lesson: 'threading', stepMs: 10 })).toMatchObject({ ok: true });
      expect((await session.current!).status).toBe('done');
    } finally {
      if (saved === undefined) delete process.env.LANES_PYTHON;
      else process.env.LANES_PYTHON = saved;
    }
  });
});
