import { describe, expect, it } from 'vitest';
import {
  EDGE_STEP_PX,
  FrameScheduler,
  LIVE_FRAME_MS,
  liveInterval,
  MAX_LIVE_FRAME_MS,
  QUIET_FRAME_MS,
  type FrameSource,
} from '../../../../src/renderer/lib/frame/frame';

/** A frame source driven by hand: frames and timers run only when the test says so. */
class FakeFrames implements FrameSource {
  time = 0;
  private frames: ((now: number) => void)[] = [];
  private timers: { at: number; callback: () => void }[] = [];
  requests = 0;

  request(callback: (now: number) => void): number {
    this.requests++;
    this.frames.push(callback);
    return this.requests;
  }
  after(callback: () => void, ms: number): void {
    this.timers.push({ at: this.time + ms, callback });
  }
  now(): number {
    return this.time;
  }
  get pending(): number {
    return this.frames.length;
  }
  /** Runs the pending frame (if any) at the current time. */
  frame(): boolean {
    const callbacks = this.frames;
    this.frames = [];
    for (const callback of callbacks) callback(this.time);
    return callbacks.length > 0;
  }
  /** Advances time, firing due timers, then runs a frame if one is pending. */
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((timer) => timer.at <= this.time);
    this.timers = this.timers.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.callback();
    this.frame();
  }
}

describe('FrameScheduler', () => {
  it('runs a registered task once, then stops the loop entirely', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source);
    let runs = 0;
    scheduler.register(() => runs++);
    expect(source.pending).toBe(1);
    source.frame();
    expect(runs).toBe(1);
    expect(source.pending).toBe(0);
    expect(scheduler.scheduled).toBe(false);
  });

  it('coalesces many invalidations into one frame', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source);
    let runs = 0;
    const task = scheduler.register(() => runs++);
    source.frame();
    for (let i = 0; i < 50; i++) task.invalidate();
    expect(source.pending).toBe(1);
    source.frame();
    expect(runs).toBe(2);
    expect(source.pending).toBe(0);
  });

  it('lets an earlier task dirty a later one within the same frame, without an extra frame', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source);
    const order: string[] = [];
    const drawer = scheduler.register(() => order.push('draw'));
    const intake = scheduler.register(
      () => {
        order.push('intake');
        drawer.invalidate();
      },
      { order: -1 },
    );
    source.frame();
    order.length = 0;
    intake.invalidate();
    source.frame();
    expect(order).toEqual(['intake', 'draw']);
    expect(source.pending).toBe(0);
  });

  it('runs live tasks about every live interval while live, and stops when idle again', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source, 33);
    let live = 0;
    let dirtyOnly = 0;
    scheduler.register(() => live++, { live: true });
    scheduler.register(() => dirtyOnly++);
    source.frame();
    live = dirtyOnly = 0;
    scheduler.setLive(true);
    for (let i = 0; i < 60; i++) source.advance(1000 / 60);
    // One second: ~30 paced live frames, not 60; the non-live task never ran.
    expect(live).toBeGreaterThanOrEqual(25);
    expect(live).toBeLessThanOrEqual(32);
    expect(dirtyOnly).toBe(0);
    scheduler.setLive(false);
    for (let i = 0; i < 10; i++) source.advance(1000 / 60);
    expect(scheduler.scheduled).toBe(false);
  });

  it('keeps running other tasks when one throws', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source);
    let ran = false;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      scheduler.register(() => {
        throw new Error('broken drawer');
      });
      scheduler.register(() => (ran = true));
      source.frame();
    } finally {
      console.error = original;
    }
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('tells a callback whether it was invalidated or only live', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source, 33);
    const seen: boolean[] = [];
    const task = scheduler.register((_now, dirty) => seen.push(dirty), { live: true });
    source.frame();
    scheduler.setLive(true);
    source.advance(40);
    task.invalidate();
    source.advance(1);
    expect(seen).toEqual([true, false, true]);
  });

  it('draws the live tasks in a frame that draws anyway, past half the interval, and waits a whole interval after it', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source, 100);
    const seen: string[] = [];
    scheduler.register((now, dirty) => seen.push(`${now}:${dirty ? 'dirty' : 'live'}`), { live: true });
    const samples = scheduler.register(() => seen.push('samples'));
    source.frame();
    seen.length = 0;
    scheduler.setLive(true);
    source.advance(1); // the first live frame
    // A batch 30 ms later: too soon to draw the edge again, its own task only.
    source.advance(29);
    samples.invalidate();
    source.advance(1);
    // A batch at 60 ms: past half the interval, the live task draws with it...
    source.advance(29);
    samples.invalidate();
    source.advance(1);
    // ...and the next live-only frame is a whole interval after that one, not after the first:
    // the timer set for the old due time asks for no frame of its own.
    const requests = source.requests;
    for (let i = 0; i < 9; i++) source.advance(10);
    expect(seen).toEqual(['1:live', 'samples', '61:live', 'samples']);
    expect(source.requests).toBe(requests);
    source.advance(10);
    expect(seen.slice(4)).toEqual(['161:live']);
    expect(source.requests).toBe(requests + 1);
  });
});

