import { describe, expect, it } from 'vitest';
import type { ExecutorId, RunSpec } from '../../../../src/core/contract';
import { summarizeRun, type RunSummary } from '../../../../src/core/results';
import {
  baselineRequest,
  endedSummary,
  pinnedSubject,
  resultsView,
  waitingLine,
  waitingShare,
  withRun,
} from '../../../../src/renderer/lib/results/results-view';
import { TaskTrack } from '../../../../src/renderer/lib/record/task-track';
import { end, spec, start, state } from '../fixtures';

let nextRun = 1;
function finished(
  executor: ExecutorId,
  wallMs: number,
  cpuMs: number | null,
  overrides: Partial<RunSpec> = {},
  status: RunSummary['status'] = 'done',
): RunSummary {
  return summarizeRun({
    runId: nextRun++,
    wallStart: 7,
    spec: spec({ workload: 'cpu', executor, tasks: 2, steps: 4, stepMs: 200, lesson: null, ...overrides }),
    cores: 2,
    end: { t: wallMs, status, cpuMs },
    sampledCpuMs: null,
  });
}

const figure = (view: ReturnType<typeof resultsView>, label: string) =>
  view.figures.find((entry) => entry.label === label);

describe('resultsView', () => {
  it('shows speedup and efficiency against a real sequential run, and says which', () => {
    const seq = finished('sequential', 3_300, 3_250);
    const threads = finished('threads', 1_700, 3_300);
    const view = resultsView({ subject: threads, live: null, history: [seq, threads], measuring: false });
    expect(view.heading).toBe('threads · 2 × CPU-bound · 4 × 200 ms');
    expect(figure(view, 'Wall time')?.value).toBe('1.70 s');
    expect(figure(view, 'CPU time')?.value).toBe('3.30 s');
    expect(figure(view, 'Parallelism')?.value).toBe('1.94');
    expect(figure(view, 'Speedup')?.value).toBe('1.94×');
    expect(figure(view, 'Efficiency')?.value).toBe('97 %');
    expect(figure(view, 'Ideal')?.value).toBe('2×');
    expect(view.baseline).toBe(`Against sequential run ${seq.runId}: 3.30 s.`);
    expect(view.canMeasure).toBe(false);
    expect(view.bars.map((bar) => [bar.label, bar.speedup.toFixed(2), bar.current])).toEqual([
      ['sequential', '1.00', false],
      ['threads', '1.94', true],
    ]);
  });

  it('offers to measure the baseline instead of inventing one', () => {
    const threads = finished('threads', 1_700, 3_300);
    const view = resultsView({ subject: threads, live: null, history: [threads], measuring: false });
    expect(figure(view, 'Speedup')?.value).toBe('–');
    expect(view.missing).toBe('Speedup needs a sequential run of the same workload.');
    expect(view.canMeasure).toBe(true);
    expect(view.bars).toEqual([]);
    const measuring = resultsView({ subject: threads, live: null, history: [threads], measuring: true });
    expect(measuring.canMeasure).toBe(false);
    expect(measuring.missing).toBe('Measuring the sequential baseline…');
  });

  it('does not compare a stopped run, nor offer a baseline for it', () => {
    const stopped = finished('threads', 900, 1_000, {}, 'stopped');
    const view = resultsView({ subject: stopped, live: null, history: [stopped], measuring: false });
    expect(view.missing).toBe('The run was stopped: no speedup.');
    expect(view.canMeasure).toBe(false);
  });

  it('gives waiting work its own ideal beside min(tasks, cores)', () => {
    const io = finished('threads', 500, 20, { workload: 'io', tasks: 16 });
    const view = resultsView({ subject: io, live: null, history: [io], measuring: false });
    expect(view.ideal).toEqual({ cpuBound: 2, waiting: 16 });
    expect(figure(view, 'Ideal')?.unit).toBe('if CPU-bound; 16× if waiting');
  });

  it('shows a live run’s numbers so far, with the speedup to come', () => {
    const view = resultsView({
      subject: null,
      live: { spec: spec({ workload: 'cpu', tasks: 2 }), cores: 2, wallMs: 1_000, cpuMs: 1_800 },
      history: [],
      measuring: false,
    });
    expect(view.phase).toBe('live');
    expect(figure(view, 'Parallelism')?.value).toBe('1.80');
    expect(figure(view, 'Speedup')?.unit).toBe('when it ends');
  });

  it('asks for the same workload run sequentially, without a fault', () => {
    const threads = finished('threads', 1_700, 3_300, { fault: null });
    expect(baselineRequest(threads)).toEqual({
      workload: 'cpu',
      executor: 'sequential',
      tasks: 2,
      steps: 4,
      stepMs: 200,
      fault: null,
    });
  });

  it('records each ended run once, the oldest dropped past the cap', () => {
    expect(endedSummary(start(1), null, null)).toBeNull();
    const first = endedSummary(start(1), end(900), null)!;
    expect(first).toMatchObject({ id: '1@1700000000000', wallMs: 900, cpuMs: 3, cpuSource: 'engine' });
    let runs = withRun([], first, 2);
    runs = withRun(runs, endedSummary(start(1), end(900), null)!, 2);
    expect(runs).toHaveLength(1);
    // An engine restart numbers runs from 1 again: a different wall start is a different run.
    const restarted = endedSummary({ ...start(1), wallStart: 5 }, end(700), null)!;
    runs = withRun(withRun(runs, restarted, 2), endedSummary(start(2), end(800, 'done', 2), null)!, 2);
    expect(runs.map((run) => run.id)).toEqual(['1@5', '2@1700000000000']);
  });

  it('stays on the pinned run until the user starts another', () => {
    const subject = finished('threads', 1_000, 1_900);
    expect(pinnedSubject({ subject, userRuns: 3 }, 3)).toBe(subject);
    expect(pinnedSubject({ subject, userRuns: 3 }, 4)).toBeNull();
    expect(pinnedSubject(null, 0)).toBeNull();
  });
});

