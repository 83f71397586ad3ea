import { describe, expect, it } from 'vitest';
import { parseUnitMessage, parseWsCall, resolveRunRequest, validatePayload } from '../../../src/core/validate';

describe('resolveRunRequest', () => {
  it('resolves a lesson to its program, with the join line', () => {
    const result = resolveRunRequest({ lesson: 'threading' }, 2);
    expect(result).toEqual({
      ok: true,
      value: {
        lesson: 'threading',
        workload: 'print-sleep',
        executor: 'threads',
        tasks: 1,
        steps: 10,
        stepMs: 1000,
        fault: null,
        joinMessage: 'Thread execution complete!',
        python: false,
      },
    });
    expect(resolveRunRequest({ lesson: 'multiprocessing' }, 2)).toMatchObject({
      ok: true,
      value: { executor: 'processes', joinMessage: 'Process execution complete!' },
    });
  });

  it('lets explicit fields override a lesson and fills the rest from the workload defaults', () => {
    expect(resolveRunRequest({ lesson: 'threading', stepMs: 50, tasks: 3 }, 2)).toMatchObject({
      ok: true,
      value: { executor: 'threads', tasks: 3, steps: 10, stepMs: 50 },
    });
    expect(resolveRunRequest({ workload: 'cpu', executor: 'processes' }, 2)).toMatchObject({
      ok: true,
      value: { lesson: null, workload: 'cpu', tasks: 1, steps: 4, stepMs: 400, joinMessage: null },
    });
  });

  it.each([
    [{ tasks: 0 }, 'Tasks must be a whole number from 1 to 64 (got 0).'],
    [{ tasks: 65 }, 'Tasks must be a whole number from 1 to 64 (got 65).'],
    [{ tasks: 2.5 }, 'Tasks must be a whole number from 1 to 64 (got 2.5).'],
    [{ tasks: '4' }, 'Tasks must be a whole number from 1 to 64 (got "4").'],
    [{ steps: 0 }, 'Steps must be a whole number from 1 to 100 (got 0).'],
    [{ stepMs: 60_001 }, 'Step length (ms) must be a whole number from 1 to 60000 (got 60001).'],
    [{ workload: 'gpu' }, 'Unknown workload "gpu"; workloads are: print-sleep, cpu, io, mixed, amdahl.'],
    [
      { executor: 'fibers' },
      'Unknown executor "fibers"; executors are: sequential, async, threads, gil-threads, processes, python-threads, python-processes.',
    ],
    [
      { lesson: 'nope' },
      'Unknown lesson "nope"; lessons are: threading, multiprocessing, cpu-bound, io-bound, event-loop, gil, oversubscribe, amdahl, startup.',
    ],
    [{ colour: 'red' }, 'Unknown run parameter "colour".'],
    [null, 'A run request must be an object (got null).'],
    [[1], 'A run request must be an object (got a list).'],
    [
      { tasks: 2, fault: { kind: 'throw', task: 3, atStep: 1 } },
      'fault.task must be a whole number from 1 to 2 (got 3).',
    ],
    [{ fault: { kind: 'segfault', task: 1, atStep: 1 } }, 'fault.kind must be one of throw, exit (got "segfault").'],
  ])('refuses %j with a clear message', (input, message) => {
    expect(resolveRunRequest(input, 2)).toEqual({ ok: false, error: message });
  });

  it.each(['sequential', 'async', 'threads', 'gil-threads'] as const)(
    'runs the amdahl workload on %s, whose tasks share memory',
    (executor) => {
      expect(resolveRunRequest({ workload: 'amdahl', executor, tasks: 2 }, 2)).toMatchObject({
        ok: true,
        value: { workload: 'amdahl', executor, tasks: 2, steps: 4, stepMs: 400 },
      });
    },
  );

  it.each([
    ['processes', 'each process has memory of its own'],
    ['python-threads', 'Python runs in an interpreter of its own'],
    ['python-processes', 'Python runs in an interpreter of its own'],
  ])('refuses the amdahl workload on %s, saying which executors can run it', (executor, why) => {
    const choose =
      'The amdahl workload needs tasks that share memory, to share one lock: ' +
      'choose sequential, async, threads or threads with a GIL';
    expect(resolveRunRequest({ workload: 'amdahl', executor }, 2)).toEqual({
      ok: false,
      error: `${choose} (${executor}: ${why}).`,
    });
    // Also when the workload comes from the lesson and only the executor is chosen.
    expect(resolveRunRequest({ lesson: 'amdahl', executor }, 2)).toEqual({
      ok: false,
      error: `${choose} (${executor}: ${why}).`,
    });
  });

  it('accepts a fault within the run', () => {
    expect(resolveRunRequest({ tasks: 2, steps: 3, fault: { kind: 'exit', task: 2, atStep: 3 } }, 2)).toMatchObject({
      ok: true,
      value: { fault: { kind: 'exit', task: 2, atStep: 3 } },
    });
  });
});

