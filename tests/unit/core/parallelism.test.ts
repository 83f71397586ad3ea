import { describe, expect, it } from 'vitest';
import type { SampleEvent, TaskState, UnitEvent } from '../../../src/core/contract';
import {
  attributeSample,
  integral,
  MeasuredParallelism,
  seriesOf,
  StateCounters,
  StepCounter,
  stepsOf,
  threadOfTask,
  valueAt,
} from '../../../src/core/parallelism';

const unit = (index: number, tasks: number[], mode: UnitEvent['mode']): UnitEvent => ({
  kind: 'unit',
  runId: 1,
  t: 1,
  unit: index,
  unitKind: 'thread',
  mode,
  tasks,
  pid: 100,
});

const sample = (t: number, tasks: [task: number, cpuMs: number][]): SampleEvent => ({
  kind: 'sample',
  runId: 1,
  t,
  cores: [50, 50],
  steal: [0, 0],
  self: 0.02,
  selfCovers: 'engine',
  tasks: tasks.map(([task, cpuMs]) => ({ task, core: 0, cpuMs })),
});

const steps = stepsOf;

describe('StepCounter', () => {
  it('sums changes in time order, even when they arrive a little out of order', () => {
    const counter = new StepCounter();
    counter.add(10, +1);
    counter.add(30, -1);
    counter.add(20, +1);
    counter.add(40, -1);
    expect(steps(counter.series())).toEqual([
      [10, 1],
      [20, 2],
      [30, 1],
      [40, 0],
    ]);
  });

  it('merges changes at the same instant, so a hand-off shows no spike', () => {
    const counter = new StepCounter();
    counter.add(0, +1);
    counter.add(5, -1);
    counter.add(5, +1);
    expect(steps(counter.series())).toEqual([
      [0, 1],
      [5, 1],
    ]);
  });

  it('recomputes sums after a late change lands before earlier reads', () => {
    const counter = new StepCounter();
    counter.add(10, +1);
    counter.add(20, +1);
    expect(steps(counter.series()).map(([, value]) => value)).toEqual([1, 2]);
    counter.add(5, +1);
    expect(steps(counter.series())).toEqual([
      [5, 1],
      [10, 2],
      [20, 3],
    ]);
  });
});

describe('StateCounters', () => {
  it('counts a task in progress from when it first leaves ready until its terminal state', () => {
    const counters = new StateCounters();
    // Sequential: both ready at 0; task 0 runs 10..100, task 1 runs 100..200.
    counters.change(0, 'ready', 0);
    counters.change(1, 'ready', 0);
    counters.change(0, 'running', 10);
    counters.change(0, 'done', 100);
    counters.change(1, 'running', 100);
    counters.change(1, 'done', 200);
    expect(steps(counters.inProgress.series())).toEqual([
      [10, 1],
      [100, 1],
      [200, 0],
    ]);
    expect(valueAt(counters.inProgress.series(), 150)).toBe(1);
  });

  it('keeps a sleeping or re-readied task in progress but not running', () => {
    const counters = new StateCounters();
    counters.change(0, 'ready', 0);
    counters.change(0, 'running', 10);
    counters.change(0, 'sleeping', 20);
    counters.change(0, 'ready', 50);
    counters.change(0, 'running', 60);
    counters.change(0, 'done', 70);
    const inProgress = counters.inProgress.series();
    const running = counters.running.series();
    expect(valueAt(inProgress, 55)).toBe(1);
    expect(valueAt(running, 15)).toBe(1);
    expect(valueAt(running, 30)).toBe(0);
    expect(valueAt(running, 55)).toBe(0);
    expect(valueAt(running, 65)).toBe(1);
    expect(valueAt(running, 80)).toBe(0);
  });

  it('never counts a task stopped before it started, and ignores changes after the end', () => {
    const counters = new StateCounters();
    counters.change(0, 'ready', 0);
    counters.change(0, 'stopped', 50);
    counters.change(0, 'running', 60);
    expect(counters.inProgress.series().length).toBe(0);
    expect(counters.running.series().length).toBe(0);
  });
});

describe('measured parallelism', () => {
  it('attributes a shared thread’s CPU once, to the task running on it', () => {
    const keys = threadOfTask([unit(0, [0, 1, 2], 'async')]);
    const states: Record<number, TaskState> = { 0: 'sleeping', 1: 'running', 2: 'ready' };
    const perTask = attributeSample(
      sample(100, [
        [0, 80],
        [1, 80],
        [2, 80],
      ]),
      (task) => keys.get(task)!,
      (task) => states[task] ?? null,
    );
    expect([...perTask]).toEqual([[1, 80]]);
  });

  it('counts each single-task thread separately', () => {
    const keys = threadOfTask([unit(0, [0], 'single'), unit(1, [1], 'single')]);
    const perTask = attributeSample(
      sample(100, [
        [0, 90],
        [1, 40],
      ]),
      (task) => keys.get(task)!,
      () => 'running',
    );
    expect([...perTask]).toEqual([
      [0, 90],
      [1, 40],
    ]);
  });

  it('turns task CPU per interval into cores’ worth, a thread at most one, the total at most the cores', () => {
    const measured = new MeasuredParallelism(2);
    const own = (task: number): string => `task ${task}`;
    measured.add(sample(100, [[0, 50]]), own, () => 'running');
    measured.add(
      sample(200, [
        [0, 110],
        [1, 50],
      ]),
      own,
      () => 'running',
    );
    measured.add(
      sample(300, [
        [0, 100],
        [1, 100],
        [2, 100],
      ]),
      own,
      () => 'running',
    );
    measured.add(sample(300, [[0, 100]]), own, () => 'running');
    const series = measured.series();
    expect(steps(series)).toEqual([
      [0, 0.5],
      [100, 1.5],
      [200, 2],
    ]);
    expect(series.end).toBe(300);
    expect(valueAt(series, 350)).toBe(0);
    expect(measured.cpuMs).toBe(510);
  });
});

describe('integral', () => {
  it('adds value × time until the series ends or the live edge, in O(log n)', () => {
    const open = seriesOf([
      [0, 1],
      [10, 3],
    ]);
    expect(integral(open, 0, 20)).toBe(10 + 30);
    expect(integral(open, 5, 15, 12)).toBe(5 + 6);
    const closed = seriesOf([[0, 2]], 10);
    expect(integral(closed, 0, 100)).toBe(20);
    expect(valueAt(closed, 10)).toBe(0);
  });

  it('caps a counter’s values, and its areas with them', () => {
    const counter = new StepCounter(2);
    for (const t of [0, 0, 0]) counter.add(t, +1);
    counter.add(10, -3);
    const series = counter.series();
    expect(valueAt(series, 5)).toBe(2);
    expect(integral(series, 0, 20)).toBe(20);
  });

  it('keeps areas right when a late change lands in the middle', () => {
    const counter = new StepCounter();
    counter.add(0, +1);
    counter.add(100, -1);
    expect(integral(counter.series(), 0, 100)).toBe(100);
    counter.add(50, +1);
    counter.add(60, -1);
    expect(integral(counter.series(), 0, 100)).toBe(110);
  });

  it('grows past its first columns without losing steps', () => {
    const counter = new StepCounter();
    for (let i = 0; i < 1_000; i++) counter.add(i, i % 2 === 0 ? +1 : -1);
    const series = counter.series();
    expect(series.length).toBe(1_000);
    expect(integral(series, 0, 1_000)).toBe(500);
  });
});
