// The ProcessHost of the Electron shell: task processes are utilityProcess children. Runs in
// Electron main; the engine's Run forks, messages and kills task processes through it. The fork
// function is injected (index.ts passes utilityProcess.fork) so tests use a fake.

import { EventEmitter } from 'node:events';
import type { Readable } from 'node:stream';
import type { ForkOptions as ElectronForkOptions } from 'electron';
import type { ChildEvents, ForkOptions, ProcessHost, TaskChild } from '../node/hosts/process-host';

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

class UtilityChild extends EventEmitter<ChildEvents> implements TaskChild {
  private exited = false;

  constructor(
    private readonly child: UtilityProcessLike,
    serviceName: string,
    onSpawn: (pid: number | undefined) => void,
    onExit: () => void,
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
      this.emit('exit', code);
    });
    // V8 fatal errors (OOM included) come with a diagnostic report; 'exit' follows regardless.
    child.on('error', (type, location) => console.error(`[lanes] ${serviceName}: ${type} at ${location}`));
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
    return this.child.kill();
  }
}

/** A ProcessHost over `fork` (Electron's utilityProcess.fork in the app). */
export function createUtilityProcessHost(fork: UtilityFork): UtilityProcessHost {
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
