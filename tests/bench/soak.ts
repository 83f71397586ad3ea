// The soak (issue 9): back-to-back runs mixing every executor (and Stop mid-run, and a learner's
// own Python program) through the real `lanes web` WebSocket, about 10 minutes for 500 runs.
// After each run it has the engine collect its garbage (over its inspector, on loopback), reads
// its RSS and open file descriptors from /proc and counts its child processes; the engine's
// temporary folder is its own (TMPDIR) and must be empty at the end. Linux only. Runs in Node
// (the bench harness), only when LANES_BENCH_GOALS names `soak`.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRequest } from '../../src/core/contract';
import WebSocket from 'ws';
import { findPython } from '../../src/node/python/python-env';
import { EngineSocket, startLanesWeb } from './lanes-web';
import { round, slope, type GoalLine } from './stats';

/** Runs in the soak (LANES_BENCH_SOAK_RUNS to change it, e.g. a short check). */
const DEFAULT_RUNS = 500;
/** Runs averaged at the start and at the end: the figures must stay within TOLERANCE of the first. */
const WINDOW_RUNS = 50;
const TOLERANCE = 0.1;
/** How long a run's processes may take to be reaped after its end before they count as left over. */
const REAP_WAIT_MS = 1000;
const POLL_MS = 20;

type Step = { request: RunRequest; stopAfterMs?: number };

const PROGRAM = [
  'import threading, time',
  'def work(n):',
  '    time.sleep(0.02)',
  '    print("thread", n, "done")',
  'threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]',
  'for t in threads: t.start()',
  'for t in threads: t.join()',
].join('\n');

/** The mix, cycled: every executor, each workload, Stop before and after the tasks start. */
function mix(python: boolean): Step[] {
  const small = { tasks: 2, steps: 2, stepMs: 20 } as const;
  const steps: Step[] = [
    { request: { workload: 'print-sleep', executor: 'sequential', ...small } },
    { request: { workload: 'io', executor: 'async', tasks: 4, steps: 2, stepMs: 20 } },
    { request: { workload: 'cpu', executor: 'threads', ...small } },
    { request: { workload: 'mixed', executor: 'gil-threads', tasks: 3, steps: 2, stepMs: 10 } },
    { request: { workload: 'cpu', executor: 'processes', ...small } },
    { request: { workload: 'amdahl', executor: 'threads', ...small } },
    { request: { lesson: 'multiprocessing', stepMs: 10 } },
    { request: { workload: 'print-sleep', executor: 'processes', tasks: 4, steps: 20, stepMs: 100 }, stopAfterMs: 0 },
    { request: { workload: 'cpu', executor: 'threads', tasks: 4, steps: 20, stepMs: 100 }, stopAfterMs: 150 },
  ];
  if (python) {
    steps.push(
      { request: { workload: 'io', executor: 'python-threads', ...small } },
      { request: { workload: 'cpu', executor: 'python-processes', ...small } },
      { request: { lesson: 'threading', python: true, stepMs: 10 } },
      { request: { source: PROGRAM, executor: 'python-threads', tasks: 2 } },
      { request: { workload: 'io', executor: 'python-processes', tasks: 2, steps: 20, stepMs: 100 }, stopAfterMs: 300 },
    );
  }
  return steps;
}

/**
 * The engine and the bench's socket to it: the one place that knows how to connect (the server
 * may come to want a secret in the URL; adapt here). `env` is the engine's environment; its
 * inspector listens on loopback port `inspectPort`.
 */
async function openEngine(
  env: NodeJS.ProcessEnv,
  inspectPort: number,
): Promise<{ engine: ChildProcess; socket: EngineSocket }> {
  const { child: engine, url } = await startLanesWeb(env, [`--inspect=127.0.0.1:${inspectPort}`]);
  return { engine, socket: await EngineSocket.open(url) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The engine's V8 inspector (Chrome DevTools Protocol), to collect its garbage before each
 * reading: RSS then measures what the engine keeps, not when V8 last chose to collect.
 */
class Inspector {
  private nextId = 1;
  private readonly replies = new Map<number, () => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const { id } = JSON.parse(data.toString()) as { id?: number };
      if (id !== undefined) this.replies.get(id)?.();
    });
  }

  static async open(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      webSocketDebuggerUrl: string;
    }[];
    const socket = new WebSocket(targets[0]!.webSocketDebuggerUrl);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new Inspector(socket);
  }

  async collectGarbage(): Promise<void> {
    const id = this.nextId++;
    const reply = new Promise<void>((resolve) => this.replies.set(id, resolve));
    this.socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
    await reply;
    this.replies.delete(id);
  }

  close(): void {
    this.socket.close();
  }
}

function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
  return kb / 1024;
}

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Child processes of `pid` in any state: a zombie the engine has not reaped is a leak too. */
function childCount(pid: number): number {
  let count = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) count++;
    } catch {
      // gone meanwhile
    }
  }
  return count;
}

async function childrenAfterReap(pid: number): Promise<number> {
  const deadline = Date.now() + REAP_WAIT_MS;
  let count = childCount(pid);
  while (count > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    count = childCount(pid);
  }
  return count;
}

