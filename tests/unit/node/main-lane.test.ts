// The main program as a lane of its own, for real: the engine is the main program of a Node run
// (it starts the tasks, waits in join() until every one has ended, prints the completion line);
// a real CPython program's main thread is the main program of a Python run, as its tracer sees it.
// The main lane is never a task: no task count, no unit and no sampled thread is ever its.
import { describe, expect, it } from 'vitest';
import {
  EXECUTORS,
  MAIN_TASK,
  PYTHON_EXECUTORS,
  type EngineEvent,
  type PrintEvent,
  type RunRequest,
  type StateEvent,
  type TaskOsEvent,
} from '../../../src/core/contract';
import { findPython } from '../../../src/node/python/python-env';
import { runToEnd, testSessions } from './test-sessions';

const newSession = testSessions();
const python = findPython();

async function run(request: RunRequest): Promise<{ events: EngineEvent[]; status: string; error?: string }> {
  const { events, end } = await runToEnd(newSession(), request);
  return { events, status: end.status, ...(end.error !== undefined ? { error: end.error } : {}) };
}

const mainStates = (events: EngineEvent[]): StateEvent[] =>
  events.filter((e): e is StateEvent => e.kind === 'state' && e.task === MAIN_TASK);
const taskStates = (events: EngineEvent[], task: number): StateEvent[] =>
  events.filter((e): e is StateEvent => e.kind === 'state' && e.task === task);
/**
 * The main lane as its states in order, repeats merged; its waits for the GIL or, on a busy
 * machine, for a free core (inferred by its GIL watch, or late from a sleep) left out: they come
 * and go with the load.
 */
const mainLane = (events: EngineEvent[]): string[] =>
  mainStates(events)
    .filter((e) => e.inferred !== true && !/^woke on time/.test(e.detail ?? ''))
    .map((e) => e.state)
    .filter((state, i, all) => state !== all[i - 1]);
const joinPrint = (events: EngineEvent[]): PrintEvent | undefined =>
  events.find((e): e is PrintEvent => e.kind === 'print' && e.task === MAIN_TASK);

describe('the engine as the main program of a Node run', () => {
  it('the threading lesson: main starts the thread, waits in join() while it sleeps, then prints', async () => {
    const { events, status } = await run({ lesson: 'threading', stepMs: 20 });
    expect(status).toBe('done');
    expect(mainLane(events)).toEqual(['running', 'waiting', 'running', 'done']);
    const [started, joining, woke, done] = mainStates(events);
    expect(joining!.detail).toMatch(/^join\(\)/);
    const task = taskStates(events, 0);
    // Two things in progress: main waits in join() for the whole of the thread's life.
    expect(started!.t).toBeLessThanOrEqual(task[0]!.t);
    expect(joining!.t).toBeLessThanOrEqual(task.find((e) => e.state === 'running')!.t);
    expect(woke!.t).toBeGreaterThanOrEqual(task.at(-1)!.t);
    const line = joinPrint(events)!;
    expect(line.text).toBe('Thread execution complete!');
    expect(line.t).toBeGreaterThanOrEqual(woke!.t);
    expect(done!.t).toBeGreaterThanOrEqual(line.t);
    // The engine's own process and main thread.
    const os = events.find((e): e is TaskOsEvent => e.kind === 'task-os' && e.task === MAIN_TASK);
    expect(os).toMatchObject({ pid: process.pid });
  });

  it.each(EXECUTORS.filter((executor) => !PYTHON_EXECUTORS.includes(executor)))(
    '%s: one main lane, waiting in join() until the last task ended, and never a task',
    async (executor) => {
      const { events, status } = await run({ workload: 'io', executor, tasks: 3, steps: 1, stepMs: 20 });
      expect(status).toBe('done');
      expect(mainLane(events)).toEqual(['running', 'waiting', 'running', 'done']);
      const lastTaskEnd = Math.max(...[0, 1, 2].map((task) => taskStates(events, task).at(-1)!.t));
      const joined = mainStates(events)[2]!;
      expect(joined.t).toBeGreaterThanOrEqual(lastTaskEnd);
      for (const event of events) {
        if (event.kind === 'unit') expect(event.tasks).not.toContain(MAIN_TASK);
      }
    },
  );

  it('Stop stops the main program too', async () => {
    const made = newSession();
    made.session.start({ lesson: 'threading', stepMs: 2_000 });
    await new Promise((r) => setTimeout(r, 300));
    made.session.stop();
    await made.session.current;
    await new Promise((r) => setTimeout(r, 30));
    expect(mainLane(made.events).at(-1)).toBe('stopped');
    expect(joinPrint(made.events)).toBeUndefined();
  });
});

