// `lanes run`: runs a lesson or any workload × executor × tasks headless, for real, printing
// exactly what the tasks (and the main program) print; --python-file runs a learner's own Python
// program the same way; --trace writes the Chrome trace.
// Every flag and file is checked before anything starts. Runs in Node (CLI).
// Exit code: 0 all tasks done, 1 a task (or the program) failed, 2 bad arguments, 130 stopped by
// Ctrl-C; --python-file: the program's own exit status, as python3 PATH would give it.

import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { version } from '../../package.json';
import { PYTHON_EXECUTORS, type EngineEvent, type RunRequest } from '../core/contract';
import { toTrace } from '../core/trace';
import { resolveRunRequest } from '../core/validate';
import { createNodeSession } from '../node/node-session';
import { createSampler } from '../node/sampler.proc';
import { checkWritable, fsReason } from './file-checks';
import { parseFlags, UsageError, wholeNumber } from './flags';
import { readPythonFile } from './python-file';

const OPTIONS = {
  workload: { type: 'string' },
  executor: { type: 'string' },
  tasks: { type: 'string' },
  steps: { type: 'string' },
  'step-ms': { type: 'string' },
  trace: { type: 'string' },
  fail: { type: 'string' },
  python: { type: 'boolean' },
  'python-file': { type: 'string' },
} as const;

/** Flags a learner's program decides for itself: refused beside --python-file, naming the flag. */
const NOT_WITH_PYTHON_FILE = ['python', 'workload', 'steps', 'step-ms', 'fail'] as const;

/** `--fail throw:2:3` = task 2 throws after step 3; `--fail exit:1:1` = task 1 exits with code 1. */
function parseFault(value: string | undefined): RunRequest['fault'] {
  if (value === undefined) return undefined;
  const match = /^(throw|exit):(\d+)(?::(\d+))?$/.exec(value);
  if (!match) throw new UsageError(`--fail must look like throw:TASK[:STEP] or exit:TASK[:STEP] (got "${value}").`);
  return { kind: match[1] as 'throw' | 'exit', task: Number(match[2]), atStep: Number(match[3] ?? 1) };
}

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (positionals.length > 1) throw new UsageError(`run takes at most one lesson (got ${positionals.join(' ')}).`);
  const pythonFile = values['python-file'];
  if (pythonFile !== undefined) {
    const clash = NOT_WITH_PYTHON_FILE.find((flag) => values[flag] !== undefined);
    if (clash) throw new UsageError(`--python-file cannot go with --${clash}: the program decides what it runs.`);
  }
  const request: RunRequest = {
    ...(positionals[0] !== undefined ? { lesson: positionals[0] } : {}),
    ...(pythonFile !== undefined ? { source: readPythonFile(pythonFile) } : {}),
    ...(values.python ? { python: true } : {}),
    ...(values.workload !== undefined ? { workload: values.workload as RunRequest['workload'] } : {}),
    ...(values.executor !== undefined ? { executor: values.executor as RunRequest['executor'] } : {}),
    tasks: wholeNumber('--tasks', values.tasks),
    steps: wholeNumber('--steps', values.steps),
    stepMs: wholeNumber('--step-ms', values['step-ms']),
    fault: parseFault(values.fail),
  };
  for (const key of Object.keys(request) as (keyof RunRequest)[]) if (request[key] === undefined) delete request[key];
  const resolved = resolveRunRequest(request, availableParallelism());
  if (!resolved.ok) throw new UsageError(resolved.error);
  const tracePath = values.trace;
  if (tracePath !== undefined) {
    if (pythonFile !== undefined && resolve(tracePath) === resolve(pythonFile))
      throw new UsageError(`--trace ${tracePath} would overwrite the program given to --python-file.`);
    checkWritable('--trace', tracePath);
  }

  // A real Python program's own output passes straight through: the bytes python3 would print.
  const pythonOwnsOutput = PYTHON_EXECUTORS.includes(resolved.value.executor);
  const session = createNodeSession({
    shell: 'web',
    bundleDir: new URL('.', import.meta.url),
    sampler: tracePath !== undefined ? createSampler() : null,
    pythonStdio: 'inherit',
  });
  session.subscribe((batch: EngineEvent[]) => {
    const prints = pythonOwnsOutput ? [] : batch.filter((event) => event.kind === 'print').sort((a, b) => a.t - b.t);
    for (const event of prints) process.stdout.write(`${event.text}\n`);
    for (const event of batch) {
      // The main program's own failure is the run's: run-end says it, once.
      if (event.kind === 'state' && event.state === 'failed' && event.task >= 0) {
        process.stderr.write(`lanes: task ${event.task + 1} failed: ${event.detail ?? 'unknown error'}\n`);
      }
      if (event.kind === 'notice') process.stderr.write(`lanes: ${event.text}\n`);
      if (event.kind === 'run-end' && event.error) process.stderr.write(`lanes: the program failed: ${event.error}\n`);
    }
  });
  const onSignal = (): void => void session.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const accepted = session.start(request);
  if (!accepted.ok) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await session.dispose();
    throw new UsageError(accepted.error);
  }
  const end = await session.current!;
  await session.dispose();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  const spec = accepted.value.spec;
  const cpu = end.cpuMs !== null ? `, ${(end.cpuMs / 1000).toFixed(2)} s CPU` : '';
  const what =
    spec.program === 'learner'
      ? `${pythonFile ?? 'program'} (${spec.tasks} lanes)`
      : `${spec.tasks} × ${spec.workload} on ${spec.executor}`;
  process.stderr.write(`lanes: ${what}: ${end.status} in ${(end.t / 1000).toFixed(2)} s${cpu}\n`);
  // A learner's program that ran to its end exits as under python3: its code, or 128 + a signal.
  const code = end.exitStatus ?? (end.status === 'done' ? 0 : end.status === 'stopped' ? 130 : 1);
  if (tracePath !== undefined) {
    const record = session.currentRecord!;
    const { coreSource, taskCoresMeasured } = session.hello();
    const options = {
      enginePid: process.pid,
      version,
      truncated: record.truncated,
      machine: { coreSource, taskCoresMeasured },
    };
    try {
      writeFileSync(tracePath, JSON.stringify(toTrace(record.all(), options)));
    } catch (error) {
      // Checked before the run, so only something that changed since (a full disk) lands here.
      process.stderr.write(`lanes: the trace could not be written to ${tracePath}: ${fsReason(error)}.\n`);
      return code === 0 ? 1 : code;
    }
    process.stderr.write(`lanes: trace written to ${tracePath}${record.truncated ? ' (record truncated)' : ''}\n`);
  }
  return code;
}
