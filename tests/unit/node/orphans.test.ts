// No task process outlives the engine: the real `lanes run` and `lanes web` (the built CLI,
// out/node/lanes.mjs) are SIGKILLed while their task processes compute 5-second steps, with
// their event loops blocked, and every task process must be gone within about a second. Worker
// threads die with their process. Linux only (reads /proc).
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineSocket, startLanesWeb } from '../../bench/lanes-web';
import { childrenOf, cpuTicks, living, threadCount, timeUntil } from './proc-tree';

const CLI = 'out/node/lanes.mjs';
const TASKS = 4;
/** Each task computes this long per step, so a SIGKILL lands in the middle of a computation. */
const STEP_MS = 5000;
/** The goal is 1 s; the bound leaves room for a machine shared with other test runs. */
const GONE_WITHIN_MS = 2500;
/** CPU time a task process has used once it is surely computing, not starting (ticks of 10 ms). */
const COMPUTING_TICKS = 30;

const started: ChildProcess[] = [];
const orphans: number[] = [];

afterEach(() => {
  for (const child of started.splice(0)) child.kill('SIGKILL');
  // Whatever a failed test left behind is not left for the next one.
  for (const pid of orphans.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Waits until `parent` has `count` task processes, each of them computing. */
async function computingChildren(parent: number, count: number): Promise<number[]> {
  let children: number[] = [];
  const ready = await timeUntil(() => {
    children = childrenOf(parent);
    return children.length === count && children.every((pid) => cpuTicks(pid) >= COMPUTING_TICKS);
  }, 30_000);
  expect(ready, `${count} computing task processes under ${parent}`).not.toBeNull();
  orphans.push(...children);
  return children;
}

/** SIGKILLs `engine` and measures how long its task processes take to be gone. */
async function killAndTime(engine: ChildProcess, children: number[], label: string): Promise<number> {
  engine.kill('SIGKILL');
  const gone = await timeUntil(() => !children.some(living), 10_000);
  expect(gone, `${label}: task processes still alive 10 s after the engine was killed`).not.toBeNull();
  process.stderr.write(`orphans: ${label}: every task process gone ${Math.round(gone!)} ms after SIGKILL\n`);
  return gone!;
}

describe('no task process outlives its engine', () => {
  it('lanes run, SIGKILLed while 4 task processes compute: all gone within a second', async () => {
    const engine = spawn(
      process.execPath,
      [CLI, 'run', '--workload', 'cpu', '--executor', 'processes', '--tasks', `${TASKS}`, '--step-ms', `${STEP_MS}`],
      { stdio: 'ignore' },
    );
    started.push(engine);
    const children = await computingChildren(engine.pid!, TASKS);
    expect(await killAndTime(engine, children, 'lanes run')).toBeLessThan(GONE_WITHIN_MS);
  });

  it('lanes web, SIGKILLed while a run it started over its WebSocket computes: all gone within a second', async () => {
    const { child: engine, url } = await startLanesWeb();
    started.push(engine);
    const socket = await EngineSocket.open(url);
    try {
      await socket.call('run', { workload: 'cpu', executor: 'processes', tasks: TASKS, stepMs: STEP_MS });
      const children = await computingChildren(engine.pid!, TASKS);
      expect(await killAndTime(engine, children, 'lanes web')).toBeLessThan(GONE_WITHIN_MS);
    } finally {
      socket.close();
    }
  });

  it('worker threads end with their process: lanes run with 4 computing threads leaves nothing', async () => {
    const engine = spawn(
      process.execPath,
      [CLI, 'run', '--workload', 'cpu', '--executor', 'threads', '--tasks', `${TASKS}`, '--step-ms', `${STEP_MS}`],
      { stdio: 'ignore' },
    );
    started.push(engine);
    const pid = engine.pid!;
    // Node's own threads plus one per task, all four computing (over a core's worth of CPU time).
    const baseline = await timeUntil(() => cpuTicks(pid) >= 2 * COMPUTING_TICKS && threadCount(pid) > TASKS, 30_000);
    expect(baseline).not.toBeNull();
    expect(childrenOf(pid)).toEqual([]);
    engine.kill('SIGKILL');
    const gone = await timeUntil(() => !living(pid) && threadCount(pid) === 0, 5000);
    expect(gone, 'the engine or one of its threads still runs').not.toBeNull();
  });
});
