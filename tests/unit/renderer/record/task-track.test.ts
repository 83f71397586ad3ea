import { describe, expect, it } from 'vitest';
import type { StateEvent, TaskState } from '../../../../src/core/contract';
import { taskIntervals } from '../../../../src/core/intervals';
import { TaskTrack } from '../../../../src/renderer/lib/record/task-track';
import { state } from '../fixtures';

function incremental(events: StateEvent[]): TaskTrack {
  const track = new TaskTrack(0);
  for (const event of events) track.addState(event);
  return track;
}

describe('TaskTrack', () => {
  it('grows the same intervals as taskIntervals, one event at a time', () => {
    const events = [
      state(0, 0, 'ready'),
      state(5, 0, 'running'),
      state(9, 0, 'waiting'),
      state(14, 0, 'running'),
      state(20, 0, 'sleeping'),
      state(40, 0, 'running'),
      state(41, 0, 'done'),
    ];
    const track = incremental(events);
    expect(track.intervals).toEqual(taskIntervals(events, 1)[0]);
    expect(track.ended).toBe(true);
    expect(track.terminal?.state).toBe('done');
    expect(track.closedCount).toBe(track.intervals.length);
  });

  it('keeps whether a state was inferred, drawn apart but counted as its state', () => {
    const inferred: StateEvent = { ...state(9, 0, 'waiting', 1, 'waited 5.0 ms for the GIL'), inferred: true };
    const events = [state(0, 0, 'running'), inferred, state(14, 0, 'running'), state(20, 0, 'waiting')];
    const track = incremental(events);
    expect(track.intervals).toEqual(taskIntervals(events, 1)[0]);
    expect(track.interval(1)).toMatchObject({ state: 'waiting', inferred: true });
    expect([track.inferred(1), track.inferred(3)]).toEqual([true, false]);
    expect(track.code(1)).toBe(track.code(3));
    expect(track.drawCode(1)).not.toBe(track.drawCode(3));
    expect(track.timeIn('waiting', 0, 30)).toBe(5 + 10);
  });

  it('keeps the last interval open while the task lives', () => {
    const track = incremental([state(0, 0, 'ready'), state(3, 0, 'running')]);
    expect(track.intervals.at(-1)).toMatchObject({ state: 'running', start: 3, end: null });
    expect(track.closedCount).toBe(1);
    expect(track.ended).toBe(false);
  });

  it('ignores anything after a terminal state, as taskIntervals does', () => {
    const events = [state(0, 0, 'running'), state(2, 0, 'failed', 1, 'boom'), state(3, 0, 'running')];
    const track = incremental(events);
    expect(track.intervals).toEqual(taskIntervals(events, 1)[0]);
    expect(track.terminal).toMatchObject({ state: 'failed', detail: 'boom' });
  });

  it('rebuilds the reference way when an event arrives out of order, and says so', () => {
    const events = [state(0, 0, 'ready'), state(10, 0, 'sleeping'), state(5, 0, 'running'), state(20, 0, 'done')];
    const track = incremental(events);
    expect(track.rewrites).toBe(1);
    expect(track.intervals).toEqual(taskIntervals(events, 1)[0]);
  });

  it('matches taskIntervals on a long pseudo-random lock hand-off', () => {
    const states: TaskState[] = ['running', 'waiting', 'running', 'sleeping', 'ready'];
    const events: StateEvent[] = [];
    let seed = 7;
    let t = 0;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      t += (seed % 50) / 10;
      events.push(state(t, 0, states[seed % states.length]!));
    }
    events.push(state(t + 1, 0, 'done'));
    expect(incremental(events).intervals).toEqual(taskIntervals(events, 1)[0]);
  });
});

describe('TaskTrack lookups', () => {
  it('finds intervals and states by time, and time spent in a state', () => {
    const track = incremental([
      state(0, 0, 'ready'),
      state(10, 0, 'running'),
      state(30, 0, 'waiting'),
      state(40, 0, 'running'),
      state(70, 0, 'done'),
    ]);
    expect(track.indexAt(-1)).toBe(-1);
    expect(track.indexAt(10)).toBe(1);
    expect(track.indexAt(35)).toBe(2);
    expect(track.stateAt(50)).toBe('running');
    expect(track.stateAt(80)).toBeNull();
    expect(track.timeIn('running', 0, 100)).toBe(50);
    expect(track.timeIn('running', 20, 45)).toBe(15);
    expect(track.lastIn('running', 35)).toBe(30);
  });

  it('points print marks at their console lines', () => {
    const track = new TaskTrack(2);
    track.addPrint({ t: 5, text: 'a', seq: 3 });
    track.addPrint({ t: 9, text: 'b', seq: 8 });
    expect(track.printIndexOfSeq(8)).toBe(1);
    expect(track.printIndexOfSeq(4)).toBe(-1);
    expect(track.printIndexFrom(6)).toBe(1);
    expect(track.print(0)).toEqual({ t: 5, text: 'a', seq: 3 });
  });
});
