// Real programs, run as Python runs them. Each program in tests/unit/fixtures/python runs with
// plain python3 and through `lanes run --python-file` (the built CLI, with a trace), and must
// print the same bytes on stdout, exit with the same status, put every thread and process it
// starts on a lane of the right kind, and fail no lane unless that thread or process really
// failed (a process or thread the program ended itself is drawn "ended by the program").
// Runs with this machine's python3 (the tracer uses sys.setprofile before 3.12) and with the
// CPython 3.12+ of LANES_TEST_PYTHON_312 or .cache/cpython (sys.monitoring), each block skipped,
// saying so, without its Python. Independent programs run a few at a time.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, it, type ExpectStatic } from 'vitest';
import { findPython } from '../../../src/node/python/python-env';

const CLI = resolve('out/node/lanes.mjs');
const FIXTURES = resolve('tests/unit/fixtures/python');
const scratch = mkdtempSync(join(tmpdir(), 'lanes-programs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Program {
  file: string;
  /** python3's exit status for it, which `lanes run --python-file` must give too. */
  status?: number;
  /** The kinds of the lanes it fills, in start order: T a thread, P a process. */
  lanes: RegExp;
  /** Lanes (1-based) that fail, with their detail. */
  failed?: Record<number, RegExp>;
  /** Lanes (1-based) the program ends itself, with how. */
  ended?: Record<number, RegExp>;
  /** How any other lane the program may end (timing decides whether it does) says so. */
  mayEnd?: RegExp;
  /** Lanes drawn (default 8). */
  tasks?: number;
  /** The least Python 3 minor version it runs on. */
  minor?: number;
  /** Starts processes by executing the interpreter again (spawn, forkserver). */
  execs?: true;
}

const PROGRAMS: Program[] = [
  { file: 'thread_lock.py', lanes: /^TTTT$/ },
  { file: 'thread_condition.py', lanes: /^TT$/ },
  { file: 'thread_event.py', lanes: /^TTT$/ },
  { file: 'thread_semaphore.py', lanes: /^T{6}$/ },
  { file: 'thread_barrier.py', lanes: /^TTT$/ },
  { file: 'queue_workers.py', lanes: /^TTT$/ },
  { file: 'threads_daemon.py', lanes: /^T$/, ended: { 1: /^ended by the program: Python at exit \(daemon/ } },
  { file: 'threads_count.py', lanes: /^$/ },
  // The pool starts its workers as it needs them: up to three.
  { file: 'futures_threads.py', lanes: /^T{1,3}$/ },
  // Two worker processes, the executor's own threads (its manager, a queue's feeder).
  { file: 'futures_processes.py', lanes: /^PPT+$/ },
  { file: 'mp_process.py', lanes: /^PP$/ },
  // Two workers, then the pool's three threads; leaving the `with` block may end a worker.
  {
    file: 'mp_pool.py',
    lanes: /^PPTTT$/,
    mayEnd: /^ended by the program: killed by SIGTERM \(signal 15\) from the end of its `with Pool` block/,
  },
  // Left to Python to clean up at exit, after the program's own exit handler.
  {
    file: 'mp_pool_at_exit.py',
    lanes: /^PPTTT$/,
    mayEnd: /^ended by the program: killed by SIGTERM \(signal 15\) from the Pool's clean-up at exit/,
  },
  { file: 'mp_queue.py', lanes: /^PP$/ },
  { file: 'mp_pipe.py', lanes: /^P$/ },
  // The Manager's server process, then the two processes that use it.
  { file: 'mp_manager.py', lanes: /^PPP$/ },
  { file: 'mp_value_array.py', lanes: /^PP$/ },
  // Per method: a Process, then a Pool (two workers, three threads). A worker the pool ends
  // while it is still starting never reports its process, so its kind is not asserted.
  { file: 'mp_start_methods.py', lanes: /^[PT]{12}$/, tasks: 16, execs: true },
  {
    file: 'mp_terminate.py',
    lanes: /^PPP$/,
    ended: {
      1: /^ended by the program: killed by SIGTERM \(signal 15\) from Process\.terminate\(\)$/,
      2: /^ended by the program: killed by SIGKILL \(signal 9\) from Process\.kill\(\)$/,
      3: /^ended by the program: killed by SIGTERM \(signal 15\) from multiprocessing at exit, which ends daemon/,
    },
  },
  { file: 'asyncio_gather.py', lanes: /^$/ },
  // to_thread's and run_in_executor's threads, then a process pool (a process and its threads).
  { file: 'asyncio_threads.py', lanes: /^T+PT+$/ },
  { file: 'asyncio_taskgroup.py', lanes: /^$/, minor: 11 },
  { file: 'error_thread.py', lanes: /^TT$/, failed: { 2: /^RuntimeError: thread broke \(line 10 of program\.py\)$/ } },
  { file: 'error_process.py', lanes: /^P$/, failed: { 1: /^KeyError: 'missing' \(line 6 of program\.py\)$/ } },
  { file: 'error_main.py', status: 1, lanes: /^T$/ },
  { file: 'exit_code.py', status: 3, lanes: /^T$/ },
  { file: 'output_partial.py', lanes: /^TTT$/ },
  { file: 'output_unicode.py', lanes: /^TP$/ },
  { file: 'output_many_lines.py', lanes: /^T$/ },
];

interface Ran {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command to its end, keeping stdout's bytes as they are. */
function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', fail);
    child.once('close', (status) => done({ status, stdout: Buffer.concat(out), stderr }));
  });
}

interface Lane {
  kind: 'T' | 'P';
  /** Marks at the lane's end: failed, stopped, or a done that says how it came. */
  marks: { name: string; detail: string }[];
}

