// The bench's synthetic engine answers the page as the real engine does: validated commands,
// batches at most once per 16 ms, a record for late joiners, Stop, and replays renumbered.
import { afterEach, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EngineEvent, Hello, RunAccepted } from '../../../src/core/contract';
import { createNodeSession } from '../../../src/node/node-session';
import { steady, SyntheticEngine } from '../../bench/synthetic-engine';

let engine: SyntheticEngine;
afterEach(() => engine?.stop());

function collect(target: SyntheticEngine): { batches: EngineEvent[][]; at: number[] } {
  const feed = { batches: [] as EngineEvent[][], at: [] as number[] };
  target.subscribe((batch) => {
    feed.batches.push(batch);
    feed.at.push(performance.now());
  });
  return feed;
}

describe('SyntheticEngine', () => {
  it('says hello like the real engine, with the cores it was given', () => {
    engine = new SyntheticEngine({ cores: 6 });
    const hello = engine.call('hello', null);
    expect(hello.ok).toBe(true);
    const value = (hello as { value: Hello }).value;
    expect(value).toMatchObject({ shell: 'web', cores: 6, running: false, coreSource: 'proc-stat' });
    const real = createNodeSession({
      shell: 'web',
      bundleDir: pathToFileURL(resolve('out/node') + '/'),
      sampler: null,
    });
    expect(value.lessons).toEqual(real.hello().lessons);
    expect(value.executors).toEqual(real.hello().executors);
    expect(engine.call('fly', null)).toMatchObject({ ok: false });
    expect(engine.call('run', { tasks: 1000 })).toMatchObject({ ok: false, error: expect.stringContaining('Tasks') });
  });

  it('streams a Run from the page at the asked rate, in batches at most every 16 ms, to its end', async () => {
    engine = new SyntheticEngine({ cores: 2 });
    engine.onRun = (spec) => steady(spec.tasks, 1_000, 500);
    const feed = collect(engine);
    const accepted = engine.call('run', { workload: 'cpu', tasks: 3 }) as { ok: true; value: RunAccepted };
    expect(engine.call('run', { tasks: 1 })).toMatchObject({ ok: false, error: expect.stringContaining('already') });
    const end = await engine.done;
    expect(end).toMatchObject({ kind: 'run-end', runId: accepted.value.runId, status: 'done', t: 500 });
    const events = feed.batches.flat();
    expect(events[0]).toMatchObject({ kind: 'run-start', runId: accepted.value.runId, cores: 2 });
    const taskEvents = events.filter((e) => e.kind === 'state' || e.kind === 'print').length;
    // 500 ms at 1,000 a second, plus each task's opening and done states.
    expect(taskEvents).toBeGreaterThanOrEqual(500);
    expect(taskEvents).toBeLessThanOrEqual(500 + 6 + 1);
    const gaps = feed.at.slice(2).map((at, i) => at - feed.at[i + 1]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(10);
    const record = engine.call('record', null) as { ok: true; value: { events: EngineEvent[] } };
    expect(record.value.events).toHaveLength(events.length);
  });

  it('stops on Stop: every task stopped, then the run ends stopped', async () => {
    engine = new SyntheticEngine({ cores: 2 });
    engine.start(steady(2, 200, 60_000));
    expect(engine.call('hello', null)).toMatchObject({ value: { running: true } });
    expect(engine.call('stop', null)).toMatchObject({ ok: true, value: { stopped: true } });
    await expect(engine.done).resolves.toMatchObject({ status: 'stopped' });
    expect(engine.call('stop', null)).toMatchObject({ ok: true, value: { stopped: false } });
  });

  it('replays a record at once under a new run id', async () => {
    engine = new SyntheticEngine({ cores: 2 });
    engine.start(steady(1, 100, 100));
    const first = await engine.done;
    const record = (engine.call('record', null) as { ok: true; value: { events: EngineEvent[] } }).value.events;
    const feed = collect(engine);
    const accepted = engine.start({ kind: 'replay', events: record, pace: 'instant' });
    expect(accepted.runId).toBe(first.runId + 1);
    const replayed = feed.batches.flat();
    expect(replayed).toHaveLength(record.length);
    expect(replayed.every((e) => !('runId' in e) || e.runId === accepted.runId)).toBe(true);
    expect(replayed.map((e) => e.kind)).toEqual(record.map((e) => e.kind));
    await expect(engine.done).resolves.toMatchObject({ runId: accepted.runId, t: first.t });
  });
});