describe.skipIf(!python.available)(`a CPython program's main thread (${python.version ?? 'no python3'})`, () => {
  it('the threading lesson, --python: main waits in join() for the thread, then prints', async () => {
    const { events, status } = await run({ lesson: 'threading', python: true, stepMs: 20 });
    expect(status).toBe('done');
    expect(mainLane(events)).toEqual(['running', 'waiting', 'running', 'done']);
    // The join's wait, by its words: a moment's wait for the GIL or a free core as the thread
    // starts (inferred by the GIL watch, as mainLane leaves out) may come just before it.
    const waits = mainStates(events).filter((e) => e.state === 'waiting');
    const joining = waits.find((e) => e.detail === 'join(): waiting for task 1 to end')!;
    expect(joining, `the main thread's waits: ${waits.map((e) => e.detail).join(' | ')}`).toBeDefined();
    expect(waits.filter((e) => e !== joining).every((e) => e.inferred === true)).toBe(true);
    const task = taskStates(events, 0);
    expect(joining.t).toBeLessThan(task.at(-1)!.t);
    const line = joinPrint(events)!;
    expect(line.text).toBe('Thread execution complete!');
    expect(line.t).toBeGreaterThanOrEqual(
      mainStates(events)
        .filter((e) => e.state === 'running')
        .at(-1)!.t,
    );
    // Main and its thread share one process: the program's, not the engine's.
    const os = (task: number) => events.find((e): e is TaskOsEvent => e.kind === 'task-os' && e.task === task);
    expect(os(MAIN_TASK)!.pid).toBe(os(0)!.pid);
    expect(os(MAIN_TASK)!.pid).not.toBe(process.pid);
  });

  it('the multiprocessing lesson, --python: main in its own process joins the worker process', async () => {
    const { events, status } = await run({ lesson: 'multiprocessing', python: true, stepMs: 20 });
    expect(status).toBe('done');
    expect(mainLane(events)).toEqual(['running', 'waiting', 'running', 'done']);
    const os = (task: number) => events.find((e): e is TaskOsEvent => e.kind === 'task-os' && e.task === task);
    expect(os(MAIN_TASK)!.pid).not.toBe(os(0)!.pid);
    expect(joinPrint(events)!.text).toBe('Process execution complete!');
  });

  it('python-threads: main joins each task in turn; its sleeps are drawn asleep', async () => {
    const { events, status } = await run({ source: 'import time\ntime.sleep(0.05)\nprint("slept")\n', tasks: 2 });
    expect(status).toBe('done');
    expect(mainLane(events)).toEqual(['running', 'sleeping', 'running', 'done']);
    const workload = await run({ workload: 'io', executor: 'python-threads', tasks: 2, steps: 1, stepMs: 50 });
    const joins = mainStates(workload.events).filter((e) => e.state === 'waiting' && /^join\(\)/.test(e.detail ?? ''));
    expect(joins.map((e) => e.detail)).toEqual([
      'join(): waiting for task 1 to end',
      'join(): waiting for task 2 to end',
    ]);
  });

  it('an exception in the main program fails the main lane, not a task', async () => {
    const { events, status, error } = await run({ source: 'x = 1\nraise ValueError("no")\n' });
    expect(status).toBe('failed');
    expect(mainLane(events)).toEqual(['running', 'failed']);
    expect(mainStates(events).at(-1)!.detail).toBe(error);
    expect(error).toMatch(/^ValueError: no \(line 2 of program\.py\)$/);
  });

  it('a program that exits with an error code ends its main lane failed, saying so', async () => {
    const { events, status } = await run({ source: 'import sys\nsys.exit(3)\n' });
    expect(status).toBe('failed');
    expect(mainLane(events)).toEqual(['running', 'failed']);
    expect(mainStates(events).at(-1)!.detail).toMatch(/code 3/);
  });
});