const mean = (values: number[]): number => values.reduce((sum, v) => sum + v, 0) / values.length;

export async function soak(): Promise<GoalLine> {
  const runs = Number(process.env.LANES_BENCH_SOAK_RUNS ?? DEFAULT_RUNS);
  if (!Number.isInteger(runs) || runs < 4) throw new Error('LANES_BENCH_SOAK_RUNS must be a whole number, at least 4');
  const window = Math.min(WINDOW_RUNS, Math.floor(runs / 4));
  const python = findPython().available;
  const steps = mix(python);
  // The engine's own temporary folder: whatever it (or Python) leaves there is the engine's.
  const temp = mkdtempSync(join(tmpdir(), 'lanes-soak-'));
  const inspectPort = await freePort();
  const { engine, socket } = await openEngine({ ...process.env, TMPDIR: temp }, inspectPort);
  const inspector = await Inspector.open(inspectPort);
  const pid = engine.pid!;
  /** RSS as found after each run, and after a full garbage collection (the criterion). */
  const rawRss: number[] = [];
  const rss: number[] = [];
  const fds: number[] = [];
  const statuses = new Map<string, number>();
  let unexpected = 0;
  let leftAfterRuns = 0;
  const started = Date.now();
  try {
    for (let i = 0; i < runs; i++) {
      const step = steps[i % steps.length]!;
      const { runId } = (await socket.call('run', step.request)) as { runId: number };
      if (step.stopAfterMs !== undefined) {
        await new Promise((resolve) => setTimeout(resolve, step.stopAfterMs));
        await socket.call('stop');
      }
      const end = await socket.ended(runId);
      statuses.set(end.status, (statuses.get(end.status) ?? 0) + 1);
      const expected = step.stopAfterMs !== undefined ? 'stopped' : 'done';
      if (end.status !== expected) {
        unexpected++;
        process.stderr.write(
          `bench: soak run ${i + 1} ${JSON.stringify(step.request).slice(0, 120)} ended ${end.status}\n`,
        );
      }
      leftAfterRuns = Math.max(leftAfterRuns, await childrenAfterReap(pid));
      rawRss.push(rssMb(pid));
      await inspector.collectGarbage();
      rss.push(rssMb(pid));
      fds.push(openFds(pid));
      if ((i + 1) % 50 === 0) {
        process.stderr.write(
          `bench: soak ${i + 1}/${runs} runs, ${Math.round((Date.now() - started) / 1000)} s: ` +
            `RSS ${round(rss.at(-1)!, 1)} MB, ${fds.at(-1)} fds\n`,
        );
      }
    }
  } finally {
    socket.close();
    inspector.close();
  }
  const processesLeft = childCount(pid);
  const tempLeft = readdirSync(temp);
  engine.kill('SIGINT');
  await new Promise((resolve) => engine.once('exit', resolve));
  rmSync(temp, { recursive: true, force: true });

  const first = { rssMb: round(mean(rss.slice(0, window)), 1), fds: round(mean(fds.slice(0, window)), 1) };
  const last = { rssMb: round(mean(rss.slice(-window)), 1), fds: round(mean(fds.slice(-window)), 1) };
  const rssRatio = round(last.rssMb / first.rssMb, 3);
  const rawRatio = round(mean(rawRss.slice(-window)) / mean(rawRss.slice(0, window)), 3);
  // Informative: a leak keeps climbing; warming up (JIT code, heap and malloc arenas) levels off.
  const secondHalf = rss.slice(Math.floor(runs / 2)).map((y, i) => ({ x: i, y }));
  const rssSlope = round((slope(secondHalf) ?? 0) * 100, 2);
  const fdsRatio = round(last.fds / first.fds, 3);
  process.stderr.write(
    `bench: soak: ${runs} runs in ${Math.round((Date.now() - started) / 1000)} s (python ${python ? 'on' : 'off'}), ` +
      `statuses ${JSON.stringify(Object.fromEntries(statuses))}, max RSS ${round(Math.max(...rawRss), 1)} MB ` +
      `(${round(Math.max(...rss), 1)} MB after GC), RSS before GC last/first ${rawRatio}, ` +
      `max fds ${Math.max(...fds)}, temporary entries left ${JSON.stringify(tempLeft)}\n`,
  );
  const flat = Math.abs(rssRatio - 1) <= TOLERANCE && Math.abs(fdsRatio - 1) <= TOLERANCE;
  return {
    goal: `Soak, ${runs} back-to-back runs over the WebSocket, every executor (real engine)`,
    value: {
      rssMb: last.rssMb,
      rssSlopeMbPer100RunsLastHalf: rssSlope,
      fds: last.fds,
      processesLeft: Math.max(processesLeft, leftAfterRuns),
      tempLeft: tempLeft.length,
      unexpectedStatus: unexpected,
    },
    unit: 'MB, count',
    baseline: first,
    ratio: { rss: rssRatio, fds: fdsRatio },
    target: `engine RSS (after a full GC) and fds of the last ${window} runs within ${TOLERANCE * 100} % of the first ${window}; no process, no temporary folder left; every run ends as expected`,
    met: flat && processesLeft === 0 && leftAfterRuns === 0 && tempLeft.length === 0 && unexpected === 0,
  };
}