describe('going idle', () => {
  it('draws the live tasks once more after the run stops growing, then stops the loop', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source);
    const live: boolean[] = [];
    // The store's intake ends the live frames from inside a frame (the run ended, or its news stopped).
    let ending = false;
    scheduler.register(
      () => {
        if (ending) scheduler.setLive(false);
      },
      { order: -1, live: true },
    );
    // A live task left work for its next live frame (the Console's newest line to scroll to).
    scheduler.register((_now, dirty) => live.push(dirty), { live: true });
    source.frame();
    scheduler.setLive(true);
    source.advance(40);
    live.length = 0;
    ending = true;
    source.advance(40);
    ending = false;
    source.advance(1);
    expect(live).toEqual([false, false]);
    for (let i = 0; i < 5; i++) source.advance(40);
    expect(live).toHaveLength(2);
    expect(scheduler.scheduled).toBe(false);
  });
});

describe('the live pace', () => {
  it('moves a slow edge with the samples, a fast one up to 30 frames a second, never more than the step', () => {
    // The threading lesson at 1280×720 (about 50 px a second): slower than the samples, which pace it.
    expect(liveInterval(0.052)).toBe(MAX_LIVE_FRAME_MS);
    expect(liveInterval(0.02)).toBe(MAX_LIVE_FRAME_MS);
    expect(MAX_LIVE_FRAME_MS).toBeGreaterThan(100);
    // A 4K screen or zoomed in: fast.
    expect(liveInterval(1)).toBe(LIVE_FRAME_MS);
    const mid = 0.1;
    expect(liveInterval(mid)).toBeCloseTo(EDGE_STEP_PX / mid);
    // Nothing on screen to move: the plain live rate.
    expect(liveInterval(0)).toBe(LIVE_FRAME_MS);
  });

  it('moves a quiet run’s slow edge every second sample, and a fast edge as fast as ever', () => {
    expect(QUIET_FRAME_MS).toBe(200);
    expect(liveInterval(0.052, true)).toBe(QUIET_FRAME_MS);
    expect(liveInterval(0, true)).toBe(QUIET_FRAME_MS);
    // Fast edges keep their step: a quiet run on a 4K screen still moves smoothly.
    expect(liveInterval(1, true)).toBe(LIVE_FRAME_MS);
    expect(liveInterval(0.1, true)).toBeCloseTo(EDGE_STEP_PX / 0.1);
  });

  it('a slow edge moves in the samples’ own frames, on time or late, and asks for no frame of its own', () => {
    const source = new FakeFrames();
    const scheduler = new FrameScheduler(source);
    scheduler.setLiveInterval(liveInterval(0.052));
    const edge: number[] = [];
    scheduler.register((now) => edge.push(now), { live: true });
    const samples = scheduler.register(() => {});
    source.frame();
    scheduler.setLive(true);
    source.advance(1);
    edge.length = 0;
    const frames = scheduler.frames;
    // Samples taken every 100 ms, each arriving up to 40 ms late (a busy machine): 60–140 ms apart.
    const jitter = [0, 40, 0, 35, 10, 40, 0, 30, 5, 40];
    let at = source.time;
    for (const [i, late] of jitter.entries()) {
      const due = 1 + (i + 1) * 100 + late;
      source.advance(due - at);
      at = due;
      samples.invalidate();
      source.advance(1);
      at += 1;
    }
    expect(scheduler.frames - frames).toBe(jitter.length);
    expect(edge).toHaveLength(jitter.length);
  });
});
