// The ProcessHost of the Electron shell: task processes are utilityProcess children. Runs in
// Electron main; the engine's Run forks, messages and kills task processes through it. The fork
// function is injected (index.ts passes utilityProcess.fork) so tests use a fake.

import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { ForkOptions as ElectronForkOptions } from 'electron';
import type { ChildEvents, ChildExit, ForkOptions, ProcessHost, TaskChild } from '../node/hosts/process-host';

/** The part of Electron's UtilityProcess this host uses. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  postMessage(message: unknown): void;
  kill(): boolean;
  once(event: 'spawn', listener: () => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'error', listener: (type: 'FatalError', location: string, report: string) => void): unknown;
}

export type UtilityFork = (modulePath: string, args: string[], options: ElectronForkOptions) => UtilityProcessLike;

export interface UtilityProcessHost extends ProcessHost {
  /** Whether an app-metrics entry is one of our task processes (they are the lesson, not the app). */
  isTaskProcess(pid: number, name: string | undefined): boolean;
  /** Kills every task process still alive (the quit path's last resort); returns how many. */
  killAll(): number;
}

/** Distinct service names remembered for isTaskProcess; a run names at most MAX_TASKS. */
const MAX_REMEMBERED_NAMES = 1024;

/**
 * Codes a Lanes task process exits with by itself: 0 when done, 1 for the 'exit' fault and for an
 * uncaught error (Node's code). Any other code is read as the death by signal it must be.
 */
const SELF_EXIT_CODES: readonly number[] = [0, 1];

/** The core-dump bit of a POSIX wait status; the low 7 bits are the signal. */
const CORE_DUMPED = 0x80;
const SIGNAL_MASK = 0x7f;
/** Highest standard POSIX signal on Linux (real-time signals are not met here). */
const MAX_SIGNAL = 31;
const SIGKILL_NUMBER = 9;
const SIGTERM_NUMBER = 15;

/** V8's fatal-error locations when a heap is exhausted ("Reached heap limit", "…near heap limit"). */
const OUT_OF_MEMORY_LOCATION = /heap limit|out of memory|allocation failed/i;

/**
 * What Electron's one exit number means. A process that calls process.exit(n) is reported n
 * (the "process_exit_termination" path); one that dies by a signal is reported its raw POSIX
 * wait status, the signal's number (plus 128 with a core dump: electron_api_utility_process.cc,
 * Chromium's GetTerminationStatus). So the two overlap on 1-31; Lanes' task processes exit by
 * themselves only with SELF_EXIT_CODES, which tells them apart. `fatal` is the location of a V8
 * fatal error reported before the exit (Electron then crashes the process on purpose).
 */
export function utilityExit(code: number, killedByUs: boolean, fatal: string | null): ChildExit {
  if (killedByUs && code === 0) return { code: 0, signal: null, killedByUs };
  const outOfMemory = fatal !== null && OUT_OF_MEMORY_LOCATION.test(fatal);
  const signal = code & SIGNAL_MASK;
  const maybeSignal = (code & ~(SIGNAL_MASK | CORE_DUMPED)) === 0 && signal >= 1 && signal <= MAX_SIGNAL;
  if (maybeSignal && !SELF_EXIT_CODES.includes(code)) {
    return { code: null, signal, killedByUs, ...(outOfMemory ? { outOfMemory } : {}) };
  }
  return { code, signal: null, killedByUs, ...(outOfMemory ? { outOfMemory } : {}) };
}

class UtilityChild extends EventEmitter<ChildEvents> implements TaskChild {
  private exited = false;
  private killedByUs = false;
  /** Where V8 failed fatally, when it did: Electron says so in 'error' before 'exit'. */
  private fatal: string | null = null;