describe('a run opened from a file', () => {
  it('is compared with nothing run here, says so, and offers no baseline to measure', () => {
    const seq = finished('sequential', 3_300, 3_250);
    const opened = finished('threads', 1_700, 3_300);
    const view = resultsView({ subject: opened, live: null, history: [seq], measuring: false, opened: 'lanes' });
    expect(view.heading).toBe('threads · 2 × CPU-bound · 4 × 200 ms');
    expect(figure(view, 'Wall time')).toEqual({ label: 'Wall time', value: '1.70 s', unit: 'from the file' });
    expect(figure(view, 'Speedup')?.value).toBe('–');
    expect(view.missing).toBe('Opened from a file: it is compared only with itself, never with runs made here.');
    expect(view.canMeasure).toBe(false);
    expect(view.bars).toEqual([]);
  });

  it('from another tool, names no workload and promises no speedup', () => {
    const foreign = finished('processes', 930, null, { tasks: 2 });
    const view = resultsView({ subject: foreign, live: null, history: [], measuring: false, opened: 'foreign' });
    expect(view.heading).toBe('From another tool · 2 lanes');
    expect(view.missing).toMatch(/another tool does not say what ran/);
    expect(view.canMeasure).toBe(false);
  });
});

describe('a learner program', () => {
  it('is named as such and never compared: its work is its own', () => {
    const seq = finished('sequential', 3_300, 3_250, { workload: 'print-sleep', steps: 1, stepMs: 1000 });
    const own = finished('python-threads', 1_200, 900, {
      workload: 'print-sleep',
      steps: 1,
      stepMs: 1000,
      program: 'learner',
      python: true,
    });
    const view = resultsView({ subject: own, live: null, history: [seq, own], measuring: false });
    expect(view.heading).toBe('Your program (CPython) · 2 lanes');
    expect(figure(view, 'Speedup')?.value).toBe('–');
    expect(view.missing).toMatch(/decides its own work/);
    expect(view.canMeasure).toBe(false);
  });
});

describe('waits', () => {
  const lane = (changes: [number, 'ready' | 'running' | 'waiting' | 'done'][]): TaskTrack => {
    const track = new TaskTrack(0);
    for (const [at, value] of changes) track.addState(state(at, 0, value));
    return track;
  };

  it('is the share of running-or-waiting time spent waiting, over all the tasks', () => {
    const a = lane([
      [0, 'ready'],
      [100, 'running'],
      [200, 'waiting'],
      [300, 'running'],
      [400, 'done'],
    ]);
    const b = lane([
      [0, 'running'],
      [100, 'waiting'],
      [400, 'done'],
    ]);
    // a: 200 running, 100 waiting; b: 100 running, 300 waiting.
    expect(waitingShare([a, b], 400)).toBeCloseTo(400 / 700, 9);
    expect(waitingShare([], 400)).toBeNull();
  });

  it('says what the tasks waited for, and nothing when they hardly waited', () => {
    expect(waitingLine('python-threads', 'cpu', 0.48)).toBe('Waiting for the GIL: 48 % of the time');
    expect(waitingLine('gil-threads', 'cpu', 0.5)).toBe('Waiting for the lock: 50 % of the time');
    expect(waitingLine('threads', 'amdahl', 0.3)).toBe('Waiting for the lock or each other: 30 % of the time');
    expect(waitingLine('threads', 'cpu', 0.004)).toBeNull();
    expect(waitingLine('threads', 'cpu', null)).toBeNull();
  });
});
