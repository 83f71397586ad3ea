// The bench's arithmetic and its reading of /proc: percentiles, frame statistics, slopes, the
// goal line's exact shape, and CPU time of a process tree (this process and a busy child).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseStat, processTree, treeCpuSeconds } from '../../bench/proc-cpu';
import { mainThreadBreakdown, topSelfTime } from '../../bench/profile';
import {
  combine,
  figureAt,
  frameStats,
  goalLine,
  median,
  percentile,
  ratio,
  slope,
  type GoalLine,
} from '../../bench/stats';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles and medians', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([], 95)).toBeNull();
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });

  it('reads 60 fps with one dropped frame from rAF timestamps', () => {
    const stamps = Array.from({ length: 121 }, (_, i) => i * 16.667);
    stamps.splice(60, 1);
    const stats = frameStats(stamps);
    expect(stats.frames).toBe(119);
    expect(stats.p50Ms).toBe(16.7);
    expect(stats.maxMs).toBe(33.3);
    expect(stats.fps).toBeCloseTo(59.5, 0);
  });

  it('fits a slope and refuses a ratio to nothing', () => {
    expect(
      slope([
        { x: 0, y: 1 },
        { x: 2, y: 5 },
        { x: 4, y: 9 },
      ]),
    ).toBeCloseTo(2);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(3, 2)).toBe(1.5);
  });

  it('prints a goal as one JSON line with the keys in order', () => {
    const line = goalLine({ met: true, target: '<= 33', ratio: 1.5, baseline: 10, unit: 'ms', value: 15, goal: 'G3' });
    expect(line).toBe('{"goal":"G3","value":15,"unit":"ms","baseline":10,"ratio":1.5,"target":"<= 33","met":true}');
  });

  it('reports a goal measured three times by its medians, judged on them: one noisy run decides nothing', () => {
    const judge = (value: GoalLine['value']) => (figureAt(value, 'p95Ms') ?? Infinity) <= 18;
    const run = (p95Ms: number | null, fps: number, base: number): GoalLine => ({
      goal: 'G1',
      value: p95Ms === null ? null : { fps, p95Ms },
      unit: 'fps, ms',
      baseline: { fps: 60, p95Ms: base },
      ratio: null,
      target: 'p95Ms <= 18',
      met: p95Ms !== null && p95Ms <= 18,
      judge,
    });
    const line = combine([run(16.8, 60, 16.7), run(33.3, 45, 16.8), run(16.9, 59, 16.7)]);
    expect(line.value).toEqual({ fps: 59, p95Ms: 16.9 });
    expect(line.baseline).toEqual({ fps: 60, p95Ms: 16.7 });
    expect(line.ratio).toEqual({ fps: 0.98, p95Ms: 1.01 });
    expect(line.met).toBe(true);
    // Two slow runs of three: the verdict follows them; a failed measurement is left out.
    expect(combine([run(33.3, 45, 16.7), run(30, 50, 16.7), run(null, 0, 16.7)]).met).toBe(false);
    expect(combine([run(null, 0, 16.7)]).met).toBe(false);
    // A single measurement without a judge is passed through; several without one are a mistake.
    const once = { ...run(20, 60, 16.7), judge: undefined };
    expect(combine([once])).toBe(once);
    expect(() => combine([once, once])).toThrow(/no judge/);
  });
});

describe('process tree CPU from /proc', () => {
  it('parses a stat line whose command holds spaces and parentheses', () => {
    const fields = ['S', '42', ...Array.from({ length: 9 }, () => '0'), '150', '50', '7', '3', '20'];
    expect(parseStat(`7 (Web Content (x)) ${fields.join(' ')}`)).toEqual({ pid: 7, ppid: 42, ticks: 210 });
  });

  it("counts a busy child's CPU in its parent's tree", async () => {
    // 0.6 s of the child's own CPU time, however busy the machine is.
    const spin = 'while (process.cpuUsage().user + process.cpuUsage().system < 600_000);';
    const child = spawn(process.execPath, ['-e', spin]);
    expect(processTree(process.pid)).toContain(child.pid);
    const before = treeCpuSeconds(process.pid);
    await new Promise((resolve) => child.once('exit', resolve));
    // The child used 0.6 s of CPU; once reaped its time is in this process's cutime/cstime.
    expect(treeCpuSeconds(process.pid) - before).toBeGreaterThan(0.3);
  });
});

describe('profile summaries', () => {
  it("adds up the renderer main thread's time per task kind, ignoring other threads", () => {
    const trace = {
      traceEvents: [
        { name: 'thread_name', ph: 'M', pid: 1, tid: 2, args: { name: 'CrRendererMain' } },
        { name: 'Layout', ph: 'X', pid: 1, tid: 2, dur: 3000 },
        { name: 'Paint', ph: 'X', pid: 1, tid: 2, dur: 1000 },
        { name: 'Layout', ph: 'X', pid: 1, tid: 2, dur: 2000 },
        { name: 'Layout', ph: 'X', pid: 1, tid: 9, dur: 99_000 },
      ],
    };
    expect(mainThreadBreakdown(trace, 5).map((line) => line.trim())).toEqual(['5 ms  Layout', '1 ms  Paint']);
  });

  it('ranks functions by self time from the samples', () => {
    const frame = (functionName: string) => ({ functionName, url: 'http://x/assets/index.js', lineNumber: 9 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('draw') },
        { id: 2, callFrame: frame('') },
      ],
      samples: [1, 2, 1, 1],
      timeDeltas: [1000, 1000, 1000, 1000],
    };
    const top = topSelfTime(profile, 2);
    expect(top[0]).toMatch(/3 ms +75\.0 % +draw index\.js:10$/);
    expect(top[1]).toMatch(/\(anonymous\) index\.js:10$/);
  });
});
