// The bench's synthetic stream: the rate asked for is the rate produced, each task's states
// follow a plausible cycle, and samples come every 100 ms of run time.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, RunSpec } from '../../../src/core/contract';
import { RunGenerator } from '../../bench/generator';

const spec = { tasks: 8, steps: 10, stepMs: 100 } as RunSpec;

function drive(rate: number, durationMs: number, tickMs: number): EngineEvent[] {
  const generator = new RunGenerator({ runId: 1, spec, cores: 2, pid: 1 });
  const events = generator.opening(0);
  for (let t = 0; t < durationMs; t += tickMs)
    events.push(...generator.advance(t, Math.min(durationMs, t + tickMs), rate));
  events.push(...generator.finish(durationMs));
  return events;
}

describe('RunGenerator', () => {
  it('produces the task-event rate asked for, whatever the tick', () => {
    for (const tick of [16, 640]) {
      const events = drive(800, 60_000, tick);
      const taskEvents = events.filter((e) => e.kind === 'state' || e.kind === 'print').length;
      expect(taskEvents).toBeGreaterThan(800 * 60 * 0.99);
      expect(taskEvents).toBeLessThan(800 * 60 * 1.01 + 100);
      expect(events.filter((e) => e.kind === 'sample')).toHaveLength(600);
    }
  });
});

describe('a task in the synthetic stream', () => {
  it('runs, prints, sleeps, gets ready (sometimes waits for the lock), and runs again', () => {
    const events = drive(800, 10_000, 16);
    const allowed: Record<string, string[]> = {
      running: ['print'],
      print: ['sleeping'],
      sleeping: ['ready'],
      ready: ['running', 'waiting'],
      waiting: ['running'],
    };
    for (let task = 0; task < spec.tasks; task++) {
      const steps = events
        .filter((e) => (e.kind === 'state' || e.kind === 'print') && e.task === task)
        .map((e) => (e.kind === 'print' ? 'print' : e.kind === 'state' ? e.state : ''));
      expect(steps[0]).toBe('running');
      expect(steps.at(-1)).toBe('done');
      for (let i = 1; i < steps.length - 1; i++) expect(allowed[steps[i - 1]!]).toContain(steps[i]);
      expect(steps).toContain('waiting');
    }
  });

  it('stamps events in order, never past the interval asked for', () => {
    const events = drive(10_000, 2_000, 16).filter((e): e is EngineEvent & { t: number } => 't' in e);
    for (let i = 1; i < events.length; i++) expect(events[i]!.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
    expect(events.at(-1)!.t).toBe(2_000);
  });

  it('reports each running task as busy on a core in the samples', () => {
    const samples = drive(800, 5_000, 16).filter((e) => e.kind === 'sample');
    const busy = samples.flatMap((s) => (s.kind === 'sample' ? s.cores : []));
    expect(Math.max(...busy)).toBeGreaterThan(50);
    for (const s of samples) if (s.kind === 'sample') expect(s.tasks.every((x) => x.core === x.task % 2)).toBe(true);
  });
});