describe('parseWsCall', () => {
  it('parses a well-formed call', () => {
    expect(parseWsCall('{"kind":"call","id":7,"command":"stop"}')).toEqual({
      ok: true,
      value: { kind: 'call', id: 7, command: 'stop', payload: null },
    });
  });

  it.each([
    ['not json', 'Message is not valid JSON.'],
    ['{"kind":"hello"}', 'Message must be {"kind":"call","id":…,"command":…}.'],
    ['{"kind":"call","id":-1,"command":"stop"}', 'Message id must be a non-negative integer.'],
    ['{"kind":"call","id":1,"command":"rm"}', 'Unknown command "rm".'],
    ['{"kind":"call","id":1,"command":"__proto__"}', 'Unknown command "__proto__".'],
    [`{"kind":"call","id":1,"command":"run","payload":"${'x'.repeat(70_000)}"}`, 'Message too large.'],
  ])('refuses %s', (raw, message) => {
    expect(parseWsCall(raw)).toEqual({ ok: false, error: message });
  });
});

describe('validatePayload', () => {
  it('refuses parameters on commands that take none, and non-objects for run', () => {
    expect(validatePayload('stop', { now: true })).toEqual({ ok: false, error: 'stop takes no parameters.' });
    expect(validatePayload('run', 'threading')).toEqual({ ok: false, error: 'run needs a request object.' });
    expect(validatePayload('hello', undefined)).toEqual({ ok: true, value: null });
  });
});

describe('parseUnitMessage', () => {
  it('keeps well-formed task messages of this run and drops anything else', () => {
    expect(parseUnitMessage({ kind: 'print', runId: 3, t: 1.5, task: 1, text: 'hi' }, 3, 2)).toEqual({
      kind: 'print',
      runId: 3,
      t: 1.5,
      task: 1,
      text: 'hi',
    });
    expect(parseUnitMessage({ kind: 'print', runId: 2, t: 1.5, task: 1, text: 'old run' }, 3, 2)).toBeNull();
    expect(parseUnitMessage({ kind: 'print', runId: 3, t: 1.5, task: 2, text: 'no such task' }, 3, 2)).toBeNull();
    expect(parseUnitMessage({ kind: 'state', runId: 3, t: 1, task: 0, state: 'dancing' }, 3, 2)).toBeNull();
    expect(parseUnitMessage({ kind: 'state', runId: 3, t: Number.NaN, task: 0, state: 'done' }, 3, 2)).toBeNull();
    expect(parseUnitMessage({ kind: 'finished', runId: 3, unit: 0, cpuMs: -4 }, 3, 2)).toBeNull();
    expect(parseUnitMessage({ kind: 'finished', runId: 3, unit: 0, cpuMs: null }, 3, 2)).toEqual({
      kind: 'finished',
      runId: 3,
      unit: 0,
      cpuMs: null,
    });
    expect(parseUnitMessage('garbage', 3, 2)).toBeNull();
  });
});
