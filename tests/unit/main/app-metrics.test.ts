// The app's own CPU outside the engine process, from scripted app.getAppMetrics() readings:
// renderer and GPU count, the main process and the task processes do not.
import { describe, expect, it } from 'vitest';
import { createExtraSelf, type MetricLike } from '../../../src/main/app-metrics';

const metric = (
  pid: number,
  type: MetricLike['type'],
  cumulativeS: number | undefined,
  extra: Partial<MetricLike> = {},
) =>
  ({
    pid,
    type,
    creationTime: 1000 + pid,
    cpu: { percentCPUUsage: 0, cumulativeCPUUsage: cumulativeS },
    ...extra,
  }) as MetricLike;

function scripted(readings: MetricLike[][], taskPids: number[] = [], taskNames: string[] = []) {
  let call = 0;
  let now = 0;
  const extraSelf = createExtraSelf({
    getMetrics: () => readings[Math.min(call++, readings.length - 1)]!,
    isTaskProcess: (pid, name) => taskPids.includes(pid) || (name !== undefined && taskNames.includes(name)),
    nowMs: () => now,
  });
  return (atMs: number) => {
    now = atMs;
    return extraSelf();
  };
}

describe('extraSelf from app metrics', () => {
  it('adds renderer and GPU CPU as cores, leaving out the main process and task processes', () => {
    const at = scripted(
      [
        [
          metric(1, 'Browser', 10),
          metric(2, 'Tab', 1),
          metric(3, 'GPU', 2),
          metric(4, 'Utility', 5),
          metric(5, 'Utility', 7, { name: 'Lanes task 2' }),
        ],
        // 100 ms later: the renderer used 30 ms, the GPU 20 ms, the tasks and main a lot.
        [
          metric(1, 'Browser', 20),
          metric(2, 'Tab', 1.03),
          metric(3, 'GPU', 2.02),
          metric(4, 'Utility', 5.1),
          metric(5, 'Utility', 7.1, { name: 'Lanes task 2' }),
        ],
      ],
      [4],
      ['Lanes task 2'],
    );
    expect(at(0)).toBe(0);
    expect(at(100)).toBeCloseTo(0.5, 5);
  });

  it('starts a new process (or a reused pid) from zero, and drops gone ones', () => {
    const at = scripted([
      [metric(2, 'Tab', 1)],
      [metric(2, 'Tab', 1.05), metric(6, 'Utility', 3)],
      [{ ...metric(2, 'Tab', 0.01), creationTime: 5 }, metric(6, 'Utility', 3.1)],
    ]);
    at(0);
    expect(at(100)).toBeCloseTo(0.5, 5);
    expect(at(200)).toBeCloseTo(1, 5);
  });

  it('falls back to percentCPUUsage where cumulative time is not reported', () => {
    const at = scripted([[{ ...metric(2, 'Tab', undefined), cpu: { percentCPUUsage: 25 } }]]);
    expect(at(0)).toBeCloseTo(0.25, 5);
  });

  it('repeats the last figure for calls closer than the tick quantum, and survives a throwing source', () => {
    let fail = false;
    let now = 0;
    let cumulative = 1;
    const extraSelf = createExtraSelf({
      getMetrics: () => {
        if (fail) throw new Error('gone');
        return [metric(2, 'Tab', cumulative)];
      },
      isTaskProcess: () => false,
      nowMs: () => now,
    });
    extraSelf();
    now = 100;
    cumulative = 1.05;
    expect(extraSelf()).toBeCloseTo(0.5, 5);
    now = 105;
    cumulative = 2;
    expect(extraSelf()).toBeCloseTo(0.5, 5);
    now = 300;
    fail = true;
    expect(extraSelf()).toBeCloseTo(0.5, 5);
  });
});
