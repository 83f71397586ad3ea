// The contract of a task child process, as Electron's utilityProcess behaves (a pid only after
// 'spawn', kill() false before it, one 'exit'). Implemented by utilityProcess in src/main and by a
// child_process.fork stand-in for the web server and CLI; both pass the same contract tests.

import type { Readable } from 'node:stream';
import type { ExitFacts } from '../../core/exit-reason';

export type ProcessStdio = 'pipe' | 'ignore' | 'inherit';

export interface ForkOptions {
  /** Shown in process listings and crash reports. */
  serviceName: string;
  stdio?: ProcessStdio;
  env?: NodeJS.ProcessEnv;
  execArgv?: string[];
}

/** How a child ended, as far as its host can tell (utilityProcess's one number says less). */
export interface ChildExit extends ExitFacts {
  /** Our kill() or forceKill() ended it (then `code` is 0, as utilityProcess reports it). */
  killedByUs: boolean;
}

export interface ChildEvents {
  spawn: [];
  message: [message: unknown];
  /** Exactly once; 0 when our kill() ended it, else the exit code or the signal number. */
  exit: [code: number, how: ChildExit];
}

export interface TaskChild {
  /** undefined until 'spawn' and again after 'exit'. */
  readonly pid: number | undefined;
  /** Non-null only with stdio 'pipe', until 'exit'. */
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  postMessage(message: unknown): void;
  /** SIGTERM. False before 'spawn' and after 'exit'. */
  kill(): boolean;
  /** SIGKILL, for a child that kill() did not end (stopped, stuck). False before 'spawn' and after 'exit'. */
  forceKill(): boolean;
  on<E extends keyof ChildEvents>(event: E, listener: (...args: ChildEvents[E]) => void): this;
  once<E extends keyof ChildEvents>(event: E, listener: (...args: ChildEvents[E]) => void): this;
}

export interface ProcessHost {
  /** Which mechanism this is, for the UI and the trace ("utilityProcess", "child_process.fork"). */
  readonly name: string;
  fork(modulePath: string, args: string[], options: ForkOptions): TaskChild;
}
