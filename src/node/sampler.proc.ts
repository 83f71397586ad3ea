// The engine's CPU sampler: on Linux it reads /proc/stat (per-core busy and steal), each watched
// task thread's /proc/<pid>/task/<tid>/stat and /proc/self/stat; elsewhere os.cpus() deltas.
// Runs in Electron main or the Node engine; the Session starts/stops it and receives readings.

import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import {
  coresUsed,
  cpuTimesUsage,
  parsePidStat,
  parseProcStat,
  procStatUsage,
  ticksToMs,
  type CoreTicks,
  type CoreUsage,
  type CpuTimesMs,
} from '../core/cpu';
import type { TaskCoreSample } from '../core/contract';
import { SAMPLE_PERIOD_MS, type Sampler } from './sampler';

export interface SamplerOptions {
  /** Cores' worth of CPU the app uses outside this process (Electron: renderer and GPU). */
  extraSelf?: () => number;
  /** Reads a /proc file as text, throwing if it does not exist (tests pass fixtures). */
  readFile?: (path: string) => string;
  /** Monotonic clock in ms. */
  now?: () => number;
  /** Calls `tick` every `periodMs` until the returned cancel function runs; must not keep the process alive. */
  schedule?: (tick: () => void, periodMs: number) => () => void;
  /** Fallback only: per-core times (os.cpus()). Never called where /proc/stat can be read. */
  cpuTimes?: () => CpuTimesMs[];
  /** Fallback only: CPU time of the engine, µs (process.cpuUsage() shape). */
  cpuUsage?: () => { user: number; system: number };
  /** This process's pid: watched threads living in it are tasks, not the app. */
  pid?: number;
  /** Sampling period, ms (default SAMPLE_PERIOD_MS). */
  periodMs?: number;
  /** The system (process.platform); tests fake macOS and Windows, whose os.cpus() differ. */
  platform?: string;
}

/** One source's view of the machine: created with a baseline; each read() measures since the last. */
interface Probe {
  read(elapsedMs: number): { usage: CoreUsage; selfCores: number; tasks: TaskCoreSample[] };
}

interface WatchedThread {
  path: string;
  inProcess: boolean;
  tasks: number[];
  ticks: number;
}

const defaultSchedule = (tick: () => void, periodMs: number): (() => void) => {
  // unref: sampling alone never keeps the engine (or a test) alive.
  const handle = setInterval(tick, periodMs).unref();
  return () => clearInterval(handle);
};

// Node 20 lacks process.threadCpuUsage (Electron 45's Node 24 has it): the engine's main thread
// alone is "the app" there, whereas process.cpuUsage() would also count in-process task threads.
const threadCpuUsage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
const defaultCpuUsage = threadCpuUsage ? () => threadCpuUsage.call(process) : () => process.cpuUsage();

/**
 * Creates the sampler. `start()` takes a baseline and emits nothing; each period after that
 * emits one reading covering the time since the previous one. `stop()` is idempotent and a
 * later `start()` takes a fresh baseline. Watched tasks survive stop/start until clearTasks().
 */
