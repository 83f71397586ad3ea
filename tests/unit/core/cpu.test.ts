// The CPU accounting maths of src/core/cpu.ts, against /proc fixtures whose deltas were chosen
// so every percentage is exact. Runs in Vitest (Node); no timers, no real /proc.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  MS_PER_TICK,
  clampPercent,
  coresUsed,
  cpuTimesUsage,
  parsePidStat,
  parseProcStat,
  procStatUsage,
  ticksToMs,
  type CpuTimesMs,
} from '../../../src/core/cpu';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/proc/${name}`, import.meta.url), 'utf8');
const statA = parseProcStat(fixture('stat-a.txt'));
const statB = parseProcStat(fixture('stat-b.txt'));

describe('parseProcStat', () => {
  it('reads one entry per cpuN line, ignoring the aggregate line, grouped as htop does', () => {
    expect(statA.map((ticks) => ticks.core)).toEqual([0, 1, 2, 3]);
    expect(statA[0]).toEqual({ core: 0, busy: 1_843_210 + 412 + 301_225 + 8_123, idle: 9_876_543 + 12_034, steal: 0 });
  });

  it('counts guest time once (it is already inside user and nice) and keeps steal apart', () => {
    // user 1650021 includes guest 120034; nice 3120 includes guest_nice 2100.
    const busy = 1_650_021 - 120_034 + (3_120 - 2_100) + 288_410 + 0 + 6_543 + (120_034 + 2_100);
    expect(statA[1]).toEqual({ core: 1, busy, idle: 9_901_234 + 9_876, steal: 44_210 });
  });

  it('accepts old kernels with fewer columns and offline cores that leave gaps', () => {
    expect(parseProcStat('cpu  25 0 10 300\ncpu0 10 0 5 100\ncpu2 15 0 5 200\nintr 5\n')).toEqual([
      { core: 0, busy: 15, idle: 100, steal: 0 },
      { core: 2, busy: 20, idle: 200, steal: 0 },
    ]);
    expect(parseProcStat('intr 1 2 3\nctxt 4\n')).toEqual([]);
  });
});

describe('procStatUsage', () => {
  it('gives exact busy and steal percent per core between two readings', () => {
    const usage = procStatUsage(statA, statB);
    // core 0: busy 130 of 200 ticks; core 1: busy 70 + steal 50 of 200; core 2: all idle;
    // core 3: its counters restarted from near zero (hotplug), so it reads 0 rather than a spike.
    expect(usage.cores).toEqual([65, 35, 0, 0]);
    expect(usage.steal).toEqual([0, 25, 0, 0]);
  });

  it('reads 0 for a core whose counters went backwards, never a negative or NaN', () => {
    // Swapped: cores 0..2 run backwards (core 3 runs forwards, from its reset back to A).
    const usage = procStatUsage(statB, statA);
    expect(usage.cores.slice(0, 3)).toEqual([0, 0, 0]);
    expect(usage.steal.slice(0, 3)).toEqual([0, 0, 0]);
    // Idle ran backwards while busy advanced: 0 for this interval, not a clamped 100 % spike.
    expect(procStatUsage(parseProcStat('cpu0 100 0 0 100\n'), parseProcStat('cpu0 150 0 0 90\n')).cores).toEqual([0]);
    expect(usage.cores.concat(usage.steal).every((value) => Number.isFinite(value) && value >= 0)).toBe(true);
  });

  it('follows cores that appear or disappear, giving 0 where there is no baseline', () => {
    const next = parseProcStat('cpu0 110 0 0 90\ncpu1 50 0 0 150\ncpu5 7 0 0 7\n');
    const prev = parseProcStat('cpu0 100 0 0 80\ncpu1 50 0 0 100\ncpu3 1 0 0 1\n');
    expect(procStatUsage(prev, next)).toEqual({ cores: [50, 0, 0, 0, 0, 0], steal: [0, 0, 0, 0, 0, 0] });
    expect(procStatUsage(prev, [])).toEqual({ cores: [], steal: [] });
  });

  it('reads 0 when no time passed between readings', () => {
    expect(procStatUsage(statA, statA)).toEqual({ cores: [0, 0, 0, 0], steal: [0, 0, 0, 0] });
  });
});

describe('parsePidStat', () => {
  it('parses after the last ")" even when the command name holds ") (" and spaces', () => {
    expect(parsePidStat(fixture('task-stat-odd-comm.txt'))).toEqual({
      pid: 4243,
      comm: 'we ird) (x 1',
      ppid: 4231,
      cpuTicks: 1_234 + 56,
      childTicks: 0,
      startTicks: 98_270,
      core: 3,
    });
  });

  it('reads a short line (an old kernel, a test double) without the fields it lacks', () => {
    const line = '77 (Web Content) (x) S 70 77 77 0 -1 4194560 100 0 0 0 150 25 0 0 20 0 1 0 1000 0 0';
    expect(parsePidStat(line)).toEqual({
      pid: 77,
      comm: 'Web Content) (x',
      ppid: 70,
      cpuTicks: 175,
      childTicks: 0,
      startTicks: 1000,
      core: null,
    });
  });

  it('returns null for text that is not a stat line', () => {
    expect(parsePidStat('')).toBeNull();
    expect(parsePidStat('garbage')).toBeNull();
    expect(parsePidStat('4243 (node) R')).toBeNull();
  });
});

describe('os.cpus() fallback maths', () => {
  const times = (user: number, nice: number, sys: number, idle: number, irq: number): CpuTimesMs => ({
    user,
    nice,
    sys,
    idle,
    irq,
  });
  const prev = [times(1_000, 10, 500, 9_000, 20), times(2_000, 0, 700, 8_000, 0)];
  const next = [times(1_300, 10, 650, 9_500, 70), times(2_000, 0, 700, 9_000, 0), times(5, 0, 5, 10, 0)];

  it('gives busy percent from user + nice + sys + irq over the whole interval, and no steal', () => {
    // core 0: busy 300 + 0 + 150 + 50 = 500 of 1000 ms.
    expect(cpuTimesUsage(prev, next)).toEqual({ cores: [50, 0, 0], steal: [0, 0, 0] });
  });

  it('does not add irq twice where sys already contains it (Windows)', () => {
    // core 0: busy 300 + 150 = 450 of 950 ms.
    expect(cpuTimesUsage(prev, next, { irqInSys: true }).cores[0]).toBeCloseTo((100 * 450) / 950, 10);
  });

  it('reads 0 for counters that went backwards', () => {
    expect(cpuTimesUsage(next, prev).cores).toEqual([0, 0]);
  });
});

describe('units', () => {
  it('converts 10 ms ticks and CPU time per wall time into cores', () => {
    expect(MS_PER_TICK).toBe(10);
    expect(ticksToMs(1_290)).toBe(12_900);
    expect(coresUsed(250, 100)).toBe(2.5);
    expect(coresUsed(-10, 100)).toBe(0);
    expect(coresUsed(10, 0)).toBe(0);
  });

  it('clamps percentages to 0..100 and maps NaN to 0', () => {
    expect([clampPercent(-3), clampPercent(101), clampPercent(42.5), clampPercent(Number.NaN)]).toEqual([
      0, 100, 42.5, 0,
    ]);
  });
});
