import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../src/core/contract';
import { findLesson, lessonInfo } from '../../../../src/core/lessons';
import {
  bandCaption,
  entryFromRecord,
  lessonCaption,
  lessonIntro,
  MAX_ENTRIES,
  parsePrediction,
  predictionVerdict,
  sharedDuration,
  speedupCurve,
  speedupPoints,
  sweepCounts,
  sweepLesson,
  sweepSeries,
  withSeries,
  taskDomain,
  withEntry,
  withSpeedups,
} from '../../../../src/renderer/lib/compare/comparison';
import { end, start, state } from '../fixtures';

/** A finished run of `tasks` tasks that each ran from `from` to `to` (ms), as its record holds it. */
function record(runId: number, executor: 'sequential' | 'threads' | 'processes', tasks: number, wallMs: number) {
  const events: EngineEvent[] = [start(runId, { executor, tasks, workload: 'cpu', lesson: null })];
  for (let task = 0; task < tasks; task++) {
    events.push(
      state(0, task, 'ready', runId),
      state(5, task, 'running', runId),
      state(wallMs - 1, task, 'done', runId),
    );
  }
  events.push({ ...end(wallMs, 'done', runId), cpuMs: tasks * (wallMs - 6) });
  return events;
}

describe('comparison entries', () => {
  it('are built from a finished run’s record: its spec, measurements and each task’s states', () => {
    const entry = entryFromRecord(record(3, 'threads', 2, 1000), 'Threads')!;
    expect(entry).toMatchObject({
      id: 'run-3',
      label: 'Threads',
      status: 'done',
      spec: { executor: 'threads', tasks: 2 },
    });
    expect(entry.measure).toMatchObject({ wallMs: 1000, cpuMs: 2 * 994, startupMs: 5, tasks: 2 });
    expect(entry.spans).toEqual([
      [
        { state: 'ready', start: 0, end: 5 },
        { state: 'running', start: 5, end: 999 },
      ],
      [
        { state: 'ready', start: 0, end: 5 },
        { state: 'running', start: 5, end: 999 },
      ],
    ]);
  });

  it('need a run that ended', () => {
    expect(entryFromRecord(record(1, 'threads', 1, 500).slice(0, -1), 'x')).toBeNull();
    expect(entryFromRecord([], 'x')).toBeNull();
  });

  it('keep the newest five, replacing one with the same id', () => {
    let entries = [entryFromRecord(record(1, 'sequential', 1, 100), 'a')!];
    entries = withEntry(entries, entryFromRecord(record(1, 'sequential', 1, 200), 'again')!);
    expect(entries.map((entry) => entry.label)).toEqual(['again']);
    for (let runId = 2; runId <= 8; runId++)
      entries = withEntry(entries, entryFromRecord(record(runId, 'threads', 1, 100), `r${runId}`)!);
    expect(entries).toHaveLength(MAX_ENTRIES);
    expect(entries[0]!.label).toBe('r4');
  });

  it('measure speedups against the baseline’s wall time, on one shared time scale', () => {
    const entries = withSpeedups(
      [
        entryFromRecord(record(1, 'sequential', 2, 2000), 'One thread', 'one')!,
        entryFromRecord(record(2, 'threads', 2, 1000), 'Threads', 'threads')!,
        entryFromRecord(record(3, 'processes', 2, 1250), 'Processes', 'processes')!,
      ],
      'one',
    );
    expect(entries.map((entry) => entry.measure.speedup)).toEqual([null, 2, 1.6]);
    expect(sharedDuration(entries)).toBe(2000);
    expect(bandCaption(entries[0]!, 'one')).toBe('2.00 s · baseline');
    expect(bandCaption(entries[1]!, 'one')).toBe('1.00 s · 2.00×');
    expect(speedupPoints(entries).map((point) => [point.tasks, point.speedup])).toEqual([
      [2, 2],
      [2, 1.6],
    ]);
  });
});

