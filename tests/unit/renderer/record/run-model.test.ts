import { describe, expect, it } from 'vitest';
import { MAIN_TASK } from '../../../../src/core/contract';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { end, lessonRun, print, sample, start, state, unit } from '../fixtures';

describe('RunModel', () => {
  it('turns the lesson into console lines in order, ending with the join line', () => {
    const model = new RunModel();
    model.apply(lessonRun());
    expect(model.lines.recent().map((line) => line.text)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      'Thread execution complete!',
    ]);
    expect(model.lines.task(model.lines.length - 1)).toBe(MAIN_TASK);
    expect(model.lines.recent().map((line) => line.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(model.end?.status).toBe('done');
    expect(model.running).toBe(false);
    expect(model.tracks[0]?.prints).toHaveLength(10);
    expect(model.tracks[0]?.terminal?.state).toBe('done');
  });

  it('keeps the main program’s lane apart from the tasks, with its join wait and its line', () => {
    const model = new RunModel();
    const first = model.apply([start(), state(0, MAIN_TASK, 'running')]);
    expect(first.units).toBe(true);
    expect(model.hasMainLane).toBe(true);
    const later = model.apply([
      state(0.1, 0, 'ready'),
      state(1, MAIN_TASK, 'waiting', 1, 'join(): waiting for every task to end'),
      state(2, 0, 'running'),
      state(500, 0, 'done'),
      state(501, MAIN_TASK, 'running'),
      print(501, MAIN_TASK, 'Thread execution complete!'),
      state(502, MAIN_TASK, 'done'),
      end(502),
    ]);
    expect(later.units).toBe(false);
    expect(model.tracks).toHaveLength(1);
    expect(model.laneTrack(MAIN_TASK)).toBe(model.main);
    expect(model.laneTrack(0)).toBe(model.tracks[0]);
    expect(model.main.intervals.map((interval) => [interval.state, interval.start])).toEqual([
      ['running', 0],
      ['waiting', 1],
      ['running', 501],
      ['done', 502],
    ]);
    expect(model.main.prints.map((mark) => mark.text)).toEqual(['Thread execution complete!']);
    expect(model.tracks[0]!.prints).toEqual([]);
  });

  it('draws no main lane for a record without one, and counts its failure as no task’s', () => {
    const model = new RunModel();
    model.apply(lessonRun());
    expect(model.hasMainLane).toBe(false);
    model.apply([start(2), state(0, MAIN_TASK, 'running', 2), state(5, MAIN_TASK, 'failed', 2, 'ValueError: x')]);
    expect(model.failures).toEqual([]);
    expect(model.main.terminal?.state).toBe('failed');
  });

  it('reports what each batch changed', () => {
    const model = new RunModel();
    const first = model.apply([start(), state(0, 0, 'ready')]);
    expect(first).toMatchObject({ run: true, lanes: true });
    const quiet = model.apply([sample(5, [10, 20])]);
    expect(quiet).toMatchObject({ run: false, lanes: false, console: false, status: false });
    expect(quiet.samples).toHaveLength(1);
    const printed = model.apply([print(6, 0, 'hello')]);
    expect(printed).toMatchObject({ console: true, lanes: true, status: false });
    const units = model.apply([unit(7, 0, [0], 99)]);
    expect(units.units).toBe(true);
    expect(model.units[0]?.pid).toBe(99);
  });

  it('records failures with their task and message', () => {
    const model = new RunModel();
    model.apply([
      start(1, { tasks: 2 }),
      state(0, 0, 'running'),
      state(3, 0, 'failed', 1, 'process exited with code 1'),
    ]);
    expect(model.failures).toEqual([{ task: 0, t: 3, detail: 'process exited with code 1' }]);
  });

  it('ignores events of a run it never saw start (record will bring them)', () => {
    const model = new RunModel();
    const changes = model.apply([state(1, 0, 'running', 7), print(2, 0, 'x', 7)]);
    expect(changes.lanes).toBe(false);
    expect(model.lines).toHaveLength(0);
  });

  it('starts afresh on a new run, and tracks the newest engine time', () => {
    const model = new RunModel();
    model.apply(lessonRun(3, 100, 1));
    const epoch = model.epoch;
    model.apply([start(2, { tasks: 3 }), state(0, 2, 'ready', 2), sample(50, [1, 2], 2)]);
    expect(model.runId).toBe(2);
    expect(model.lines).toHaveLength(0);
    expect(model.tracks).toHaveLength(3);
    expect(model.latestT).toBe(50);
    expect(model.epoch).toBeGreaterThan(epoch);
  });

  it('catches up from a snapshot and drops the live feed’s repeats of its tail', () => {
    const events = lessonRun(5, 100);
    const cut = 11;
    const model = new RunModel();
    // A late window: the snapshot holds the first `cut` events; the feed repeats the last 3.
    model.load({ events: events.slice(0, cut), truncated: false });
    expect(model.lines.recent().map((line) => line.text)).toEqual(['1', '2', '3']);
    model.apply([sample(1, [5, 5], null), ...events.slice(cut - 3)]);
    expect(model.lines.recent().map((line) => line.text)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      'Thread execution complete!',
    ]);
    expect(model.tracks[0]?.prints.map((mark) => mark.text)).toEqual(['1', '2', '3', '4', '5']);
  });

  it('stops dropping once the feed moves past the snapshot', () => {
    const model = new RunModel();
    model.load({ events: [start(), print(1, 0, 'a')], truncated: true });
    expect(model.truncated).toBe(true);
    model.apply([print(2, 0, 'b'), print(1, 0, 'a')]);
    // After "b" the overlap is over: an identical later line is real output.
    expect(model.lines.recent().map((line) => line.text)).toEqual(['a', 'b', 'a']);
  });

  it('keeps an ended run on show until the next starts', () => {
    const model = new RunModel();
    model.apply([start(), state(0, 0, 'running'), end(10, 'stopped')]);
    model.apply([sample(20, [0, 0], null)]);
    expect(model.end?.status).toBe('stopped');
    expect(model.runId).toBe(1);
  });
});
