// The Now line's sentence against hand-written expectations: what runs where, parallel only when
// two cores were measured running tasks, inferred states and unmeasured cores said to be so.
import { describe, expect, it } from 'vitest';
import type { EngineEvent, SampleEvent, TaskState } from '../../../../src/core/contract';
import { nowSentence, pieces } from '../../../../src/renderer/lib/record/now-sentence';
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

  it('keeps many tasks and cores to a few words: ranges, then a count', () => {
    expect(pieces([1, 2, 3, 4, 9])).toEqual(['1–4', '9']);
    expect(pieces([1, 2, 5])).toEqual(['1', '2', '5']);
    expect(pieces([1, 3, 5, 7, 9])).toBeNull();
    // Sixteen threads under the GIL: one runs, the other fifteen wait, every one of them said.
    const gil: EngineEvent[] = [start(1, { tasks: 16, workload: 'cpu', executor: 'threads' })];
    for (let task = 0; task < 16; task++) {
      gil.push(state(10 + task, task, task === 4 ? 'running' : 'waiting', 1, 'for the GIL'));
    }
    gil.push(measured(200, [100, 3], [{ task: 4, core: 1, cpuMs: 95 }]));
    expect(nowSentence(model(gil), 250)).toBe(
      '0.3 s — task 5 is running, on core 1; tasks 1–4 and 6–16 are waiting (for the GIL); ' +
        'Lanes itself uses 3 % of one core.',
    );
    // Sixty-four tasks on sixteen cores, odd ones running, even ones sleeping or not started.
    const wide: EngineEvent[] = [start(1, { tasks: 64, workload: 'cpu', executor: 'processes' })];
    for (let task = 0; task < 64; task += 2) wide.push(state(10, task, 'running'));
    for (let task = 1; task < 40; task += 2) wide.push(state(10, task, 'sleeping'));
    const cores = Array.from({ length: 16 }, (_, core) => core);
    const onCores = Array.from({ length: 32 }, (_, i) => ({ task: i * 2, core: i % 16, cpuMs: 47 }));
    wide.push(
      measured(
        200,
        cores.map(() => 100),
        onCores,
      ),
    );
    const said = nowSentence(model(wide), 250);
    expect(said).toBe(
      '0.3 s — 32 tasks are running, on cores 0–15: in parallel; 20 tasks are sleeping; ' +
        '12 tasks have not started; Lanes itself uses 3 % of one core.',
    );
    expect(said.length).toBeLessThan(160);
  });

  it('counts the tasks in each state when naming them all would run long', () => {
    const every: EngineEvent[] = [start(1, { tasks: 16, workload: 'cpu', executor: 'processes' })];
    const states: [number, TaskState][] = [
      [0, 'running'],
      [5, 'running'],
      ...[1, 3, 7, 9, 11].map((task): [number, TaskState] => [task, 'waiting']),
      ...[2, 4, 6].map((task): [number, TaskState] => [task, 'ready']),
      ...[8, 10, 12].map((task): [number, TaskState] => [task, 'sleeping']),
      [13, 'done'],
    ];
    for (const [task, value] of states)
      every.push(state(50 + task, task, value, 1, value === 'waiting' ? 'for the lock' : undefined));
    every.push(
      measured(
        300,
        [100, 100],
        [
          { task: 0, core: 0, cpuMs: 90 },
          { task: 5, core: 1, cpuMs: 90 },
        ],
      ),
    );
    const said = nowSentence(model(every), 350);
    expect(said).toBe(
      '0.3 s — 16 tasks: 2 running (on core 0 and core 1: in parallel), 5 waiting (for the lock), 3 ready, ' +
        '3 sleeping, 2 not started, 1 finished; Lanes itself uses 3 % of one core.',
    );
    expect(said.length).toBeLessThanOrEqual(180);
  });

  it('has words for no run at all', () => {
    expect(nowSentence(new RunModel(), 0)).toMatch(/^No run yet/);
  });
});
