// The Chrome trace a record becomes (core/trace.ts): the main program's own thread track named
// `main`, its wait in join() a `join` slice and its completion line an instant on it, in the
// process it ran in (the engine's, or a Python program's); the tasks' tracks as before.
import { describe, expect, it } from 'vitest';
import { MAIN_TASK, type EngineEvent, type RunSpec } from '../../../src/core/contract';
import { toTrace, type TraceEvent } from '../../../src/core/trace';

const ENGINE = 100;

function spec(overrides: Partial<RunSpec> = {}): RunSpec {
  return {
    lesson: 'threading',
    workload: 'print-sleep',
    executor: 'threads',
    tasks: 1,
    steps: 1,
    stepMs: 1000,
    fault: null,
    joinMessage: 'Thread execution complete!',
    ...overrides,
  };
}

function record(overrides: Partial<RunSpec> = {}, mainPid = ENGINE, taskPid = ENGINE): EngineEvent[] {
  return [
    { kind: 'run-start', runId: 1, spec: spec(overrides), cores: 2, wallStart: 1_700_000_000_000 },
    { kind: 'state', runId: 1, t: 0, task: MAIN_TASK, state: 'running' },
    { kind: 'task-os', runId: 1, t: 0, task: MAIN_TASK, pid: mainPid, tid: mainPid },
    { kind: 'state', runId: 1, t: 0.1, task: 0, state: 'ready' },
    { kind: 'unit', runId: 1, t: 1, unit: 0, unitKind: 'thread', mode: 'single', tasks: [0], pid: taskPid },
    {
      kind: 'state',
      runId: 1,
      t: 2,
      task: MAIN_TASK,
      state: 'waiting',
      detail: 'join(): waiting for every task to end',
    },
    { kind: 'state', runId: 1, t: 3, task: 0, state: 'running' },
    { kind: 'print', runId: 1, t: 4, task: 0, text: '1' },
    { kind: 'state', runId: 1, t: 5, task: 0, state: 'sleeping' },
    { kind: 'state', runId: 1, t: 1005, task: 0, state: 'done' },
    { kind: 'state', runId: 1, t: 1006, task: MAIN_TASK, state: 'running' },
    { kind: 'print', runId: 1, t: 1006.5, task: MAIN_TASK, text: 'Thread execution complete!' },
    { kind: 'state', runId: 1, t: 1007, task: MAIN_TASK, state: 'done' },
    { kind: 'run-end', runId: 1, t: 1007, status: 'done', cpuMs: 1 },
  ];
}

const on = (events: TraceEvent[], pid: number, tid: number) => events.filter((e) => e.pid === pid && e.tid === tid);

describe('the trace of a run with its main program', () => {
  it('has a thread track named main with a join slice and the completion line on it', () => {
    const { traceEvents } = toTrace(record(), { enginePid: ENGINE, version: 'test' });
    const mainName = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'main')!;
    const main = on(traceEvents, mainName.pid, mainName.tid).filter((e) => e.ph !== 'M' && e.ph !== 'C');
    expect(main.map((e) => [e.ph, e.name, e.ts, e.dur])).toEqual([
      ['X', 'run', 0, 2_000],
      ['X', 'join', 2_000, 1_004_000],
      ['X', 'run', 1_006_000, 1_000],
      ['i', 'print', 1_006_500, undefined],
    ]);
    const join = main.find((e) => e.name === 'join')!;
    expect(join.args).toEqual({ detail: 'join(): waiting for every task to end' });
    // Not a task: the tasks' own tracks and slices are as they were.
    expect(main.every((e) => e.cat !== 'task')).toBe(true);
    const task = on(traceEvents, ENGINE, 1)
      .filter((e) => e.ph === 'X')
      .map((e) => e.name);
    expect(task).toEqual(['ready', 'run', 'sleep']);
  });

  it('says which of a task’s slices were inferred, and why it waited', () => {
    const events = record();
    events.splice(7, 0, {
      kind: 'state',
      runId: 1,
      t: 4.5,
      task: 0,
      state: 'waiting',
      detail: 'waited 0.5 ms for the GIL: another thread held it',
      inferred: true,
    });
    const { traceEvents } = toTrace(events, { enginePid: ENGINE, version: 'test' });
    const wait = traceEvents.find((e) => e.cat === 'task' && e.name === 'wait for lock')!;
    expect(wait.args).toEqual({ detail: 'waited 0.5 ms for the GIL: another thread held it', inferred: true });
    expect(traceEvents.find((e) => e.cat === 'task' && e.name === 'run')!.args).toBeUndefined();
  });

  it('puts a Python program’s main thread in the program’s process, named as such', () => {
    const { traceEvents } = toTrace(record({ executor: 'python-threads', python: true }, 4242, 4242), {
      enginePid: ENGINE,
      version: 'test',
    });
    const mainName = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'main')!;
    expect(mainName.pid).toBe(4242);
    expect(on(traceEvents, 4242, mainName.tid).some((e) => e.name === 'join')).toBe(true);
    const processes = traceEvents.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args?.name]);
    expect(processes).toEqual(
      expect.arrayContaining([
        [4242, 'python program'],
        [ENGINE, 'Lanes engine'],
      ]),
    );
  });

  it('still names the engine’s track main for a record without main states (an older one)', () => {
    const old = record().filter((e) => !('task' in e && e.task === MAIN_TASK && e.kind !== 'print'));
    const { traceEvents } = toTrace(old, { enginePid: ENGINE, version: 'test' });
    const mainName = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'main')!;
    expect(mainName.pid).toBe(ENGINE);
    expect(on(traceEvents, ENGINE, mainName.tid).filter((e) => e.ph === 'X')).toEqual([]);
    expect(on(traceEvents, ENGINE, mainName.tid).some((e) => e.name === 'print')).toBe(true);
  });
});
