// Goals 7 and 8, the physics the lessons rest on, measured exactly (the physics tests check the
// same with generous bounds): the real `lanes web` engine, no page attached, runs each executor
// against a sequential run made in the same repetition; 3 interleaved repetitions, medians. The
// CPython executors are measured against one CPython thread doing all the work, so that the
// interpreter's start-up (~0.3 s here) is in both.
// G7: 2 CPU-bound tasks: threads and processes ≥ 1.7× faster than sequential; gil-threads, async
// and CPython threads ≤ 1.2×. G8: 4 I/O-bound tasks: every executor but sequential ≈ 4× (≥ 3.2×).
// The CPython executors are measured where python3 is found. Runs in Node (the bench harness).

import type { ExecutorId, RunRequest } from '../../src/core/contract';
import { findPython } from '../../src/node/python/python-env';
import { EngineSocket, startLanesWeb } from './lanes-web';
import { median, round, type GoalLine } from './stats';

const REPETITIONS = 3;
const CPU = { workload: 'cpu', tasks: 2, steps: 4, stepMs: 500 } as const;
// Waits long enough that starting four processes (~150 ms each here) does not hide the overlap.
const IO = { workload: 'io', tasks: 4, steps: 4, stepMs: 500 } as const;
const PYTHON = new Set<ExecutorId>(['python-threads', 'python-processes']);

interface Load {
  goal: string;
  request: Omit<RunRequest, 'executor'>;
  executors: ExecutorId[];
  /** Whether one executor's median speedup meets the goal. */
  meets: (executor: ExecutorId, speedup: number) => boolean;
  target: string;
}

function loads(python: boolean): Load[] {
  const withPython = (ids: ExecutorId[]): ExecutorId[] =>
    python ? [...ids, 'python-threads', 'python-processes'] : ids;
  const parallel = new Set<ExecutorId>(['threads', 'processes', 'python-processes']);
  return [
    {
      goal: 'G7 physics, 2 CPU-bound tasks (real engine)',
      request: CPU,
      executors: withPython(['threads', 'processes', 'gil-threads', 'async']),
      meets: (executor, speedup) => (parallel.has(executor) ? speedup >= 1.7 : speedup <= 1.2),
      target: 'threads, processes (and CPython processes) >= 1.7×; gil-threads, async, CPython threads <= 1.2×',
    },
    {
      goal: 'G8 physics, 4 I/O-bound tasks (real engine)',
      request: IO,
      executors: withPython(['async', 'threads', 'gil-threads', 'processes']),
      meets: (_executor, speedup) => speedup >= 0.8 * IO.tasks,
      target: `every executor but sequential >= ${0.8 * IO.tasks}× (ideally ${IO.tasks}×)`,
    },
  ];
}

async function measure(socket: EngineSocket, load: Load): Promise<GoalLine> {
  const speedups = new Map<ExecutorId, number[]>(load.executors.map((executor) => [executor, []]));
  const sequential: number[] = [];
  const pythonSequential: number[] = [];
  const { tasks, steps } = load.request as { tasks: number; steps: number };
  for (let rep = 0; rep < REPETITIONS; rep++) {
    const base = (await socket.run({ ...load.request, executor: 'sequential' })).t;
    sequential.push(base);
    let pythonBase: number | null = null;
    if (load.executors.some((executor) => PYTHON.has(executor))) {
      const one = { ...load.request, executor: 'python-threads', tasks: 1, steps: steps * tasks } as const;
      pythonBase = (await socket.run(one)).t;
      pythonSequential.push(pythonBase);
    }
    // Rotated each repetition, so no executor always runs right after the baseline.
    const order = load.executors.map((_, i) => load.executors[(i + rep) % load.executors.length]!);
    const line: string[] = [];
    for (const executor of order) {
      const wall = (await socket.run({ ...load.request, executor })).t;
      const speedup = (PYTHON.has(executor) ? pythonBase! : base) / wall;
      speedups.get(executor)!.push(speedup);
      line.push(`${executor} ${round(speedup, 2)}×`);
    }
    process.stderr.write(
      `bench: ${load.goal.slice(0, 2)} rep ${rep + 1}: sequential ${round(base, 0)} ms` +
        `${pythonBase === null ? '' : `, one CPython thread ${round(pythonBase, 0)} ms`}; ${line.join(', ')}\n`,
    );
  }
  const value: Record<string, number | null> = {};
  const unmet: string[] = [];
  for (const [executor, values] of speedups) {
    const mid = median(values);
    value[executor] = mid === null ? null : round(mid, 2);
    if (mid === null || !load.meets(executor, mid)) unmet.push(executor);
  }
  if (unmet.length > 0) process.stderr.write(`bench: ${load.goal.slice(0, 2)} not met by: ${unmet.join(', ')}\n`);
  return {
    goal: load.goal,
    value,
    unit: `× faster than sequential (CPython: than one CPython thread), median of ${REPETITIONS}`,
    baseline: {
      sequentialMs: round(median(sequential) ?? 0, 0),
      ...(pythonSequential.length > 0 ? { cpythonOneThreadMs: round(median(pythonSequential) ?? 0, 0) } : {}),
    },
    ratio: value,
    target: load.target,
    met: unmet.length === 0,
  };
}

export async function physics(goals: { cpu: boolean; io: boolean }): Promise<GoalLine[]> {
  const python = findPython();
  if (!python.available) process.stderr.write(`bench: no python3: the CPython executors are not measured\n`);
  const { child, url } = await startLanesWeb();
  const socket = await EngineSocket.open(url);
  try {
    // The engine calibrates its work rate on the first CPU run: not part of any measurement.
    await socket.run({ ...CPU, executor: 'sequential', tasks: 1, steps: 1, stepMs: 100 });
    const lines: GoalLine[] = [];
    const [cpu, io] = loads(python.available);
    if (goals.cpu) lines.push(await measure(socket, cpu!));
    if (goals.io) lines.push(await measure(socket, io!));
    return lines;
  } finally {
    socket.close();
    child.kill('SIGTERM');
  }
}
