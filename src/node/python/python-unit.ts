// Starts a real CPython program with the Lanes tracer (resources/python/site) and reads the
// tracer's records from fd 3. The program runs under resources/python/lanes_guard.py, the root of
// a process tree (its own process group on POSIX): Stop ends the tree (process-tree.ts), and the
// guard ends it when the engine dies. Runs in the engine; the Run maps records to task events.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Readable } from 'node:stream';
import { parsePythonRecord, type PythonRecord } from '../../core/python-trace';
import { endProcessTree, treeSpawnOptions } from '../process-tree';

export interface PythonUnitOptions {
  command: string;
  /** resources/python: holds site/ (the tracer) and the programs. */
  dir: string;
  program: string;
  args: string[];
  /** Working directory of the program (default: the engine's). */
  cwd?: string;
  originNs: bigint;
  /** Multiplies the program's time.sleep durations (1 = as written). */
  sleepScale: number;
  /** 'inherit' passes the program's own output straight through (the CLI); 'pipe' keeps it. */
  stdio: 'pipe' | 'inherit';
}

/** How the program ended: its exit code, or the signal that ended it (as the guard mirrors it). */
export interface PythonExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PythonUnit {
  pid: number | undefined;
  stop(): void;
}

/** Last characters of stderr kept for a failure message (a traceback's last lines). */
const STDERR_TAIL_CHARS = 2_000;
/** The guard that ends the program's process group when the engine dies (resources/python). */
const GUARD_FILE = 'lanes_guard.py';
const GUARD_FLAGS = ['-I', '-S'];
/** Grace after SIGTERM before the process group is killed outright. */
const KILL_GRACE_MS = 1_000;

/** The exit status a shell reports for `exit`: its code, or 128 + the number of its signal. */
export function exitStatus(exit: PythonExit): number {
  if (exit.signal) return 128 + (constants.signals[exit.signal] ?? 0);
  return exit.code ?? 1;
}

/** Splits a stream into lines, calling back for each complete one. */
function eachLine(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
}

export function startPython(
  options: PythonUnitOptions,
  onRecord: (record: PythonRecord) => void,
  onExit: (exit: PythonExit, stderrTail: string) => void,
): PythonUnit {
  const site = join(options.dir, 'site');
  const inherited = { ...process.env };
  // The tracer sets this for the processes the program starts; a stale one must not arrive.
  delete inherited.LANES_MAIN_PID;
  // -I -S: the guard ignores PYTHON* variables and loads no site (so no tracer); the program it
  // starts gets the environment below whole.
  const guard = [GUARD_FLAGS, join(options.dir, GUARD_FILE), options.command].flat();
  const child = spawn(options.command, [...guard, options.program, ...options.args], {
    env: {
      ...inherited,
      PYTHONPATH: [site, process.env.PYTHONPATH].filter(Boolean).join(delimiter),
      LANES_TRACE_FD: '3',
      LANES_ORIGIN_NS: options.originNs.toString(),
      LANES_SLEEP_SCALE: String(options.sleepScale),
      PYTHONDONTWRITEBYTECODE: '1',
    },
    // stdin: the guard's lifeline, never written to; it closes when this process dies.
    stdio: ['pipe', options.stdio, options.stdio, 'pipe'],
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    ...treeSpawnOptions(),
  });
  child.stdin?.on('error', () => undefined);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });
  child.stdout?.resume();
  const records = child.stdio[3] as Readable | null;
  if (records) {
    eachLine(records, (line) => {
      const record = parsePythonRecord(line);
      if (record) onRecord(record);
    });
  }
  let exited = false;
  child.once('error', (error) => {
    if (exited) return;
    exited = true;
    onExit({ code: 127, signal: null }, `could not start ${options.command}: ${error.message}`);
  });
  child.once('close', (code, signal) => {
    if (exited) return;
    exited = true;
    onExit({ code: signal ? null : (code ?? 1), signal }, stderr);
  });
  const killGroup = (signal: 'SIGTERM' | 'SIGKILL'): void => {
    if (child.pid) endProcessTree(child.pid, signal);
  };
  return {
    pid: child.pid,
    stop() {
      if (exited) return;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
    },
  };
}
