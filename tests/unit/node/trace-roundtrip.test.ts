// A run's record survives Save and Open: the real engine (real threads, processes, CPython,
// /proc CPU samples) records a run, toTrace writes it, readTrace reads the text back, and the
// record is the same, event for event, field for field; the trace events Perfetto reads come out
// the same again. Python runs need python3 (skipped, saying so, where it is missing).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent, RunRequest } from '../../../src/core/contract';
import { checkRecord } from '../../../src/core/record-check';
import { toTrace } from '../../../src/core/trace';
import { readTrace } from '../../../src/core/trace-read';
import { createNodeSession } from '../../../src/node/node-session';
import { findPython } from '../../../src/node/python/python-env';
import { createSampler } from '../../../src/node/sampler.proc';
import type { Session } from '../../../src/node/session';

const python = findPython();
const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.dispose()));
});

/** Runs `request` on a real session with the real CPU sampler; returns the run's record. */
async function record(request: RunRequest) {
  const sampler = createSampler();
  const session = createNodeSession({ shell: 'web', bundleDir: pathToFileURL(resolve('out/node') + '/'), sampler });
  sessions.push(session);
  const accepted = session.start(request);
  if (!accepted.ok) throw new Error(accepted.error);
  await session.current;
  const { coreSource, taskCoresMeasured } = session.hello();
  return { ...session.currentRecord!.snapshot(), machine: { coreSource, taskCoresMeasured } };
}

async function roundTrip(request: RunRequest): Promise<EngineEvent[]> {
  const run = await record(request);
  const options = { enginePid: process.pid, version: '0.0.0-test', truncated: run.truncated, machine: run.machine };
  const text = JSON.stringify(toTrace(run.events, options));
  const opened = readTrace(text);
  if (!opened.ok) throw new Error(opened.error);
  expect(opened.value.source).toBe('lanes');
  expect(opened.value.missing).toEqual([]);
  expect(opened.value.machine).toEqual(run.machine);
  expect(opened.value.events).toEqual(run.events);
  expect(checkRecord(run.events).ok).toBe(true);
  // What Perfetto reads is rebuilt exactly from what was read.
  expect(toTrace(opened.value.events, options).traceEvents).toEqual(toTrace(run.events, options).traceEvents);
  return opened.value.events;
}

const kinds = (events: readonly EngineEvent[]) => new Set(events.map((event) => event.kind));

describe('a real run saved and opened again is the same record', () => {
  it.each([
    { workload: 'mixed', executor: 'threads', tasks: 2, steps: 3, stepMs: 80 },
    { workload: 'mixed', executor: 'processes', tasks: 2, steps: 3, stepMs: 80 },
    { workload: 'io', executor: 'async', tasks: 3, steps: 2, stepMs: 80 },
    { workload: 'cpu', executor: 'gil-threads', tasks: 2, steps: 2, stepMs: 60 },
    { lesson: 'threading', stepMs: 30 },
  ] as RunRequest[])('%o', async (request) => {
    const events = await roundTrip(request);
    expect(kinds(events)).toEqual(new Set(['run-start', 'unit', 'task-os', 'state', 'print', 'sample', 'run-end']));
  });

  it('a task that fails, with its message', async () => {
    const events = await roundTrip({
      workload: 'io',
      executor: 'processes',
      tasks: 2,
      steps: 3,
      stepMs: 60,
      fault: { kind: 'throw', task: 2, atStep: 1 },
    });
    expect(events.some((event) => event.kind === 'state' && event.state === 'failed' && event.detail)).toBe(true);
  });

  describe.skipIf(!python.available)(`real CPython (${python.version ?? 'python3 not found'})`, () => {
    it('python threads, with their GIL waits and reasons', async () => {
      const events = await roundTrip({ workload: 'cpu', executor: 'python-threads', tasks: 2, steps: 2, stepMs: 60 });
      expect(events.some((event) => event.kind === 'state' && event.state === 'waiting')).toBe(true);
    });

    it('python processes', async () => {
      await roundTrip({ workload: 'mixed', executor: 'python-processes', tasks: 2, steps: 2, stepMs: 60 });
    });

    it("a learner's program that fails: its error and exit status", async () => {
      const source =
        'import threading, sys\nt = threading.Thread(target=print, args=("hi",))\nt.start(); t.join()\nsys.exit(3)\n';
      const events = await roundTrip({ source, tasks: 2 });
      expect(events.at(-1)).toMatchObject({ kind: 'run-end', status: 'failed', exitStatus: 3 });
    });
  });
});
