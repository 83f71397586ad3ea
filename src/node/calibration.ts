// How fast this machine does the CPU workload's work: measured once on a worker thread (never on
// the engine's main thread, which in Electron is the app's main process), and remembered per
// machine — CPU model, core count, Node version — in a small cache the shell provides (the app's
// data folder in Electron; memory alone for the web shell and the CLI). Runs in the engine; the
// worker side (runCalibration) runs in the task-thread entry.

import { availableParallelism, cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Calibrated, CalibrateStart } from '../core/contract';
import { calibrate } from '../core/work';

/** Where the measured rate is kept between runs of the app; both calls may reject. */
export interface CalibrationCache {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

/** A measurement that takes longer than this has failed; the worker is ended. */
export const CALIBRATION_TIMEOUT_MS = 10_000;
/** Machines remembered in one cache file (one per Node version an app on this machine used). */
const MAX_CACHED_MACHINES = 8;
/** Bounds a measured rate must fall within to be believed (iterations per ms). */
const MIN_RATE = 1;
const MAX_RATE = 1e9;
/** Bumped when the kernel or the measurement changes, so old figures are not reused. */
const CALIBRATION_VERSION = 1;

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  node: string;
  arch: string;
}

export function thisMachine(): MachineInfo {
  return {
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    arch: process.arch,
  };
}

/** The cache key: what makes the measured rate this machine's, and this runtime's. */
export function machineKey(info: MachineInfo): string {
  return `v${CALIBRATION_VERSION}|${info.cpuModel}|${info.cores}|${info.arch}|node ${info.node}`;
}

function plausible(rate: unknown): rate is number {
  return typeof rate === 'number' && Number.isInteger(rate) && rate >= MIN_RATE && rate <= MAX_RATE;
}

function cachedEntries(text: string | null): [string, number][] {
  if (text === null) return [];
  try {
    const data: unknown = JSON.parse(text);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return [];
    return Object.entries(data as Record<string, unknown>)
      .filter((entry): entry is [string, number] => entry[0].length <= 300 && plausible(entry[1]))
      .slice(0, MAX_CACHED_MACHINES);
  } catch {
    return [];
  }
}

/** The rate cached for `key`, or null: a missing, corrupt or foreign file is a miss, never an error. */
export function cachedRate(text: string | null, key: string): number | null {
  return cachedEntries(text).find(([candidate]) => candidate === key)?.[1] ?? null;
}

/** The cache's new text with `rate` for `key`, newest first, old machines dropped past the limit. */
export function withRate(text: string | null, key: string, rate: number): string {
  const others = cachedEntries(text).filter(([candidate]) => candidate !== key);
  return JSON.stringify(Object.fromEntries([[key, rate], ...others].slice(0, MAX_CACHED_MACHINES)));
}

/** A Calibrated message from the worker, checked; anything else is null. */
export function parseCalibrated(data: unknown): number | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Partial<Calibrated>;
  return message.kind === 'calibrated' && plausible(message.itersPerMs) ? message.itersPerMs : null;
}

/**
 * The calling thread's CPU time in ms: process.threadCpuUsage() where the runtime has it
 * (Electron 45's Node; µs resolution). Node 20 lacks it; there the process's CPU time stands in,
 * which is this thread's own while the engine's main thread waits, as it does during calibration.
 */
export function threadCpuClock(): () => number {
  const usage = (process as { threadCpuUsage?: () => { user: number; system: number } }).threadCpuUsage;
  const read = usage ? () => usage.call(process) : () => process.cpuUsage();
  return () => {
    const { user, system } = read();
    return (user + system) / 1000;
  };
}

/** The worker's side: measure against this thread's CPU clock and post the rate. */
export function runCalibration(post: (message: Calibrated) => void): void {
  post({ kind: 'calibrated', itersPerMs: calibrate(threadCpuClock()) });
}

/** Measures on a new worker thread started from `threadEntry` (the task-thread entry file). */
export function measureOffThread(
  threadEntry: string,
  timeoutMs = CALIBRATION_TIMEOUT_MS,
): { rate: Promise<number>; cancel(): void } {
  const start: CalibrateStart = { kind: 'calibrate' };
  const worker = new Worker(threadEntry, { workerData: start, stdout: false, stderr: false });
  let finish!: (error: Error | null, value?: number) => void;
  const rate = new Promise<number>((resolve, reject) => {
    let settled = false;
    finish = (error, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The worker exits by itself after posting; terminate() makes sure of it either way.
      void worker.terminate();
      if (error) reject(error);
      else resolve(value!);
    };
    const timer = setTimeout(() => finish(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
    worker.once('message', (data: unknown) => {
      const measured = parseCalibrated(data);
      finish(measured === null ? new Error('an unreadable answer') : null, measured ?? undefined);
    });
    worker.once('error', (error) => finish(error));
    worker.once('exit', (code) => finish(new Error(`the thread exited (code ${code}) without an answer`)));
  });
  return { rate, cancel: () => finish(new Error('cancelled')) };
}

export interface Calibration {
  /** The rate, measured or cached; starts the measurement on first call. Rejects only after dispose(). */
  rate(): Promise<number>;
  /** The rate if already known, else null. */
  known(): number | null;
  /** Ends a measurement still running (its worker is terminated). */
  dispose(): void;
}

export interface CalibrationOptions {
  threadEntry: string;
  cache?: CalibrationCache | null;
  machine?: MachineInfo;
  /** Measures off the main thread; tests inject one. */
  measure?: (threadEntry: string) => { rate: Promise<number>; cancel(): void };
  /** Last resort when the worker cannot measure: on this thread (blocks it for ~60 ms, once). */
  fallback?: () => number;
  onWarning?: (message: string) => void;
}

export function createCalibration(options: CalibrationOptions): Calibration {
  const key = machineKey(options.machine ?? thisMachine());
  const cache = options.cache ?? null;
  const measure = options.measure ?? measureOffThread;
  const warn = options.onWarning ?? ((message: string) => console.warn(`[lanes] ${message}`));
  let value: number | null = null;
  let pending: Promise<number> | null = null;
  let cancel: (() => void) | null = null;
  let disposed = false;

  const obtain = async (): Promise<number> => {
    const text = cache ? await cache.read().catch(() => null) : null;
    const cached = cachedRate(text, key);
    if (cached !== null) return cached;
    let measured: number;
    try {
      if (disposed) throw new Error('the engine is closing');
      const run = measure(options.threadEntry);
      cancel = run.cancel;
      measured = await run.rate;
    } catch (error) {
      if (disposed) throw error;
      warn(
        `measuring this machine's speed on a worker thread failed (${error instanceof Error ? error.message : String(error)}); measuring on the main thread instead.`,
      );
      measured = (options.fallback ?? (() => calibrate(threadCpuClock())))();
    } finally {
      cancel = null;
    }
    if (cache)
      await cache
        .write(withRate(text, key, measured))
        .catch(() => warn('could not save the measured speed; it will be measured again next time.'));
    return measured;
  };

  return {
    rate() {
      if (value !== null) return Promise.resolve(value);
      pending ??= obtain().then((rate) => (value = rate));
      return pending;
    },
    known: () => value,
    dispose() {
      disposed = true;
      cancel?.();
    },
  };
}
