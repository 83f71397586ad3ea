import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../../src/renderer/lib/record/event-queue';
import { drainQueue, needsOwnFrame } from '../../../../src/renderer/lib/record/intake';
import { QUIET_FRAME_MS } from '../../../../src/renderer/lib/frame/frame';
import { LiveClock } from '../../../../src/renderer/lib/record/live-clock';
import { MeterHistory } from '../../../../src/renderer/lib/meters/meter-history';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { lessonRun, print, sample, start, state } from '../fixtures';

function setup() {
  return { queue: new EventQueue(), model: new RunModel(), clock: new LiveClock(), meters: new MeterHistory() };
}

describe('drainQueue (one frame of intake)', () => {
  it('applies every batch queued since the last frame, in order, and merges the changes', () => {
    const { queue, model, clock, meters } = setup();
    queue.push({ kind: 'events', events: [start(), state(0, 0, 'ready')], at: 100 });
    queue.push({ kind: 'events', events: [state(5, 0, 'running'), print(6, 0, '1')], at: 110 });
    queue.push({ kind: 'events', events: [sample(100, [40, 60])], at: 120 });
    expect(queue.takeEventCount()).toBe(4); // the sample is not a task event
    expect(queue.takeEventCount()).toBe(0);
    const frame = drainQueue(queue, model, clock, meters);
    expect(frame).toMatchObject({ items: 3, newRun: true, lanes: true, console: true, samples: 1 });
    expect(frame.runSample?.t).toBe(100);
    expect(queue.size).toBe(0);
    expect(model.lines).toHaveLength(1);
    expect(meters.latest?.cores).toEqual([40, 60]);
  });

  it('does nothing (and reports nothing) when nothing arrived', () => {
    const { queue, model, clock, meters } = setup();
    const frame = drainQueue(queue, model, clock, meters);
    expect(frame).toMatchObject({ items: 0, lanes: false, console: false, status: false, samples: 0 });
  });

  it('anchors the live clock at arrival time, not application time', () => {
    const { queue, model, clock, meters } = setup();
    queue.push({ kind: 'events', events: [start(), state(0, 0, 'running'), sample(500, [1, 1])], at: 1_000 });
    drainQueue(queue, model, clock, meters);
    expect(clock.now(1_100)).toBe(600);
  });

  it('applies a snapshot queued between batches in its place', () => {
    const { queue, model, clock, meters } = setup();
    const run = lessonRun(3, 100);
    queue.push({ kind: 'events', events: [sample(1, [0, 0], null)], at: 1 });
    queue.push({ kind: 'snapshot', snapshot: { events: run.slice(0, 6), truncated: false }, at: 2 });
    queue.push({ kind: 'events', events: run.slice(4), at: 3 });
    const frame = drainQueue(queue, model, clock, meters);
    expect(frame.newRun).toBe(true);
    expect(model.lines.recent().map((line) => line.text)).toEqual(['1', '2', '3', 'Thread execution complete!']);
    expect(model.end?.status).toBe('done');
  });
});

describe('which batches need a frame of their own', () => {
  it('between runs, all; during a live run, all but samples alone; while yielding, none', () => {
    const samples = [sample(120, [5, 7]), sample(220, [6, 4])];
    const lane = [state(130, 0, 'sleeping'), sample(320, [6, 4])];
    expect(needsOwnFrame(samples, false, false, 33)).toBe(true);
    expect(needsOwnFrame(samples, true, false, 33)).toBe(false);
    expect(needsOwnFrame(lane, true, false, 33)).toBe(true);
    expect(needsOwnFrame(lane, true, true, 33)).toBe(false);
    expect(needsOwnFrame(lane, false, true, 33)).toBe(true);
  });

  it('lets samples pace the frames when live frames would come no faster than they do', () => {
    const samples = [sample(120, [5, 7])];
    expect(needsOwnFrame(samples, true, false, 99)).toBe(false);
    expect(needsOwnFrame(samples, true, false, 100)).toBe(true);
    expect(needsOwnFrame(samples, true, true, 100)).toBe(false);
  });

  it('lets a quiet run’s samples wait for its slower live frames, but not its events', () => {
    const samples = [sample(120, [5, 7])];
    const lane = [state(130, 0, 'running')];
    expect(needsOwnFrame(samples, true, false, QUIET_FRAME_MS)).toBe(false);
    expect(needsOwnFrame(lane, true, false, QUIET_FRAME_MS)).toBe(true);
  });
});
