// Between runs the engine samples as often as during one, but sends its idle samples a few at a
// time (a watching window wakes twice a second, not 10 times); a run's samples go out at once, after
// any idle ones still held. A fake sampler stands in for /proc; the run is real (worker threads).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, SampleEvent } from '../../../src/core/contract';
import { createNodeSession } from '../../../src/node/node-session';
import type { CpuReading, Sampler } from '../../../src/node/sampler';
import { IDLE_BATCH_SAMPLES, type Session } from '../../../src/node/session';

class FakeSampler implements Sampler {
  readonly coreSource = 'proc-stat' as const;
  readonly taskCoresMeasured = false;
  private onReading: ((reading: CpuReading) => void) | null = null;
  start(onReading: (reading: CpuReading) => void): void {
    this.onReading = onReading;
  }
  stop(): void {
    this.onReading = null;
  }
  watchTask(): void {}
  clearTasks(): void {}
  /** One reading, as the real sampler gives every SAMPLE_PERIOD_MS. */
  tick(busy: number): void {
    this.onReading?.({ cores: [busy, busy], steal: [0, 0], self: 0.01, tasks: [] });
  }
}

const flushed = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 40));
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.dispose()));
});

function watched(): { sampler: FakeSampler; batches: EngineEvent[][]; session: Session } {
  const sampler = new FakeSampler();
  const session = createNodeSession({ shell: 'web', bundleDir: pathToFileURL(resolve('out/node') + '/'), sampler });
  sessions.push(session);
  const batches: EngineEvent[][] = [];
  session.subscribe((batch) => batches.push(batch));
  return { sampler, batches, session };
}

const busyOf = (batches: EngineEvent[][]): number[][] =>
  batches.map((batch) => batch.filter((e): e is SampleEvent => e.kind === 'sample').map((e) => e.cores[0]!));

describe('idle samples', () => {
  it('go out a few at a time, every one of them, in order', async () => {
    const { sampler, batches } = watched();
    for (let i = 1; i < IDLE_BATCH_SAMPLES; i++) sampler.tick(i);
    await flushed();
    expect(batches).toEqual([]);
    sampler.tick(IDLE_BATCH_SAMPLES);
    await flushed();
    for (let i = 1; i <= IDLE_BATCH_SAMPLES; i++) sampler.tick(10 + i);
    await flushed();
    // Twice a second: five samples (taken every 100 ms) to a batch.
    expect(IDLE_BATCH_SAMPLES).toBe(5);
    expect(busyOf(batches)).toEqual([
      [1, 2, 3, 4, 5],
      [11, 12, 13, 14, 15],
    ]);
    expect(batches.flat().every((e) => e.kind === 'sample' && e.runId === null)).toBe(true);
  });

  it('held when a run starts are sent before it, and a run’s own samples go out at once', async () => {
    const { sampler, batches, session } = watched();
    sampler.tick(1);
    sampler.tick(2);
    const accepted = session.start({ workload: 'print-sleep', executor: 'threads', tasks: 1, steps: 3, stepMs: 150 });
    if (!accepted.ok) throw new Error(accepted.error);
    await flushed();
    sampler.tick(50);
    await flushed();
    const events = batches.flat();
    const start = events.findIndex((e) => e.kind === 'run-start');
    const samples = events.flatMap((e, i) => (e.kind === 'sample' ? [{ i, busy: e.cores[0], runId: e.runId }] : []));
    expect(samples.slice(0, 2)).toEqual([
      { i: expect.any(Number), busy: 1, runId: null },
      { i: expect.any(Number), busy: 2, runId: null },
    ]);
    expect(samples[1]!.i).toBeLessThan(start);
    expect(samples[2]).toEqual({ i: expect.any(Number), busy: 50, runId: accepted.value.runId });
    await session.current;
  });
});
