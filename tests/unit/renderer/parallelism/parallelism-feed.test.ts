import { describe, expect, it } from 'vitest';
import type { EngineEvent, SampleEvent, UnitEvent } from '../../../../src/core/contract';
import { stepsOf, valueAt } from '../../../../src/core/parallelism';
import { ParallelismFeed, SampleLog } from '../../../../src/renderer/lib/parallelism/parallelism-feed';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { end, sample, start, state } from '../fixtures';

const taskSample = (t: number, tasks: [task: number, cpuMs: number][], runId = 1): SampleEvent => ({
  ...sample(t, [100, 100], runId),
  tasks: tasks.map(([task, cpuMs]) => ({ task, core: task % 2, cpuMs })),
});

const asyncUnit = (tasks: number[]): UnitEvent => ({
  kind: 'unit',
  runId: 1,
  t: 1,
  unit: 0,
  unitKind: 'thread',
  mode: 'async',
  tasks,
  pid: 4242,
});

function feed(model: RunModel, log: SampleLog, events: EngineEvent[]): void {
  model.apply(events);
  log.receive(events);
}

describe('SampleLog', () => {
  it('keeps the shown run’s samples in order, dropping repeats and other runs’', () => {
    const log = new SampleLog();
    log.receive([start(2), taskSample(100, [[0, 50]], 2), sample(150, [1, 1], null)]);
    log.receive([taskSample(100, [[0, 50]], 2), taskSample(200, [[0, 60]], 2), taskSample(50, [], 1)]);
    expect(log.runId).toBe(2);
    expect([log.at(0).t, log.at(1).t, log.length]).toEqual([100, 200, 2]);
    log.receive([start(3)]);
    expect(log.length).toBe(0);
  });

  it('keeps every sample of a long run, whatever its size, in order', () => {
    const log = new SampleLog();
    log.receive([start(1)]);
    for (let i = 1; i <= 5_000; i++)
      log.receive([
        taskSample(i * 100, [
          [i % 3, i],
          [(i + 1) % 3, 2 * i],
        ]),
      ]);
    expect(log.length).toBe(5_000);
    expect(log.at(4_999)).toEqual({
      t: 500_000,
      tasks: [
        { task: 5_000 % 3, core: expect.any(Number), cpuMs: 5_000 },
        { task: 5_001 % 3, core: expect.any(Number), cpuMs: 10_000 },
      ],
    });
    expect(log.at(0).tasks.map((entry) => entry.cpuMs)).toEqual([1, 2]);
  });

  it('drops malformed task entries instead of failing on them', () => {
    const log = new SampleLog();
    const bad = {
      ...taskSample(100, [[0, 50]]),
      tasks: [null, { task: 1, core: 0, cpuMs: 'x' }, { task: 0, core: 1, cpuMs: 5 }],
    };
    log.receive([start(1), bad as unknown as SampleEvent]);
    expect(log.at(0).tasks).toEqual([{ task: 0, core: 1, cpuMs: 5 }]);
  });
});

describe('ParallelismFeed', () => {
  it('grows the curves incrementally and measures executing from samples', () => {
    const model = new RunModel();
    const log = new SampleLog();
    const curves = new ParallelismFeed();
    feed(model, log, [start(1, { tasks: 2, executor: 'threads' }), state(0, 0, 'ready'), state(0, 1, 'ready')]);
    expect(curves.update(model, log)).toBe(true);
    expect(curves.curves().measured).toBe(false);
    feed(model, log, [
      state(10, 0, 'running'),
      state(12, 1, 'running'),
      taskSample(110, [
        [0, 100],
        [1, 100],
      ]),
    ]);
    expect(curves.update(model, log)).toBe(true);
    expect(curves.update(model, log)).toBe(false);
    const now = curves.curves();
    expect(now.measured).toBe(true);
    expect(valueAt(now.concurrency, 50)).toBe(2);
    expect(valueAt(now.executing, 50)).toBe(2);
    expect(now.sampledCpuMs).toBe(200);
    feed(model, log, [state(200, 0, 'done'), state(210, 1, 'done'), end(220)]);
    curves.update(model, log);
    expect(valueAt(curves.curves().concurrency, 205)).toBe(1);
    expect(valueAt(curves.curves().concurrency, 215)).toBe(0);
  });

  it('counts an async loop’s one thread once, however many tasks share it', () => {
    const model = new RunModel();
    const log = new SampleLog();
    const curves = new ParallelismFeed();
    const tasks = [0, 1, 2, 3];
    feed(model, log, [
      start(1, { tasks: 4, executor: 'async' }),
      asyncUnit(tasks),
      ...tasks.map((task) => state(5, task, 'sleeping')),
      state(20, 2, 'running'),
      taskSample(
        105,
        tasks.map((task) => [task, 100]),
      ),
    ]);
    curves.update(model, log);
    const now = curves.curves();
    expect(valueAt(now.concurrency, 50)).toBe(4);
    expect(valueAt(now.executing, 50)).toBe(1);
    expect(now.sampledCpuMs).toBe(100);
  });

  it('infers executing from running tasks where samples carry no task CPU', () => {
    const model = new RunModel();
    const log = new SampleLog();
    const curves = new ParallelismFeed();
    feed(model, log, [
      start(1, { tasks: 3 }),
      ...[0, 1, 2].map((task) => state(10, task, 'running')),
      sample(100, [100, 100]),
    ]);
    curves.update(model, log);
    const now = curves.curves();
    expect(now.measured).toBe(false);
    // Three running, capped at the two cores.
    expect(valueAt(now.executing, 50)).toBe(2);
    expect(now.cores).toBe(2);
  });

  it('starts over for a new run and after a snapshot replaces the history', () => {
    const model = new RunModel();
    const log = new SampleLog();
    const curves = new ParallelismFeed();
    feed(model, log, [start(1), state(10, 0, 'running')]);
    curves.update(model, log);
    feed(model, log, [start(2), state(30, 0, 'running', 2)]);
    curves.update(model, log);
    expect(stepsOf(curves.curves().concurrency)).toEqual([[30, 1]]);
    const snapshot = { events: [start(3), state(70, 0, 'running', 3)], truncated: false };
    model.load(snapshot);
    log.load(snapshot);
    curves.update(model, log);
    expect(stepsOf(curves.curves().concurrency)).toEqual([[70, 1]]);
  });

  it('rebuilds when a task’s changes arrive out of order', () => {
    const model = new RunModel();
    const log = new SampleLog();
    const curves = new ParallelismFeed();
    feed(model, log, [start(1), state(0, 0, 'ready'), state(50, 0, 'sleeping')]);
    curves.update(model, log);
    feed(model, log, [state(20, 0, 'running')]);
    curves.update(model, log);
    const running = curves.curves().executing;
    expect(valueAt(running, 30)).toBe(1);
    expect(valueAt(running, 60)).toBe(0);
    expect(valueAt(curves.curves().concurrency, 30)).toBe(1);
  });
});