describe('lessons in a comparison', () => {
  const cpuBound = lessonInfo(findLesson('cpu-bound')!, 2);
  const runs = (threadsMs: number) =>
    withSpeedups(
      [
        entryFromRecord(record(1, 'sequential', 2, 3200), 'One thread', 'one')!,
        entryFromRecord(record(2, 'threads', 2, threadsMs), 'Threads', 'threads')!,
        entryFromRecord(record(3, 'processes', 2, 1700), 'Processes', 'processes')!,
      ],
      'one',
    );

  it('choose the caption the measurements earn, and say so when the machine was busy', () => {
    expect(lessonCaption(cpuBound, runs(1650), 2)).toMatch(/^Threads were 1\.94× and processes 1\.88× faster/);
    expect(lessonCaption(cpuBound, runs(3000), 2)).toMatch(/less than the 2 cores allow/);
    expect(lessonIntro(cpuBound, 2)).toContain('all 2 cores');
  });

  it('put the learner’s prediction beside the measurement', () => {
    const predict = cpuBound.predict!;
    expect(predictionVerdict(predict, 1.7, runs(1650))).toBe(
      'You predicted 1.70 s; it took 1.70 s (within 10 %: well predicted).',
    );
    expect(predictionVerdict(predict, 3.4, runs(1650))).toMatch(/off by 100 %: worth a second look/);
    expect(predictionVerdict(predict, 2, [])).toBeNull();
    const gil = lessonInfo(findLesson('gil')!, 2).predict!;
    const gilRuns = withSpeedups(
      [
        entryFromRecord(record(1, 'sequential', 2, 3200), 'One', 'one')!,
        entryFromRecord(record(2, 'threads', 2, 3300), 'GIL', 'gil-threads')!,
      ],
      'one',
    );
    expect(predictionVerdict(gil, 1, gilRuns)).toMatch(/^You predicted 1\.00×; it was 0\.97× \(within 10 %/);
  });

  it('read predictions as positive numbers only', () => {
    expect(parsePrediction(' 2.5 ')).toBe(2.5);
    expect(parsePrediction('3 s')).toBe(3);
    expect(parsePrediction('1.5×')).toBe(1.5);
    for (const bad of ['', 'soon', '-1', '0', 'NaN']) expect(parsePrediction(bad)).toBeNull();
  });
});

describe('the speedup chart', () => {
  it('draws the ideal min(tasks, cores) and Amdahl’s bound over 1…2×cores', () => {
    expect(speedupCurve('ideal', 2, 4).map((point) => point.speedup)).toEqual([1, 2, 2, 2]);
    expect(speedupCurve('waiting', 2, 4).map((point) => point.speedup)).toEqual([1, 2, 3, 4]);
    const bound = speedupCurve({ serial: 0.25 }, 2, 4).map((point) => point.speedup);
    expect(bound[0]).toBe(1);
    expect(bound[1]).toBeCloseTo(1.6, 10);
    expect(bound[3]).toBeCloseTo(1.6, 10);
    expect(taskDomain([], 2)).toBe(4);
    expect(taskDomain([{ id: 'x', label: 'x', tasks: 9, speedup: 1 }], 2)).toBe(9);
  });
});

describe('sweeps', () => {
  it('run 1 … 2×cores tasks, at most five counts, always 1, cores and twice the cores', () => {
    expect(sweepCounts(1)).toEqual([1, 2]);
    expect(sweepCounts(2)).toEqual([1, 2, 3, 4]);
    expect(sweepCounts(8)).toEqual([1, 4, 8, 12, 16]);
  });

  it('never ask for more tasks than a run may have, however many cores', () => {
    expect(sweepCounts(48)).toEqual([1, 24, 48, 64]);
  });

  it('share the same total work among the tasks, against the one-task run', () => {
    const sweep = sweepLesson({ workload: 'cpu', executor: 'threads', steps: 4, stepMs: 800 }, 'Threads', 2);
    expect(sweep.runs.map((run) => [run.request.tasks, run.request.stepMs])).toEqual([
      [1, 800],
      [2, 400],
      [3, 267],
      [4, 200],
    ]);
    expect(sweep.baseline).toBe('n1');
    const entries = withSpeedups(
      [
        entryFromRecord(record(1, 'threads', 1, 3200), '1 task', 'n1')!,
        entryFromRecord(record(2, 'threads', 2, 1600), '2 tasks', 'n2')!,
        entryFromRecord(record(3, 'threads', 3, 1700), '3 tasks', 'n3')!,
        entryFromRecord(record(4, 'threads', 4, 1650), '4 tasks', 'n4')!,
      ],
      'n1',
    );
    expect(lessonCaption(sweep, entries, 2)).toBe(
      'Against one task: 2.00× with 2, 1.88× with 3, 1.94× with 4. The ideal is min(tasks, 2).',
    );
    const waiting = sweepLesson({ workload: 'io', executor: 'threads', steps: 2, stepMs: 600 }, 'Threads', 2);
    expect(waiting.captions.after[0]!.text).toContain('the ideal is the number of tasks');
    const amdahlSweep = sweepLesson({ workload: 'amdahl', executor: 'threads', steps: 2, stepMs: 600 }, 'Threads', 2);
    expect(lessonCaption(amdahlSweep, entries, 2)).toContain('Amdahl’s bound on 2 cores is 1.60×');
  });
});

describe('sweep series', () => {
  const sweep = (executor: 'threads' | 'processes', ms: number[]) =>
    withSpeedups(
      ms.map((wall, i) => entryFromRecord(record(i + 1, executor, i + 1, wall), `${i + 1}`, `n${i + 1}`)!),
      'n1',
    );

  it('keep each finished sweep’s points, one series per executor and workload', () => {
    const threads = sweepSeries(sweep('threads', [3000, 1500, 1600]), 'Threads')!;
    expect(threads).toEqual({
      key: 'threads/cpu',
      label: 'Threads',
      points: [
        { tasks: 1, speedup: 1 },
        { tasks: 2, speedup: 2 },
        { tasks: 3, speedup: 1.875 },
      ],
    });
    const processes = sweepSeries(sweep('processes', [3000, 1700]), 'Processes')!;
    let series = withSeries(withSeries([], threads), processes);
    expect(series.map((one) => one.label)).toEqual(['Threads', 'Processes']);
    series = withSeries(series, { ...threads, label: 'Threads again' });
    expect(series.map((one) => one.label)).toEqual(['Processes', 'Threads again']);
  });

  it('are not made from a sweep that was stopped', () => {
    const stopped = sweep('threads', [3000, 1500]);
    stopped[1] = { ...stopped[1]!, status: 'stopped' };
    expect(sweepSeries(stopped, 'x')).toBeNull();
    expect(sweepSeries([], 'x')).toBeNull();
  });
});
