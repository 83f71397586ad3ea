import { describe, expect, it } from 'vitest';
import { TASK_STATES, type TaskState } from '../../../../src/core/contract';
import { walkLane } from '../../../../src/renderer/lib/timeline/lanes-lod';
import { TaskTrack } from '../../../../src/renderer/lib/record/task-track';
import { state } from '../fixtures';

function track(changes: [number, TaskState][]): TaskTrack {
  const t = new TaskTrack(0);
  for (const [at, value] of changes) t.addState(state(at, 0, value));
  return t;
}

function runs(t: TaskTrack, pxPerMs: number, c0: number, c1: number, limit = Infinity): [TaskState, number, number][] {
  const out: [TaskState, number, number][] = [];
  walkLane(t, { t0: 0, pxPerMs }, c0, c1, limit, (code, a, b) => out.push([TASK_STATES[code]!, a, b]));
  return out;
}

describe('walkLane (level of detail)', () => {
  it('turns intervals wider than a pixel into one run each', () => {
    const t = track([
      [0, 'running'],
      [100, 'sleeping'],
      [200, 'done'],
    ]);
    expect(runs(t, 1, 0, 300)).toEqual([
      ['running', 0, 100],
      ['sleeping', 100, 200],
    ]);
  });

  it('starts where the lane’s first state starts, and only draws the columns asked for', () => {
    const t = track([
      [50, 'ready'],
      [80, 'running'],
      [120, 'done'],
    ]);
    expect(runs(t, 1, 0, 300)).toEqual([
      ['ready', 50, 80],
      ['running', 80, 120],
    ]);
    expect(runs(t, 1, 90, 100)).toEqual([['running', 90, 100]]);
  });

  it('cuts the open interval at the limit (the live edge)', () => {
    const t = track([
      [0, 'ready'],
      [10, 'running'],
    ]);
    expect(runs(t, 1, 0, 1000, 42)).toEqual([
      ['ready', 0, 10],
      ['running', 10, 42],
    ]);
  });

  it('gives a crowded pixel the state that filled most of it, one run per stretch', () => {
    // A lock hand-off every 1.5 ms: 1 ms running, 0.5 ms waiting, for 3 s, on 300 px.
    const changes: [number, TaskState][] = [];
    for (let t = 0; t < 3_000; t += 1.5) changes.push([t, 'running'], [t + 1, 'waiting']);
    changes.push([3_000, 'done']);
    const emitted = runs(track(changes), 0.1, 0, 300);
    expect(emitted).toEqual([['running', 0, 300]]);
  });

  it('costs at most one run per pixel however many intervals there are', () => {
    const changes: [number, TaskState][] = [];
    let seed = 11;
    const states: TaskState[] = ['running', 'waiting', 'sleeping', 'ready'];
    for (let t = 0; t < 20_000; t += 0.7) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      changes.push([t, states[seed % 4]!]);
    }
    const emitted = runs(track(changes), 0.05, 0, 1000);
    expect(emitted.length).toBeLessThanOrEqual(1000);
    // Every pixel is covered, in order, without overlaps.
    let at = 0;
    for (const [, a, b] of emitted) {
      expect(a).toBe(at);
      at = b;
    }
    expect(at).toBe(1000);
  });
});
