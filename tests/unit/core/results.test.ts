import { describe, expect, it } from 'vitest';
import type { ExecutorId, RunSpec } from '../../../src/core/contract';
import { EXECUTORS } from '../../../src/core/contract';
import {
  averageParallelism,
  efficiency,
  executorSpeedups,
  findBaseline,
  idealSpeedup,
  speedup,
  summarizeRun,
  workloadKey,
  type RunSummary,
} from '../../../src/core/results';

const spec = (overrides: Partial<RunSpec> = {}): RunSpec => ({
  lesson: null,
  workload: 'cpu',
  executor: 'threads',
  tasks: 2,
  steps: 4,
  stepMs: 200,
  fault: null,
  joinMessage: null,
  ...overrides,
});

let nextRun = 1;
function run(
  executor: ExecutorId,
  wallMs: number,
  overrides: Partial<RunSpec> = {},
  status: RunSummary['status'] = 'done',
) {
  const runId = nextRun++;
  return summarizeRun({
    runId,
    wallStart: 1_000,
    spec: spec({ executor, ...overrides }),
    cores: 2,
    end: { t: wallMs, status, cpuMs: wallMs },
    sampledCpuMs: null,
  });
}

describe('summarizeRun', () => {
  it('takes the engine’s CPU total, or else the sampled sum, and says which', () => {
    const input = { runId: 3, wallStart: 5, spec: spec(), cores: 2, sampledCpuMs: 700 };
    const engine = summarizeRun({ ...input, end: { t: 1_000, status: 'done', cpuMs: 1_900 } });
    expect(engine).toMatchObject({ id: '3@5', wallMs: 1_000, cpuMs: 1_900, cpuSource: 'engine' });
    expect(averageParallelism(engine)).toBeCloseTo(1.9);
    const sampled = summarizeRun({ ...input, end: { t: 1_000, status: 'done', cpuMs: null } });
    expect(sampled).toMatchObject({ cpuMs: 700, cpuSource: 'samples' });
    const none = summarizeRun({ ...input, sampledCpuMs: null, end: { t: 1_000, status: 'done', cpuMs: null } });
    expect(none.cpuSource).toBeNull();
    expect(averageParallelism(none)).toBeNull();
  });
});

describe('baselines and speedup', () => {
  it('compares with the latest finished sequential run of the same workload only', () => {
    const old = run('sequential', 3_400);
    const otherSize = run('sequential', 9_000, { tasks: 4 });
    const failed = run('sequential', 1_000, {}, 'failed');
    const faulted = run('sequential', 1_000, { fault: { kind: 'throw', task: 1, atStep: 1 } });
    const seq = run('sequential', 3_200);
    const threads = run('threads', 1_700);
    const history = [old, otherSize, failed, faulted, seq, threads];
    const baseline = findBaseline(history, threads);
    expect(baseline?.id).toBe(seq.id);
    expect(speedup(threads, baseline!)).toBeCloseTo(3_200 / 1_700);
    expect(efficiency(speedup(threads, baseline!), 2)).toBeCloseTo(3_200 / 1_700 / 2);
  });

  it('never invents a baseline', () => {
    const threads = run('threads', 1_700);
    expect(findBaseline([threads, run('sequential', 3_000, { steps: 5 })], threads)).toBeNull();
    expect(findBaseline([run('sequential', 3_000)], run('threads', 900, {}, 'stopped'))).toBeNull();
  });

  it('a sequential run is its own baseline', () => {
    const seq = run('sequential', 3_000);
    expect(findBaseline([], seq)).toBe(seq);
  });

  it('keys the workload by what it does, not how it is run', () => {
    expect(workloadKey(run('threads', 1))).toBe(workloadKey(run('processes', 2)));
    expect(workloadKey(run('threads', 1))).not.toBe(workloadKey(run('threads', 1, { stepMs: 300 })));
  });

  it('lists each executor’s latest speedup, the shown run standing for its executor', () => {
    const seq = run('sequential', 3_000);
    const threadsA = run('threads', 1_500);
    const gil = run('gil-threads', 3_100);
    const threadsB = run('threads', 2_000);
    const list = executorSpeedups([seq, threadsA, gil, threadsB], threadsA, seq, EXECUTORS);
    expect(list.map((entry) => [entry.executor, entry.speedup])).toEqual([
      ['sequential', 1],
      ['threads', 2],
      ['gil-threads', 3_000 / 3_100],
    ]);
  });
});

describe('idealSpeedup', () => {
  it('is min(tasks, cores) for CPU-bound work and the task count for waiting work', () => {
    expect(idealSpeedup(16, 2)).toEqual({ cpuBound: 2, waiting: 16 });
    expect(idealSpeedup(1, 4)).toEqual({ cpuBound: 1, waiting: 1 });
  });
});
