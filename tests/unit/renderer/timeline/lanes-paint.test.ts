import { describe, expect, it } from 'vitest';
import type { TaskState } from '../../../../src/core/contract';
import { LanesPainter, type LanesScene } from '../../../../src/renderer/lib/timeline/lanes-paint';
import { TaskTrack } from '../../../../src/renderer/lib/record/task-track';
import { FakeContext, asContext } from '../fake-canvas';
import { state } from '../fixtures';

const W = 400;

function scene(tracks: TaskTrack[], overrides: Partial<LanesScene> = {}): LanesScene {
  return {
    width: W,
    height: 100,
    dpr: 1,
    start: 0,
    end: 1_000,
    plotWidth: W,
    layout: {
      rows: tracks.map((track, i) => ({ task: track.task, y: i * 44, h: 40, labelled: true })),
      headers: [],
      laneHeight: 40,
      height: tracks.length * 44,
    },
    trackOf: (task) => tracks.find((track) => track.task === task),
    epoch: 1,
    frameMs: 0,
    liveMs: 1_000,
    settledMs: 1_000,
    running: false,
    fontPx: 18,
    fontFamily: 'sans-serif',
    ...overrides,
  };
}

function busyTrack(task: number, until: number, stepMs = 50): TaskTrack {
  const track = new TaskTrack(task);
  const states: TaskState[] = ['running', 'sleeping'];
  for (let t = 0, i = 0; t < until; t += stepMs, i++) track.addState(state(t, task, states[i % 2]!));
  return track;
}

function fills(ctx: FakeContext, from = 0): number {
  return ctx.calls.filter((call) => call.name === 'fillRect' && call.args[0]! >= from).length;
}

const deps = { fill: () => '#pattern' };

describe('LanesPainter', () => {
  it('fills an inferred state with its own fill, not the observed one’s', () => {
    const seen: string[] = [];
    const painter = new LanesPainter({
      fill: (_ctx, value, _dpr, inferred) => {
        seen.push(`${value}${inferred ? ' (inferred)' : ''}`);
        return '#pattern';
      },
    });
    const track = new TaskTrack(0);
    track.addState(state(0, 0, 'running'));
    track.addState({ ...state(100, 0, 'waiting', 1, 'waited for the GIL'), inferred: true });
    track.addState(state(300, 0, 'waiting'));
    track.addState(state(500, 0, 'done'));
    const history = new FakeContext(W, 100);
    painter.paint(asContext(history), asContext(new FakeContext(260, 100)), scene([track]));
    expect(seen.sort()).toEqual(['running', 'waiting', 'waiting (inferred)']);
  });

  it('commits settled history a few times a second; between commits only the live canvas changes', () => {
    const painter = new LanesPainter(deps);
    const history = new FakeContext(W, 100);
    const live = new FakeContext(260, 100);
    const tracks = [busyTrack(0, 500), busyTrack(1, 500)];
    const left = painter.paint(
      asContext(history),
      asContext(live),
      scene(tracks, { running: true, liveMs: 500, settledMs: 440 }),
    );
    expect(history.count('fillRect')).toBeGreaterThan(10);
    // The live canvas sits at the frontier (440 ms is x = 176 at 0.4 px/ms).
    expect(left).toBeCloseTo(174, 0);
    history.reset();
    live.reset();
    tracks[0]!.addState(state(505, 0, 'running'));
    painter.paint(
      asContext(history),
      asContext(live),
      scene(tracks, { running: true, liveMs: 510, settledMs: 450, frameMs: 16 }),
    );
    expect(history.calls).toHaveLength(0);
    expect(live.count('clearRect')).toBe(1);
    expect(fills(live)).toBeGreaterThan(0);
    // A commit later: the history gains only the newly settled columns.
    painter.paint(
      asContext(history),
      asContext(live),
      scene(tracks, { running: true, liveMs: 800, settledMs: 740, frameMs: 300 }),
    );
    expect(history.count('fillRect')).toBeGreaterThan(0);
    expect(history.calls.some((call) => call.name === 'fillRect' && call.args[0]! < 170)).toBe(false);
  });

  it('starts afresh when the window moves (zoom or pan)', () => {
    const painter = new LanesPainter(deps);
    const history = new FakeContext(W, 100);
    const live = new FakeContext(120, 100);
    const tracks = [busyTrack(0, 1_000)];
    painter.paint(asContext(history), asContext(live), scene(tracks));
    history.reset();
    painter.paint(asContext(history), asContext(live), scene(tracks, { start: 200, end: 700 }));
    expect(history.count('clearRect')).toBe(1);
    expect(fills(history)).toBeGreaterThan(5);
  });

  it('draws at most about one rectangle per pixel, however dense the history', () => {
    const painter = new LanesPainter(deps);
    const history = new FakeContext(W, 100);
    const live = new FakeContext(120, 100);
    const tracks = [busyTrack(0, 60_000, 0.9)];
    painter.paint(
      asContext(history),
      asContext(live),
      scene(tracks, { end: 60_000, liveMs: 60_000, settledMs: 60_000 }),
    );
    expect(history.count('fillRect')).toBeLessThanOrEqual(W + 10);
  });

  it('draws print labels that fit, once, onto the history', () => {
    const painter = new LanesPainter(deps);
    const history = new FakeContext(W, 100);
    const live = new FakeContext(120, 100);
    const track = busyTrack(0, 1_000, 200);
    track.addPrint({ t: 100, text: '1', seq: 0 });
    track.addPrint({ t: 101, text: '2', seq: 1 });
    track.addPrint({ t: 600, text: '3', seq: 2 });
    track.addState(state(1_000, 0, 'done'));
    painter.paint(asContext(history), asContext(live), scene([track]));
    // "2" sits a pixel after "1": its label would overlap, so only its tick is drawn.
    expect(history.count('fillText')).toBe(2);
    painter.paint(asContext(history), asContext(live), scene([track]));
    expect(history.count('fillText')).toBe(2);
    expect(live.count('fillText')).toBe(0);
  });
});
