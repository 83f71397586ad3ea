// The engine's CPU sampler (src/node/sampler.proc.ts): driven by /proc fixtures, a fake clock and
// a hand-cranked timer, then once for real against this machine's /proc with a spinning worker.
// Runs in Vitest (Node).

import { existsSync, readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { CpuTimesMs } from '../../../src/core/cpu';
import type { CpuReading } from '../../../src/node/sampler';
import { createSampler, type SamplerOptions } from '../../../src/node/sampler.proc';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/proc/${name}`, import.meta.url), 'utf8');
const PID = 4242;

/** A thread's stat line: only utime (14), stime (15) and processor (39) vary. */
function threadStat(tid: number, utime: number, stime: number, core: number): string {
  return `${tid} (node) S 4231 4231 3904 0 -1 4194368 1596 0 0 0 ${utime} ${stime} 0 0 20 0 8 0 98270 1562144768 12961 18446744073709551615 1 2 3 0 0 0 0 16781312 17922 0 0 0 -1 ${core} 0 0 0 0 0\n`;
}

/** Fake /proc files, a fake clock and a timer the test cranks by hand. */
function fakeHost(files: Record<string, string>, extra: SamplerOptions = {}) {
  const host = {
    files: new Map(Object.entries(files)),
    clock: 1_000,
    tick: null as (() => void) | null,
    periods: [] as number[],
    cancels: 0,
    readings: [] as CpuReading[],
  };
  const sampler = createSampler({
    readFile: (path) => {
      const text = host.files.get(path);
      if (text === undefined) throw new Error(`ENOENT: ${path}`);
      return text;
    },
    now: () => host.clock,
    schedule: (tick, periodMs) => {
      host.tick = tick;
      host.periods.push(periodMs);
      return () => host.cancels++;
    },
    pid: PID,
    ...extra,
  });
  const advance = (ms: number): CpuReading | undefined => {
    host.clock += ms;
    const before = host.readings.length;
    host.tick?.();
    return host.readings.length > before ? host.readings.at(-1) : undefined;
  };
  const start = (): void => sampler.start((reading) => host.readings.push(reading));
  return { host, sampler, advance, start };
}

describe('sampler on Linux /proc (fixtures)', () => {
  const base = { '/proc/stat': fixture('stat-a.txt'), '/proc/self/stat': threadStat(PID, 1_000, 0, 0) };

  it('takes a baseline at start, then emits exact busy and steal percent every period', () => {
    const { host, sampler, advance, start } = fakeHost(base);
    expect([sampler.coreSource, sampler.taskCoresMeasured]).toEqual(['proc-stat', true]);
    start();
    expect(host.readings).toEqual([]);
    expect(host.periods).toEqual([100]);
    host.files.set('/proc/stat', fixture('stat-b.txt'));
    expect(advance(100)).toMatchObject({ cores: [65, 35, 0, 0], steal: [0, 25, 0, 0], tasks: [] });
  });

  it("reports each watched thread's last core and its CPU time since the previous sample", () => {
    const { host, sampler, advance, start } = fakeHost({
      ...base,
      '/proc/4242/task/4243/stat': threadStat(4243, 100, 20, 1),
    });
    start();
    sampler.watchTask(0, PID, 4243);
    host.files.set('/proc/4242/task/4243/stat', threadStat(4243, 130, 25, 3));
    expect(advance(100)?.tasks).toEqual([{ task: 0, core: 3, cpuMs: 350 }]);
    expect(advance(100)?.tasks).toEqual([{ task: 0, core: 3, cpuMs: 0 }]);
    sampler.watchTask(1, PID, null);
    sampler.clearTasks();
    expect(advance(100)?.tasks).toEqual([]);
  });

  it('drops a thread that vanished, without throwing, and does not pick it up again', () => {
    const threads = {
      '/proc/4242/task/4243/stat': threadStat(4243, 1, 0, 0),
      '/proc/4242/task/4244/stat': threadStat(4244, 1, 0, 1),
    };
    const { host, sampler, advance, start } = fakeHost({ ...base, ...threads });
    start();
    sampler.watchTask(0, PID, 4243);
    sampler.watchTask(1, PID, 4244);
    host.files.delete('/proc/4242/task/4243/stat');
    expect(advance(100)?.tasks.map((sample) => sample.task)).toEqual([1]);
    host.files.set('/proc/4242/task/4243/stat', threadStat(4243, 9, 0, 0));
    expect(advance(100)?.tasks.map((sample) => sample.task)).toEqual([1]);
    sampler.watchTask(2, PID, 9999); // never existed: ignored
    expect(advance(100)?.tasks.map((sample) => sample.task)).toEqual([1]);
  });

  it("counts as self the engine's CPU minus its in-process task threads (each once), plus the extra", () => {
    const { host, sampler, advance, start } = fakeHost(
      {
        ...base,
        '/proc/4242/task/4243/stat': threadStat(4243, 0, 0, 0),
        '/proc/4242/task/4244/stat': threadStat(4244, 0, 0, 1),
        '/proc/5000/task/5000/stat': threadStat(5000, 0, 0, 1),
      },
      { extraSelf: () => 0.25 },
    );
    start();
    sampler.watchTask(0, PID, 4243);
    sampler.watchTask(1, PID, 4244); // tasks 1 and 2 share one thread (a sequential unit)
    sampler.watchTask(2, PID, 4244);
    sampler.watchTask(3, 5000, 5000); // a task process: not part of this process's total
    host.files.set('/proc/self/stat', threadStat(PID, 1_020, 5, 0)); // 25 ticks = 250 ms
    host.files.set('/proc/4242/task/4243/stat', threadStat(4243, 10, 0, 0));
    host.files.set('/proc/4242/task/4244/stat', threadStat(4244, 5, 0, 1));
    host.files.set('/proc/5000/task/5000/stat', threadStat(5000, 10, 0, 1));
    const reading = advance(100)!;
    expect(reading.tasks).toEqual([
      { task: 0, core: 0, cpuMs: 100 },
      { task: 1, core: 1, cpuMs: 50 },
      { task: 2, core: 1, cpuMs: 50 },
      { task: 3, core: 1, cpuMs: 100 },
    ]);
    // (250 ms - 100 ms - 50 ms) over 100 ms = 1 core, plus Electron's 0.25.
    expect(reading.self).toBeCloseTo(1.25, 10);
    host.files.set('/proc/4242/task/4243/stat', threadStat(4243, 30, 0, 0)); // thread read after the process total
    expect(advance(100)?.self).toBe(0.25);
  });

  it('never calls os.cpus() where /proc/stat exists', () => {
    let calls = 0;
    const { advance, start } = fakeHost(base, {
      cpuTimes: () => (calls++, []),
      cpuUsage: () => ({ user: calls++, system: 0 }),
    });
    start();
    advance(100);
    expect(calls).toBe(0);
  });

  it('skips a sample when /proc/stat cannot be read, keeping the baseline', () => {
    const { host, advance, start } = fakeHost(base);
    start();
    host.files.delete('/proc/stat');
    expect(advance(100)).toBeUndefined();
    host.files.set('/proc/stat', fixture('stat-b.txt'));
    expect(advance(100)?.cores).toEqual([65, 35, 0, 0]);
  });

  it('stops idempotently, ignores a stale tick, and restarts with a fresh baseline', () => {
    const { host, sampler, advance, start } = fakeHost({ ...base, '/proc/stat': 'cpu0 0 0 0 100\n' });
    start();
    const staleTick = host.tick!;
    sampler.stop();
    sampler.stop();
    expect(host.cancels).toBe(1);
    host.files.set('/proc/stat', 'cpu0 100 0 0 100\n');
    staleTick();
    expect(host.readings).toEqual([]);
    start(); // baseline here: the 100 busy ticks before it belong to no reading
    expect(host.periods).toEqual([100, 100]);
    host.files.set('/proc/stat', 'cpu0 100 0 0 200\n');
    expect(advance(100)?.cores).toEqual([0]);
    sampler.stop();
    expect(host.cancels).toBe(2);
  });
});

describe('sampler without /proc (os.cpus fallback)', () => {
  const times = (user: number, sys: number, idle: number): CpuTimesMs => ({ user, nice: 0, sys, idle, irq: 0 });

  it('uses os.cpus() deltas, process CPU time for self, and reports no task cores', () => {
    const snapshots = [
      [times(1_000, 500, 9_000), times(2_000, 0, 8_000)],
      [times(1_030, 520, 9_050), times(2_000, 0, 8_100)],
    ];
    const usage = [
      { user: 1_000_000, system: 200_000 },
      { user: 1_030_000, system: 220_000 },
    ];
    let index = 0;
    const { sampler, advance, start } = fakeHost(
      {},
      { cpuTimes: () => snapshots[index]!, cpuUsage: () => usage[index]!, extraSelf: () => Number.NaN },
    );
    expect([sampler.coreSource, sampler.taskCoresMeasured]).toEqual(['os-cpus', false]);
    start();
    sampler.watchTask(0, PID, 4243);
    index = 1;
    // core 0: 30 + 20 busy of 100 ms; self: 30 ms + 20 ms of CPU over 100 ms.
    expect(advance(100)).toEqual({ cores: [50, 0], steal: [0, 0], self: 0.5, tasks: [] });
  });
});

describe('sampler on this machine', () => {
  it('sees a spinning worker thread on a real core, with a valid core index and CPU time', async ({ skip }) => {
    skip(!existsSync('/proc/stat'), 'no /proc/stat here (not Linux): which core a thread ran on cannot be measured');
    const spinner = new Worker(
      `const { parentPort } = require('node:worker_threads');
       parentPort.postMessage(require('node:fs').readlinkSync('/proc/thread-self'));
       let x = 0; for (;;) x = (x + Math.sqrt(x + 1)) % 1e9;`,
      { eval: true },
    );
    const sampler = createSampler();
    const readings: CpuReading[] = [];
    try {
      const link = await new Promise<string>((resolve) => spinner.once('message', resolve));
      const [pid, , tid] = link.split('/').map(Number);
      expect(pid).toBe(process.pid);
      expect(sampler.coreSource).toBe('proc-stat');
      const seen = new Promise<void>((resolve) => {
        sampler.start((reading) => {
          readings.push(reading);
          const sawTask = readings.some((r) => r.tasks.some((sample) => sample.task === 0 && sample.cpuMs > 0));
          // Five readings (half a second) at least, so the median of `self` below means something.
          if (readings.length >= 5 && sawTask && readings.some((r) => Math.max(...r.cores) > 50)) resolve();
        });
      });
      sampler.watchTask(0, pid!, tid!);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([seen, new Promise((resolve) => (timer = setTimeout(resolve, 2_500)))]);
      clearTimeout(timer);
    } finally {
      sampler.stop();
      await spinner.terminate();
    }
    expect(readings.length).toBeGreaterThan(0);
    const busiest = readings.reduce((a, b) => (Math.max(...b.cores) > Math.max(...a.cores) ? b : a));
    expect(Math.max(...busiest.cores)).toBeGreaterThan(50);
    const spun = readings.flatMap((r) => r.tasks).filter((sample) => sample.task === 0 && sample.cpuMs > 0);
    expect(spun.length).toBeGreaterThan(0);
    for (const sample of spun) expect(sample.core).toBeGreaterThanOrEqual(0);
    for (const sample of spun) expect(sample.core).toBeLessThan(busiest.cores.length);
    // The spinner lives in this process but is a task, so it is not "the app": self stays well under one core.
    const selves = readings.map((r) => r.self).sort((a, b) => a - b);
    expect(selves[Math.floor(selves.length / 2)]).toBeLessThan(0.5);
  });
});