/** The lanes a run filled, from its trace: one thread track per task, process tracks by pid. */
function lanesOf(traceFile: string): Lane[] {
  const trace = JSON.parse(readFileSync(traceFile, 'utf8')) as {
    traceEvents: { name: string; ph: string; pid: number; tid: number; cat?: string; args?: Record<string, string> }[];
  };
  const processes = new Set(
    trace.traceEvents
      .filter((e) => e.name === 'process_name' && e.args?.name?.startsWith('task process'))
      .map((e) => e.pid),
  );
  const lanes = new Map<number, Lane>();
  for (const event of trace.traceEvents.filter((e) => e.cat === 'task')) {
    const lane = lanes.get(event.tid) ?? { kind: processes.has(event.pid) ? 'P' : 'T', marks: [] };
    lanes.set(event.tid, lane);
    if (event.ph === 'i') lane.marks.push({ name: event.name, detail: event.args?.detail ?? '' });
  }
  return [...lanes.entries()].sort(([a], [b]) => a - b).map(([, lane]) => lane);
}

/** The interpreters to run with: this machine's python3, and a 3.12+ where there is one. */
function interpreters(): { label: string; command: string | undefined }[] {
  const fetched = resolve('.cache/cpython/python3');
  const newer = process.env.LANES_TEST_PYTHON_312 || (existsSync(fetched) ? fetched : undefined);
  return [
    { label: 'python3', command: undefined },
    { label: 'Python 3.12+', command: newer },
  ];
}

/**
 * Whether the interpreter can start itself again as multiprocessing does for spawn and
 * forkserver (by sys.executable). The CPython in .cache runs only through its loader script,
 * so its children fail to start, under python3 as under Lanes: those programs cannot run there.
 */
function canExecItself(command: string): boolean {
  const probe = spawnSync(
    command,
    ['-c', 'import subprocess, sys; sys.exit(subprocess.call([sys.executable, "-c", "pass"]))'],
    { stdio: 'ignore', timeout: 30_000 },
  );
  return probe.status === 0;
}

async function check(expect: ExpectStatic, program: Program, command: string): Promise<void> {
  const path = join(FIXTURES, program.file);
  // No __pycache__ beside the programs (spawn imports the main program as a module).
  const env = { ...process.env, LANES_PYTHON: command, PYTHONDONTWRITEBYTECODE: '1' };
  const trace = join(scratch, `${program.file}.${Math.random().toString(36).slice(2)}.json`);
  const tasks = String(program.tasks ?? 8);
  const [direct, traced] = await Promise.all([
    runCommand(command, [path], env),
    runCommand(process.execPath, [CLI, 'run', '--python-file', path, '--tasks', tasks, '--trace', trace], env),
  ]);
  // The program runs as written, its exit status included.
  expect(direct.status, direct.stderr).toBe(program.status ?? 0);
  expect(traced.status, traced.stderr).toBe(direct.status);
  // Byte for byte (compared as text first, so that a difference is shown readably).
  expect(traced.stdout.toString('utf8')).toBe(direct.stdout.toString('utf8'));
  expect(traced.stdout.equals(direct.stdout)).toBe(true);

  const lanes = lanesOf(trace);
  expect(lanes.map((lane) => lane.kind).join('')).toMatch(program.lanes);
  lanes.forEach((lane, index) => {
    const number = index + 1;
    const failed = program.failed?.[number];
    const ended = program.ended?.[number];
    for (const mark of lane.marks) {
      if (mark.name === 'failed') {
        expect(failed, `lane ${number} failed: ${mark.detail}`).toBeDefined();
        expect(mark.detail).toMatch(failed!);
      } else {
        // No lane is stopped; one that says how it ended was ended by the program.
        expect(mark.name, `lane ${number}: ${mark.detail}`).toBe('done');
        expect(mark.detail).toMatch(ended ?? program.mayEnd ?? /^ended by the program: /);
      }
    }
    if (failed) expect(lane.marks.map((mark) => mark.name)).toEqual(['failed']);
    if (ended) expect(lane.marks.map((mark) => mark.name)).toEqual(['done']);
  });
  const anyFailed = program.failed !== undefined || (program.status ?? 0) !== 0;
  expect(traced.stderr).toMatch(anyFailed ? /: failed in / : /: done in /);
}

for (const { label, command } of interpreters()) {
  const python =
    command === undefined && label !== 'python3'
      ? null
      : findPython({ ...process.env, ...(command ? { LANES_PYTHON: command } : {}) });
  const usable =
    python !== null && python.available && (label === 'python3' || Number(python.version!.split('.')[1]) >= 12);
  if (!usable) {
    console.log(
      `NOTE: no ${label} here: its program tests were NOT run${label === 'python3' ? '' : ' (run scripts/fetch-cpython.sh, or set LANES_TEST_PYTHON_312)'}`,
    );
  }
  const minor = usable ? Number(python.version!.split('.')[1]) : 0;
  const execs = usable && canExecItself(python.command);
  if (usable && !execs) {
    console.log(
      `NOTE: ${label} (${python.version}) cannot start itself again by sys.executable: spawn and forkserver programs were NOT run with it`,
    );
  }

  describe.skipIf(!usable)(`real programs, ${label} (${python?.version ?? 'not found'})`, () => {
    for (const program of PROGRAMS) {
      const runs = (program.minor === undefined || minor >= program.minor) && (!program.execs || execs);
      it.skipIf(!runs).concurrent(program.file, ({ expect }) => check(expect, program, python!.command), 60_000);
    }
  });
}
