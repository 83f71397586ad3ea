// The CPU sampler where there is no /proc (macOS, Windows), with each system's os.cpus() shape
// faked: no /proc file is ever read twice, cores come from os.cpus() deltas, Windows' interrupt
// time (already inside `sys`) is not counted twice, macOS reports none, and the app's own CPU
// comes from the process's CPU clock. No task's core can be known there, and the sampler says so.
import { describe, expect, it } from 'vitest';
import type { CpuTimesMs } from '../../../src/core/cpu';
import type { CpuReading } from '../../../src/node/sampler';
import { createSampler } from '../../../src/node/sampler.proc';

const times = (user: number, sys: number, idle: number, irq = 0): CpuTimesMs => ({ user, nice: 0, sys, idle, irq });

/** A sampler on `platform` with scripted os.cpus() and CPU clock readings, cranked by hand. */
function onPlatform(platform: string, snapshots: CpuTimesMs[][], usage: { user: number; system: number }[]) {
  const procReads: string[] = [];
  let index = 0;
  let clock = 0;
  let tick: (() => void) | null = null;
  const readings: CpuReading[] = [];
  const sampler = createSampler({
    platform,
    readFile: (path) => {
      procReads.push(path);
      throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    },
    cpuTimes: () => snapshots[index]!,
    cpuUsage: () => usage[index]!,
    now: () => clock,
    schedule: (next) => {
      tick = next;
      return () => undefined;
    },
  });
  sampler.start((reading) => readings.push(reading));
  const advance = (ms: number): CpuReading | undefined => {
    index++;
    clock += ms;
    tick?.();
    return readings.at(-1);
  };
  return { sampler, advance, procReads };
}

describe('sampler without /proc', () => {
  it('on Windows: counts interrupt time once (it is inside sys), and self from the CPU clock', () => {
    const { sampler, advance, procReads } = onPlatform(
      'win32',
      [
        [times(10_000, 4_000, 50_000, 900), times(20_000, 1_000, 40_000, 100)],
        [times(10_040, 4_040, 50_020, 930), times(20_000, 1_010, 40_090, 100)],
      ],
      [
        { user: 500_000, system: 100_000 },
        { user: 520_000, system: 105_000 },
      ],
    );
    expect([sampler.coreSource, sampler.taskCoresMeasured]).toEqual(['os-cpus', false]);
    // Core 0: 40 + 40 busy (the 30 ms of irq are inside those 40 of sys) of 100 ms.
    expect(advance(100)).toEqual({ cores: [80, 10], steal: [0, 0], self: 0.25, tasks: [] });
    // /proc/stat was looked for once, at creation, and never again.
    expect(procReads).toEqual(['/proc/stat']);
  });

  it('on macOS: os.cpus() reports no interrupt time; busy is user + nice + sys', () => {
    const { advance } = onPlatform(
      'darwin',
      [
        [
          times(1_000, 1_000, 1_000),
          times(1_000, 1_000, 1_000),
          times(1_000, 1_000, 1_000),
          times(1_000, 1_000, 1_000),
        ],
        [
          times(1_100, 1_000, 1_000),
          times(1_050, 1_050, 1_000),
          times(1_000, 1_000, 1_100),
          times(1_025, 1_000, 1_075),
        ],
      ],
      [
        { user: 0, system: 0 },
        { user: 150_000, system: 50_000 },
      ],
    );
    expect(advance(100)).toEqual({ cores: [100, 100, 0, 25], steal: [0, 0, 0, 0], self: 2, tasks: [] });
  });

  it('on Linux without a readable /proc (a locked-down container): irq counts as busy', () => {
    const { sampler, advance } = onPlatform(
      'linux',
      [[times(0, 0, 0, 0)], [times(10, 10, 60, 20)]],
      [
        { user: 0, system: 0 },
        { user: 0, system: 0 },
      ],
    );
    expect(sampler.coreSource).toBe('os-cpus');
    expect(advance(100)?.cores).toEqual([40]);
  });

  it('watches no task threads where it cannot read them', () => {
    const { sampler, advance, procReads } = onPlatform(
      'darwin',
      [[times(0, 0, 100)], [times(0, 0, 200)]],
      [
        { user: 0, system: 0 },
        { user: 0, system: 0 },
      ],
    );
    sampler.watchTask(0, 4242, 4243);
    sampler.watchTask(1, 4242, null);
    expect(advance(100)?.tasks).toEqual([]);
    expect(procReads).toEqual(['/proc/stat']);
  });
});