  constructor(
    private readonly child: UtilityProcessLike,
    serviceName: string,
    onSpawn: (pid: number | undefined) => void,
    onExit: () => void,
    private readonly sendSignal: (pid: number, signal: 'SIGKILL') => void,
  ) {
    super();
    child.once('spawn', () => {
      onSpawn(child.pid);
      this.emit('spawn');
    });
    child.on('message', (message) => {
      if (!this.exited) this.emit('message', message);
    });
    child.once('exit', (code) => {
      // Marked before listeners run, so postMessage() from any 'exit' listener is dropped:
      // posting to a utility process from its 'exit' handler crashes main (electron#53923).
      this.exited = true;
      onExit();
      // Electron turns SIGTERM/SIGKILL into 0 only after its own kill(); forceKill() may come alone.
      const reported = this.killedByUs && (code === SIGKILL_NUMBER || code === SIGTERM_NUMBER) ? 0 : code;
      this.emit('exit', reported, utilityExit(reported, this.killedByUs, this.fatal));
    });
    // V8 fatal errors (OOM included) come with a diagnostic report; 'exit' follows regardless.
    child.on('error', (type, location) => {
      this.fatal = location;
      console.error(`[lanes] ${serviceName}: ${type} at ${location}`);
    });
  }

  get pid(): number | undefined {
    return this.exited ? undefined : this.child.pid;
  }

  // utilityProcess creates these as stream.PassThrough (lib/browser/api/utility-process.ts); its
  // typings only promise NodeJS.ReadableStream.
  get stdout(): Readable | null {
    return this.exited ? null : (this.child.stdout as Readable | null);
  }

  get stderr(): Readable | null {
    return this.exited ? null : (this.child.stderr as Readable | null);
  }

  postMessage(message: unknown): void {
    if (this.exited) return;
    this.child.postMessage(message);
  }

  /** utilityProcess semantics kept: false before 'spawn' (no pid yet, electron#44009) and after exit. */
  kill(): boolean {
    if (this.exited) return false;
    const killed = this.child.kill();
    if (killed) this.killedByUs = true;
    return killed;
  }

  /** utilityProcess can only SIGTERM (and SIGKILLs 2 s later, too late for Stop): signal it ourselves. */
  forceKill(): boolean {
    const pid = this.pid;
    if (pid === undefined) return false;
    try {
      this.sendSignal(pid, 'SIGKILL');
    } catch {
      return false;
    }
    this.killedByUs = true;
    return true;
  }
}

/**
 * A ProcessHost over `fork` (Electron's utilityProcess.fork in the app); `sendSignal` SIGKILLs a
 * child kill() did not end (process.kill; tests pass their own).
 */
export function createUtilityProcessHost(
  fork: UtilityFork,
  sendSignal: (pid: number, signal: 'SIGKILL') => void = (pid, signal) => process.kill(pid, signal),
): UtilityProcessHost {
  const live = new Set<UtilityChild>();
  const livePids = new Set<number>();
  const names = new Set<string>();

  return {
    name: 'utilityProcess',
    fork(modulePath, args, options: ForkOptions) {
      if (typeof options.serviceName !== 'string') throw new TypeError('serviceName must be a string');
      if (names.size >= MAX_REMEMBERED_NAMES) names.clear();
      names.add(options.serviceName);
      const child = fork(modulePath, args, {
        serviceName: options.serviceName,
        stdio: options.stdio ?? 'inherit',
        ...(options.env ? { env: options.env } : {}),
        ...(options.execArgv ? { execArgv: options.execArgv } : {}),
      });
      let pid: number | undefined;
      const wrapped: UtilityChild = new UtilityChild(
        child,
        options.serviceName,
        (spawnedPid) => {
          pid = spawnedPid;
          if (pid !== undefined) livePids.add(pid);
        },
        () => {
          live.delete(wrapped);
          if (pid !== undefined) livePids.delete(pid);
        },
        sendSignal,
      );
      live.add(wrapped);
      return wrapped;
    },
    isTaskProcess(pid, name) {
      return livePids.has(pid) || (name !== undefined && names.has(name));
    },
    killAll() {
      let killed = 0;
      for (const child of live) if (child.kill()) killed++;
      return killed;
    },
  };
}
