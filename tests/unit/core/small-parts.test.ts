import { describe, expect, it } from 'vitest';
import { Batcher, type Timer } from '../../../src/core/batcher';
import { EXECUTOR_CATALOG, PYTHON_CPU_STEP } from '../../../src/core/catalog';
import { PYTHON_EXECUTORS, type EngineEvent, type RunStartEvent } from '../../../src/core/contract';
import { taskIntervals } from '../../../src/core/intervals';
import { planUnits } from '../../../src/core/plan';
import { RunRecord } from '../../../src/core/record';
import { calibrate, hashChain } from '../../../src/core/work';

function manualTimer() {
  const pending = new Map<number, () => void>();
  let next = 1;
  const timer: Timer = {
    set: (callback) => {
      pending.set(next, callback);
      return next++;
    },
    clear: (handle) => pending.delete(handle as number),
  };
  return { timer, fire: () => [...pending.values()].forEach((callback) => callback()), pending };
}

describe('Batcher', () => {
  it('holds events until the frame timer fires, then delivers them as one batch', () => {
    const batches: number[][] = [];
    const { timer, fire, pending } = manualTimer();
    const batcher = new Batcher<number>((batch) => batches.push(batch), timer, 16, 100);
    batcher.push(1);
    batcher.push(2);
    expect(batches).toEqual([]);
    expect(pending.size).toBe(1);
    fire();
    expect(batches).toEqual([[1, 2]]);
  });

  it('flushes at once when a burst reaches the size cap', () => {
    const batches: number[][] = [];
    const { timer, pending } = manualTimer();
    const batcher = new Batcher<number>((batch) => batches.push(batch), timer, 16, 3);
    [1, 2, 3, 4].forEach((n) => batcher.push(n));
    expect(batches).toEqual([[1, 2, 3]]);
    expect(pending.size).toBe(1);
  });
});

const start: RunStartEvent = {
  kind: 'run-start',
  runId: 1,
  cores: 2,
  wallStart: 0,
  spec: {
    lesson: null,
    workload: 'io',
    executor: 'threads',
    tasks: 2,
    steps: 1,
    stepMs: 1,
    fault: null,
    joinMessage: null,
  },
};

describe('RunRecord', () => {
  it('is bounded: past capacity it drops events but always keeps the run end', () => {
    const record = new RunRecord(start, 3);
    record.add({ kind: 'print', runId: 1, t: 1, task: 0, text: 'a' });
    record.add({ kind: 'print', runId: 1, t: 2, task: 0, text: 'b' });
    record.add({ kind: 'print', runId: 1, t: 3, task: 0, text: 'c' });
    expect(record.truncated).toBe(true);
    record.add({ kind: 'run-end', runId: 1, t: 4, status: 'done', cpuMs: null });
    expect(record.all().map((e) => e.kind)).toEqual(['run-start', 'print', 'print', 'run-end']);
    expect(record.snapshot()).toMatchObject({ truncated: true });
  });
});

describe('taskIntervals', () => {
  it('turns state changes into per-task intervals, open while live, closed at a terminal state', () => {
    const events: EngineEvent[] = [
      start,
      { kind: 'state', runId: 1, t: 0, task: 0, state: 'ready' },
      { kind: 'state', runId: 1, t: 0, task: 1, state: 'ready' },
      { kind: 'state', runId: 1, t: 5, task: 0, state: 'running' },
      { kind: 'state', runId: 1, t: 7, task: 1, state: 'running' },
      { kind: 'state', runId: 1, t: 9, task: 0, state: 'failed', detail: 'boom' },
    ];
    expect(taskIntervals(events, 2)).toEqual([
      [
        { task: 0, state: 'ready', start: 0, end: 5 },
        { task: 0, state: 'running', start: 5, end: 9 },
        { task: 0, state: 'failed', start: 9, end: 9, detail: 'boom' },
      ],
      [
        { task: 1, state: 'ready', start: 0, end: 7 },
        { task: 1, state: 'running', start: 7, end: null },
      ],
    ]);
  });
});

describe('planUnits', () => {
  it('places tasks as each executor says', () => {
    expect(planUnits('sequential', 3)).toEqual([
      { unit: 0, kind: 'thread', mode: 'sequential', tasks: [0, 1, 2], gil: false },
    ]);
    expect(planUnits('async', 2)[0]).toMatchObject({ mode: 'async', tasks: [0, 1] });
    expect(planUnits('threads', 2).map((u) => [u.kind, u.tasks, u.gil])).toEqual([
      ['thread', [0], false],
      ['thread', [1], false],
    ]);
    expect(planUnits('gil-threads', 2).every((u) => u.gil && u.kind === 'thread')).toBe(true);
    expect(planUnits('processes', 3).map((u) => u.kind)).toEqual(['process', 'process', 'process']);
  });
});

describe('work kernel', () => {
  it('is deterministic and depends on its input, so it cannot be skipped', () => {
    expect(hashChain(1000, 1)).toBe(hashChain(1000, 1));
    expect(hashChain(1000, 1)).not.toBe(hashChain(1001, 1));
  });

  it('calibrates iterations per millisecond against the given clock', () => {
    const rate = calibrate(() => performance.now(), 30);
    expect(rate).toBeGreaterThan(1000);
  });
});

describe('the catalog', () => {
  it('says what a CPU step is wherever a CPython executor is described: CPU time, not fixed work', () => {
    for (const id of PYTHON_EXECUTORS) {
      const blurb = EXECUTOR_CATALOG.find((entry) => entry.id === id)!.blurb;
      expect(blurb, id).toContain(PYTHON_CPU_STEP);
    }
    expect(PYTHON_CPU_STEP).toMatch(/CPU time, not fixed work/);
  });
});
