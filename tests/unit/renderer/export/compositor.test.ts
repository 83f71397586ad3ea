import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../src/core/contract';
import { Compositor, type CompositorDeps } from '../../../../src/renderer/lib/export/compositor';
import { exportInput } from '../../../../src/renderer/lib/export/export-input';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { laneGroups } from '../../../../src/renderer/lib/timeline/lane-groups';
import { ParallelismFeed, SampleLog } from '../../../../src/renderer/lib/parallelism/parallelism-feed';
import { FakeContext } from '../fake-canvas';
import { lessonRun, sample } from '../fixtures';

/** Node has no canvas: the meters' pattern tiles get none (they fall back to a colour). */
const realOffscreen = (globalThis as Record<string, unknown>).OffscreenCanvas;
beforeAll(() => {
  (globalThis as Record<string, unknown>).OffscreenCanvas = class {
    getContext(): null {
      return null;
    }
  };
});
afterAll(() => {
  (globalThis as Record<string, unknown>).OffscreenCanvas = realOffscreen;
});

function threadingModel(): RunModel {
  const events: EngineEvent[] = lessonRun(10, 200);
  const samples = Array.from({ length: 21 }, (_, i) => ({
    ...sample(100 * (i + 1), [i % 3 === 0 ? 40 : 5, 10]),
    tasks: [{ task: 0, core: i % 2, cpuMs: 2 }],
  }));
  const model = new RunModel();
  model.apply([...events.slice(0, -1), ...samples, events.at(-1)!]);
  return model;
}

/** Every canvas the compositor makes, in order, each a recording stand-in. */
function recordingDeps(): { deps: CompositorDeps; contexts: FakeContext[] } {
  const contexts: FakeContext[] = [];
  const deps: CompositorDeps = {
    createCanvas: (width, height) => {
      const ctx = new FakeContext(width, height);
      contexts.push(ctx);
      return ctx.canvas as unknown as ReturnType<CompositorDeps['createCanvas']>;
    },
    fill: (_ctx, state, _dpr, inferred) => `fill:${state}${inferred ? '~' : ''}`,
  };
  return { deps, contexts };
}

/** FNV-1a over every call each canvas received: equal only when the drawing was. */
function hashOf(contexts: FakeContext[]): string {
  let hash = 0x811c9dc5;
  for (const ctx of contexts) {
    const text = JSON.stringify(ctx.calls);
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  }
  return hash.toString(16);
}

function curvesOf(model: RunModel): ReturnType<ParallelismFeed['curves']> {
  const feed = new ParallelismFeed();
  feed.update(model, new SampleLog());
  return feed.curves();
}

function render(model: RunModel, moments: number[], withCurves = true): { hash: string; contexts: FakeContext[] } {
  const { deps, contexts } = recordingDeps();
  const groups = laneGroups(model.spec!, model.units, model.hasMainLane ? { pid: null } : null);
  const compositor = new Compositor(
    exportInput(model, groups, true, 'A caption.', withCurves ? curvesOf(model) : null),
    { width: 1920, height: 1080, dpr: 1 },
    deps,
  );
  for (const t of moments) compositor.drawRun(t, `at ${t}`);
  return { hash: hashOf(contexts), contexts };
}

const texts = (ctx: FakeContext): number => ctx.calls.filter((call) => call.name === 'fillText').length;

describe('Compositor', () => {
  const moments = Array.from({ length: 70 }, (_, i) => i * 33.4);

  it('draws the same calls for the same record and moments, every time', () => {
    const a = render(threadingModel(), moments);
    const b = render(threadingModel(), moments);
    expect(a.hash).toBe(b.hash);
    expect(a.contexts.length).toBeGreaterThanOrEqual(4);
  });

  it('draws a different picture at another moment of the run', () => {
    expect(render(threadingModel(), [500]).hash).not.toBe(render(threadingModel(), [1500]).hash);
  });

  it('draws only what had happened by the moment: prints after it are not on the lanes', () => {
    // Canvases: the frame, the static base, the lanes' history and live canvases, the core lanes.
    const early = render(threadingModel(), [500]).contexts;
    const late = render(threadingModel(), [2100]).contexts;
    const labelsOn = (contexts: FakeContext[]): number => texts(contexts[2]!) + texts(contexts[3]!);
    // Prints at 40, 240, 440: three labels by 0.5 s; all ten by 2.1 s.
    expect(labelsOn(early)).toBe(3);
    expect(labelsOn(late)).toBe(10);
  });

  it('draws the concurrency chart from the page’s curves, up to the moment', () => {
    const strokes = (ctx: FakeContext): number => ctx.calls.filter((call) => call.name === 'stroke').length;
    const fills = (ctx: FakeContext): number => ctx.calls.filter((call) => call.name === 'fill').length;
    const frame = render(threadingModel(), [1500]).contexts[0]!;
    // The cores' dashed line and the tasks-in-progress line; the executing area under them.
    expect(strokes(frame)).toBe(2);
    expect(fills(frame)).toBe(1);
    expect(strokes(render(threadingModel(), [1500], false).contexts[0]!)).toBe(0);
    expect(render(threadingModel(), [500]).hash).not.toBe(render(threadingModel(), [500], false).hash);
  });

  it('burns a subtitle in whole: one line where it fits, else two broken between words', () => {
    const drawn = (subtitle: string): string[] => {
      const { deps, contexts } = recordingDeps();
      const groups = laneGroups(threadingModel().spec!, threadingModel().units, { pid: null });
      const compositor = new Compositor(
        exportInput(threadingModel(), groups, true, null, null),
        { width: 1920, height: 1080, dpr: 1 },
        deps,
      );
      compositor.drawRun(500, subtitle);
      const frame = contexts[0]!;
      return frame.calls.flatMap((call) => (call.name === 'fillText' && call.text !== undefined ? [call.text] : []));
    };
    const short = '0.5 s — task 1 is sleeping.';
    expect(drawn(short)).toContain(short);
    // 8 px a character in the fake canvas: 300 characters cannot fit 1920 px on one line.
    const long = Array.from({ length: 50 }, (_, i) => `word${i}`).join(' ');
    const lines = drawn(long).filter((text) => text.startsWith('word'));
    expect(lines).toHaveLength(2);
    expect(lines.join(' ')).toBe(long);
  });

  it('sizes its frame in device pixels', () => {
    const { deps, contexts } = recordingDeps();
    const model = threadingModel();
    const groups = laneGroups(model.spec!, model.units, model.hasMainLane ? { pid: null } : null);
    const compositor = new Compositor(
      exportInput(model, groups, false, null),
      { width: 1920, height: 1080, dpr: 2 },
      deps,
    );
    expect([compositor.canvas.width, compositor.canvas.height]).toEqual([3840, 2160]);
    expect(contexts[0]!.canvas.width).toBe(3840);
  });
});
