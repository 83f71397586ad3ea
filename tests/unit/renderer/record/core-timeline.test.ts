import { describe, expect, it } from 'vitest';
import type { SampleEvent, TaskCoreSample, TaskState } from '../../../../src/core/contract';
import { describeCore } from '../../../../src/renderer/lib/timeline/core-lanes-hit';
import { CoreTimeline, unitOfTask } from '../../../../src/renderer/lib/record/core-timeline';
import { TaskTrack } from '../../../../src/renderer/lib/record/task-track';
import { sample, spec, state } from '../fixtures';

function at(t: number, cores: number[], tasks: TaskCoreSample[]): SampleEvent {
  return { ...sample(t, cores), tasks };
}

function tracks(n: number, changes: [number, number, TaskState][]): TaskTrack[] {
  const all = Array.from({ length: n }, (_, task) => new TaskTrack(task));
  for (const [t, task, value] of changes) all[task]!.addState(state(t, task, value));
  return all;
}

function shares(timeline: CoreTimeline, s: number): { core: number; task: number; cpuMs: number }[] {
  const { from, to } = timeline.sharesOf(s);
  return Array.from({ length: to - from }, (_, k) => timeline.share(from + k));
}

describe('CoreTimeline', () => {
  it('measured, one thread per task: each task’s CPU on the core its thread ran on', () => {
    const timeline = new CoreTimeline(2);
    timeline.add(at(100, [90, 80], []));
    timeline.add(
      at(
        200,
        [90, 80],
        [
          { task: 0, core: 1, cpuMs: 70 },
          { task: 1, core: 0, cpuMs: 90 },
        ],
      ),
    );
    const keys = unitOfTask(spec({ executor: 'threads', tasks: 2 }), []);
    timeline.attribute(Infinity, true, tracks(2, []), keys);
    expect(timeline.sampleStart(1)).toBe(100);
    expect(shares(timeline, 1)).toEqual([
      { core: 1, task: 0, cpuMs: 70 },
      { core: 0, task: 1, cpuMs: 90 },
    ]);
  });

  it('measured, tasks sharing one thread: its CPU goes to the ones running, once', () => {
    const timeline = new CoreTimeline(2);
    timeline.add(at(100, [50, 0], []));
    // An async loop: the sampler reports the loop thread's 40 ms for each of its tasks.
    timeline.add(
      at(
        200,
        [50, 0],
        [
          { task: 0, core: 0, cpuMs: 40 },
          { task: 1, core: 0, cpuMs: 40 },
        ],
      ),
    );
    const run = tracks(2, [
      [0, 0, 'sleeping'],
      [0, 1, 'sleeping'],
      [110, 0, 'running'],
      [140, 0, 'sleeping'],
      [150, 1, 'running'],
      [160, 1, 'sleeping'],
    ]);
    const keys = unitOfTask(spec({ executor: 'async', tasks: 2 }), []);
    timeline.attribute(Infinity, true, run, keys);
    const got = shares(timeline, 1);
    expect(got.map((share) => share.task)).toEqual([0, 1]);
    expect(got[0]!.cpuMs).toBeCloseTo(30);
    expect(got[1]!.cpuMs).toBeCloseTo(10);
    expect(got.reduce((sum, share) => sum + share.cpuMs, 0)).toBeCloseTo(40);
  });

  it('measured, a shared thread whose tasks all waited: the last one to run used it', () => {
    const timeline = new CoreTimeline(1);
    timeline.add(
      at(
        100,
        [10],
        [
          { task: 0, core: 0, cpuMs: 10 },
          { task: 1, core: 0, cpuMs: 10 },
        ],
      ),
    );
    const run = tracks(2, [
      [0, 0, 'running'],
      [5, 0, 'sleeping'],
      [6, 1, 'running'],
      [8, 1, 'sleeping'],
    ]);
    timeline.attribute(Infinity, true, run, unitOfTask(spec({ executor: 'sequential', tasks: 2 }), []));
    expect(shares(timeline, 0).map((share) => share.task)).toEqual([0, 1]);
    const later = new CoreTimeline(1);
    later.add(at(100, [10], []));
    later.add(
      at(
        200,
        [10],
        [
          { task: 0, core: 0, cpuMs: 10 },
          { task: 1, core: 0, cpuMs: 10 },
        ],
      ),
    );
    later.attribute(Infinity, true, run, unitOfTask(spec({ executor: 'sequential', tasks: 2 }), []));
    expect(shares(later, 1)).toEqual([{ core: 0, task: 1, cpuMs: 10 }]);
  });

  it('inferred: running tasks fill the cores in order, never more than the cores there are', () => {
    const timeline = new CoreTimeline(2);
    timeline.add(at(100, [100, 100], []));
    const run = tracks(4, [
      [0, 0, 'running'],
      [0, 1, 'running'],
      [0, 2, 'running'],
      [0, 3, 'running'],
    ]);
    timeline.attribute(Infinity, false, run, new Int32Array(4));
    const got = shares(timeline, 0);
    expect(got.map((share) => [share.core, share.task])).toEqual([
      [0, 0],
      [0, 1],
      [1, 2],
      [1, 3],
    ]);
    for (const share of got) expect(share.cpuMs).toBeCloseTo(50);
    expect(describeCore(timeline, { core: 1, sample: 0 }, false, (task) => `task ${task + 1}`).lines).toEqual([
      'task 3: 50.0 ms of CPU (inferred)',
      'task 4: 50.0 ms of CPU (inferred)',
      'core busy 100 %',
    ]);
  });

  it('waits for the states around a sample to settle, and redoes everything if the mode changes', () => {
    const timeline = new CoreTimeline(1);
    timeline.add(at(100, [100], []));
    timeline.add(at(200, [100], []));
    const run = tracks(1, [[0, 0, 'running']]);
    expect(timeline.attribute(150, false, run, new Int32Array(1))).toBe(true);
    expect(timeline.attributed).toBe(1);
    expect(timeline.attribute(150, false, run, new Int32Array(1))).toBe(false);
    timeline.attribute(250, false, run, new Int32Array(1));
    expect(timeline.attributed).toBe(2);
    timeline.attribute(250, true, run, new Int32Array(1));
    expect(timeline.attributed).toBe(2);
    expect(shares(timeline, 1)).toEqual([]);
  });

  it('finds the sample interval containing a time', () => {
    const timeline = new CoreTimeline(1);
    timeline.add(at(150, [0], []));
    timeline.add(at(250, [0], []));
    expect(timeline.indexAt(60)).toBe(0);
    expect(timeline.indexAt(200)).toBe(1);
    expect(timeline.indexAt(10)).toBe(-1);
    expect(timeline.indexAt(300)).toBe(-1);
  });
});
