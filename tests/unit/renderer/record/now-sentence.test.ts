// The Now line's sentence against hand-written expectations: what runs where, parallel only when
// two cores were measured running tasks, inferred states and unmeasured cores said to be so.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, SampleEvent } from '../../../../src/core/contract';
import { nowSentence } from '../../../../src/renderer/lib/record/now-sentence';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { end, lessonRun, sample, start, state } from '../fixtures';

function model(events: EngineEvent[]): RunModel {
  const run = new RunModel();
  run.apply(events);
  return run;
}

function measured(t: number, busy: number[], tasks: SampleEvent['tasks'], self = 0.03): SampleEvent {
  return { ...sample(t, busy), self, tasks };
}

describe('the Now sentence', () => {
  it('says a sleeping task uses no core, and what Lanes itself costs', () => {
    const run = model([...lessonRun(10, 1_000).slice(0, -4), measured(2_300, [2, 1], [])]);
    expect(nowSentence(run, 2_400)).toBe(
      '2.4 s — task 1 is sleeping; no core is running a task; Lanes itself uses 3 % of one core.',
    );
  });

  it('says two CPU-bound tasks measured on two cores run in parallel', () => {
    const run = model([
      start(1, { tasks: 2, workload: 'cpu', executor: 'processes' }),
      state(10, 0, 'running'),
      state(11, 1, 'running'),
      measured(
        1_100,
        [100, 98],
        [
          { task: 0, core: 0, cpuMs: 99 },
          { task: 1, core: 1, cpuMs: 97 },
        ],
        0.02,
      ),
    ]);
    expect(nowSentence(run, 1_150)).toBe(
      '1.1 s — both tasks are running, on core 0 and core 1: in parallel; Lanes itself uses 2 % of one core.',
    );
  });

  it('says tasks sharing one core take turns, not run in parallel', () => {
    const run = model([
      start(1, { tasks: 2, workload: 'cpu' }),
      state(10, 0, 'running'),
      state(11, 1, 'running'),
      measured(
        200,
        [100, 0],
        [
          { task: 0, core: 1, cpuMs: 50 },
          { task: 1, core: 1, cpuMs: 49 },
        ],
      ),
    ]);
    expect(nowSentence(run, 250)).toContain('both tasks are running, on core 1: taking turns, not in parallel');
  });

  it("says so where a running task's core is not measured, and never claims parallelism then", () => {
    const run = model([
      start(1, { tasks: 3 }),
      state(10, 0, 'running'),
      state(11, 1, 'running'),
      state(12, 2, 'sleeping'),
      sample(100, [50, 50]),
    ]);
    const sentence = nowSentence(run, 150);
    expect(sentence).toBe(
      '0.1 s — tasks 1 and 2 are running, their cores are not measured here; task 3 is sleeping; Lanes itself uses 5 % of one core.',
    );
    expect(sentence).not.toContain('parallel');
  });

  it('marks inferred states as inferred, with the reason for a wait', () => {
    const inferredWait: EngineEvent = {
      kind: 'state',
      runId: 1,
      t: 20,
      task: 1,
      state: 'waiting',
      detail: 'for the GIL',
      inferred: true,
    };
    const run = model([start(1, { tasks: 2 }), state(10, 0, 'running'), inferredWait]);
    expect(nowSentence(run, 30)).toBe(
      '0.0 s — task 1 is running, its core is not measured here; task 2 is waiting (for the GIL) (inferred, not seen); no CPU sample yet.',
    );
  });

  it('tells tasks not started yet, finished ones, and the end of the run', () => {
    const run = model([start(1, { tasks: 2 }), state(10, 0, 'running'), state(50, 0, 'done'), end(900)]);
    expect(nowSentence(run, 5)).toBe(
      '0.0 s — both tasks have not started; no core is running a task; no CPU sample yet.',
    );
    expect(nowSentence(run, 60)).toBe(
      '0.1 s — task 2 has not started; task 1 has finished; no core is running a task; no CPU sample yet.',
    );
    expect(nowSentence(run, 900)).toBe('0.9 s — the run is over: every task finished.');
  });

  it('has words for no run at all', () => {
    expect(nowSentence(new RunModel(), 0)).toMatch(/^No run yet/);
  });
});