export function createSampler(options: SamplerOptions = {}): Sampler {
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const now = options.now ?? (() => performance.now());
  const schedule = options.schedule ?? defaultSchedule;
  const ownPid = options.pid ?? process.pid;
  const threads = new Map<string, WatchedThread>();
  const procStat = tryRead(readFile, '/proc/stat');
  const linux = procStat !== null && parseProcStat(procStat).length > 0;

  /** A thread's (or the process's) core and CPU ticks; null when gone or unreadable. */
  const readThread = (path: string): { core: number; cpuTicks: number } | null => {
    const text = tryRead(readFile, path);
    const stat = text === null ? null : parsePidStat(text);
    return stat && stat.core !== null ? { core: stat.core, cpuTicks: stat.cpuTicks } : null;
  };

  const procProbe = (): Probe => {
    let cores: CoreTicks[] = parseProcStat(readFile('/proc/stat'));
    let selfTicks = readThread('/proc/self/stat')?.cpuTicks ?? 0;
    return {
      read(elapsedMs) {
        const nextCores = parseProcStat(readFile('/proc/stat'));
        const usage = procStatUsage(cores, nextCores);
        cores = nextCores;
        const nextSelf = readThread('/proc/self/stat')?.cpuTicks ?? selfTicks;
        let appTicks = nextSelf - selfTicks;
        selfTicks = nextSelf;
        const tasks: TaskCoreSample[] = [];
        for (const [key, thread] of threads) {
          const stat = readThread(thread.path);
          if (!stat) {
            threads.delete(key); // the thread exited: its last slice stays in the process's total
            continue;
          }
          const deltaTicks = Math.max(0, stat.cpuTicks - thread.ticks);
          thread.ticks = stat.cpuTicks;
          if (thread.inProcess) appTicks -= deltaTicks;
          for (const task of thread.tasks) tasks.push({ task, core: stat.core, cpuMs: ticksToMs(deltaTicks) });
        }
        tasks.sort((a, b) => a.task - b.task);
        return { usage, selfCores: coresUsed(ticksToMs(appTicks), elapsedMs), tasks };
      },
    };
  };

  const osProbe = (): Probe => {
    const cpuTimes = options.cpuTimes ?? (() => cpus().map((cpu) => cpu.times));
    const cpuUsage = options.cpuUsage ?? defaultCpuUsage;
    const irqInSys = (options.platform ?? process.platform) === 'win32';
    let times = cpuTimes();
    let used = cpuUsage();
    return {
      read(elapsedMs) {
        const nextTimes = cpuTimes();
        const nextUsed = cpuUsage();
        const usage = cpuTimesUsage(times, nextTimes, { irqInSys });
        const appMs = (nextUsed.user - used.user + (nextUsed.system - used.system)) / 1000;
        times = nextTimes;
        used = nextUsed;
        return { usage, selfCores: coresUsed(appMs, elapsedMs), tasks: [] };
      },
    };
  };

  let cancel: (() => void) | null = null;

  const sampler: Sampler = {
    coreSource: linux ? 'proc-stat' : 'os-cpus',
    taskCoresMeasured: linux,
    start(onReading) {
      sampler.stop();
      // No probe yet = no baseline: the first successful read takes one and emits nothing.
      let probe: Probe | null = null;
      let last = 0;
      const tick = (): void => {
        const at = now();
        let measured: ReturnType<Probe['read']>;
        try {
          if (!probe) {
            probe = linux ? procProbe() : osProbe();
            last = at;
            return;
          }
          measured = probe.read(at - last);
        } catch {
          return; // a transient read failure skips one sample; the probe keeps its baseline
        }
        last = at;
        const { usage, selfCores, tasks } = measured;
        onReading({ ...usage, self: selfCores + extraCores(options.extraSelf), tasks });
      };
      tick();
      let live = true;
      const stopTicks = schedule(() => {
        if (live) tick();
      }, options.periodMs ?? SAMPLE_PERIOD_MS);
      cancel = () => {
        live = false;
        stopTicks();
      };
    },
    stop() {
      cancel?.();
      cancel = null;
    },
    watchTask(task, pid, tid) {
      if (!linux || tid === null) return;
      for (const [key, thread] of threads) {
        thread.tasks = thread.tasks.filter((other) => other !== task);
        if (thread.tasks.length === 0) threads.delete(key);
      }
      const key = `${pid}/${tid}`;
      const existing = threads.get(key);
      if (existing) {
        existing.tasks.push(task);
        return;
      }
      const path = `/proc/${pid}/task/${tid}/stat`;
      const stat = readThread(path);
      if (stat) threads.set(key, { path, inProcess: pid === ownPid, tasks: [task], ticks: stat.cpuTicks });
    },
    clearTasks() {
      threads.clear();
    },
  };
  return sampler;
}

function tryRead(readFile: (path: string) => string, path: string): string | null {
  try {
    return readFile(path);
  } catch {
    return null;
  }
}

/** The Electron shell's extra CPU; a broken or negative figure counts as none. */
function extraCores(extraSelf: (() => number) | undefined): number {
  try {
    const value = extraSelf?.() ?? 0;
    return Number.isFinite(value) && value > 0 ? value : 0;
  } catch {
    return 0;
  }
}
