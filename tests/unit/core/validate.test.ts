import { describe, expect, it } from 'vitest';
import { LIMITS, MAX_WS_MESSAGE_BYTES } from '../../../src/core/contract';
import {
  parseUnitMessage,
  parseWsCall,
  resolveRun,
  resolveRunRequest,
  validatePayload,
} from '../../../src/core/validate';

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
    // A key from outside is quoted and cut short, never echoed whole (found by the fuzz test).
    [{ ['k'.repeat(5000)]: 1 }, `Unknown run parameter "${'k'.repeat(40)}…".`],
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

describe('resolveRun with a learner program (source)', () => {
  const source = 'print("hi")\n';

  it('resolves to a learner Python run: 8 lanes by default, the text beside the spec, not in it', () => {
    const result = resolveRun({ source }, 2);
    expect(result).toEqual({
      ok: true,
      value: {
        source,
        spec: {
          lesson: null,
          workload: 'print-sleep',
          executor: 'python-threads',
          tasks: 8,
          steps: 1,
          stepMs: 1000,
          fault: null,
          joinMessage: null,
          python: true,
          program: 'learner',
        },
      },
    });
    expect(JSON.stringify(result.ok && result.value.spec)).not.toContain('hi');
    expect(resolveRunRequest({ source }, 2)).toMatchObject({ ok: true, value: { program: 'learner' } });
  });

  it('keeps tasks, the executor label and the lesson; accepts python: false and fault: null', () => {
    expect(
      resolveRun(
        { source, tasks: 3, executor: 'python-processes', lesson: 'threading', python: false, fault: null },
        2,
      ),
    ).toMatchObject({
      ok: true,
      value: { spec: { tasks: 3, executor: 'python-processes', lesson: 'threading', program: 'learner' } },
    });
    expect(resolveRun({ source, tasks: 64 }, 2)).toMatchObject({ ok: true, value: { spec: { tasks: 64 } } });
  });

  it('takes a program of exactly MAX_SOURCE_BYTES, counting UTF-8 bytes', () => {
    expect(LIMITS.MAX_SOURCE_BYTES).toBe(65_536);
    const exact = `#${'x'.repeat(LIMITS.MAX_SOURCE_BYTES - 1)}`;
    expect(resolveRun({ source: exact }, 2).ok).toBe(true);
    // "é" is 2 bytes: 32 768 of them fill the limit, one more is over it.
    expect(resolveRun({ source: 'é'.repeat(LIMITS.MAX_SOURCE_BYTES / 2) }, 2).ok).toBe(true);
    expect(resolveRun({ source: 'é'.repeat(LIMITS.MAX_SOURCE_BYTES / 2 + 1) }, 2)).toEqual({
      ok: false,
      error: 'source is too long: 65538 bytes of UTF-8, at most 65536 (64 KiB).',
    });
  });

  it.each([
    [{ source: 42 }, "source must be the program's text (got 42)."],
    [{ source: '' }, 'source is empty: write a Python program to run.'],
    [{ source: ' \n\t\n' }, 'source is empty: write a Python program to run.'],
    [
      { source: `${'x'.repeat(LIMITS.MAX_SOURCE_BYTES)}\n` },
      'source is too long: 65537 bytes of UTF-8, at most 65536 (64 KiB).',
    ],
    [{ source: 'a = 1\nb = "\0"\n' }, 'source has a NUL character (line 2); Python cannot run a program with one.'],
    [
      { source, python: true },
      "source cannot go with python: true (that runs a lesson's own program); send one or the other.",
    ],
    ...(['workload', 'steps', 'stepMs', 'fault'] as const).map((key): [Record<string, unknown>, string] => [
      { source, [key]: key === 'workload' ? 'cpu' : key === 'fault' ? { kind: 'throw', task: 1, atStep: 1 } : 2 },
      `source cannot go with ${key}: your program decides what it runs (only tasks and executor may go with it).`,
    ]),
    [
      { source, executor: 'threads' },
      'With source, executor must be python-threads or python-processes (got "threads").',
    ],
    [{ source, tasks: 0 }, 'Tasks must be a whole number from 1 to 64 (got 0).'],
    [{ source, tasks: 65 }, 'Tasks must be a whole number from 1 to 64 (got 65).'],
    [{ source, tasks: 2.5 }, 'Tasks must be a whole number from 1 to 64 (got 2.5).'],
    [{ source, lesson: 'nope' }, expect.stringMatching(/^Unknown lesson "nope"; lessons are: /)],
    [{ source, code: 'x' }, 'Unknown run parameter "code".'],
  ])('refuses %j', (request, message) => {
    expect(resolveRun(request, 2)).toEqual({ ok: false, error: message });
  });

  it('lets a WebSocket call carry the largest program, however JSON escapes it', () => {
    const worst = '\u0001'.repeat(LIMITS.MAX_SOURCE_BYTES);
    const raw = JSON.stringify({ kind: 'call', id: 1, command: 'run', payload: { source: worst, tasks: 64 } });
    expect(parseWsCall(raw).ok).toBe(true);
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
    [`{"kind":"call","id":1,"command":"run","payload":"${'x'.repeat(MAX_WS_MESSAGE_BYTES)}"}`, 'Message too large.'],
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
