// Property-based fuzzing (fast-check) of the engine's two inputs from outside its own code: every
// command a shell passes on (dispatch, as the IPC handlers and the WebSocket bridge call it), and
// every message a task process sends to its Run. Bad input gets an error reply (commands) or is
// dropped (messages); it never throws, never starts a run, never changes a task's state.
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, TASK_STATES, type EngineEvent } from '../../../src/core/contract';
import { parseUnitMessage, resolveRun, resolveRunRequest } from '../../../src/core/validate';
import { dispatch } from '../../../src/node/dispatch';
import type { ChildEvents, ChildExit, ProcessHost, TaskChild } from '../../../src/node/hosts/process-host';
import { forkProcessHost } from '../../../src/node/hosts/process-host.fork';
import { Run } from '../../../src/node/run';
import { Session } from '../../../src/node/session';

const NUM_RUNS = 300;

const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withUnicodeString: true,
});

describe('dispatch, fuzzed: commands from outside', () => {
  const session = new Session({
    shell: 'web',
    version: 'test',
    threadEntry: resolve('out/node/task-thread.mjs'),
    processEntry: resolve('out/node/task-process.mjs'),
    processHost: forkProcessHost,
    sampler: null,
    pythonDir: resolve('resources/python'),
  });
  const delivered: EngineEvent[] = [];
  session.subscribe((batch) => delivered.push(...batch));
  afterAll(() => session.dispose());

  /** A null-prototype object whose String() throws, a Symbol, a Proxy that throws on every look. */
  const hostile = fc.constantFrom<unknown>(
    Object.create(null),
    Symbol('run'),
    new Proxy(
      {},
      {
        get: () => {
          throw new Error('trap');
        },
        ownKeys: () => {
          throw new Error('trap');
        },
      },
    ),
  );
  const command = fc.oneof(fc.constantFrom(...COMMAND_NAMES), anything, hostile);
  const payload = fc.oneof(anything, hostile);

  it('names a command that String() cannot convert, instead of throwing (found by this fuzzing)', () => {
    expect(dispatch(session, Object.create(null), null)).toEqual({ ok: false, error: 'Unknown command an object.' });
    expect(dispatch(session, 'x'.repeat(1000), null)).toEqual({
      ok: false,
      error: `Unknown command "${'x'.repeat(40)}…".`,
    });
  });

  it('never throws, answers every bad call with an error, and starts nothing', () => {
    fc.assert(
      fc.property(command, payload, (name, body) => {
        // A valid run request would start a run: that is not what this property is about.
        if (name === 'run') fc.pre(!startsRun(body, session.cores));
        let result: ReturnType<typeof dispatch> | undefined;
        expect(() => (result = dispatch(session, name, body))).not.toThrow();
        const wellFormedQuery = (name === 'hello' || name === 'stop' || name === 'record') && body == null;
        if (wellFormedQuery) expect(result!.ok).toBe(true);
        else {
          expect(result).toMatchObject({ ok: false, error: expect.any(String) });
          const error = (result as { error: string }).error;
          expect(error.length).toBeLessThan(400);
          expect(error).not.toMatch(/\n\s+at /);
        }
        expect(session.current).toBeNull();
        expect(session.snapshot()).toBeNull();
      }),
      { numRuns: NUM_RUNS },
    );
    expect(delivered.filter((event) => event.kind === 'run-start')).toEqual([]);
  });
});

/** Whether `request` is one a session would start (a Proxy that throws on every look is not). */
function startsRun(request: unknown, cores: number): boolean {
  try {
    return resolveRun(request, cores).ok;
  } catch {
    return false;
  }
}

/** A task process that says whatever the test tells it to, then what its Run needs. */
class ScriptedChild extends EventEmitter<ChildEvents> implements TaskChild {
  pid: number | undefined = undefined;
  stdout = null;
  stderr = null;
  started: unknown = null;

  constructor() {
    super();
    queueMicrotask(() => {
      this.pid = 4242;
      this.emit('spawn');
    });
  }

  postMessage(message: unknown): void {
    this.started = message;
  }

  kill(): boolean {
    return this.end(true);
  }

  forceKill(): boolean {
    return this.end(true);
  }

  end(killedByUs: boolean): boolean {
    if (this.pid === undefined) return false;
    this.pid = undefined;
    const how: ChildExit = { code: 0, signal: null, killedByUs };
    queueMicrotask(() => this.emit('exit', 0, how));
    return true;
  }
}

describe('a Run, fuzzed: messages from a task process', () => {
  const RUN_ID = 3;
  const TASKS = 2;
  const spec = resolveRunRequest({ workload: 'io', executor: 'processes', tasks: TASKS, steps: 1, stepMs: 1 }, 2);
  if (!spec.ok) throw new Error(spec.error);

  const field = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> => fc.oneof(valid, anything);
  /** Near misses of every message kind (a wrong field or two), and anything at all. */
  const message = fc.oneof(
    fc.record(
      {
        kind: field(fc.constantFrom('state', 'print', 'task-os', 'finished')),
        runId: field(fc.constantFrom(RUN_ID, RUN_ID + 1)),
        t: field(fc.double()),
        task: field(fc.integer({ min: -2, max: TASKS + 1 })),
        state: field(fc.constantFrom(...TASK_STATES)),
        text: field(fc.string()),
        pid: field(fc.integer()),
        tid: field(fc.integer()),
        unit: field(fc.integer()),
        cpuMs: field(fc.double()),
      },
      { requiredKeys: [] },
    ),
    anything,
  );

  it('drops what does not parse, passes on only what does, and ends cleanly after any of it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(message, { maxLength: 20 }), async (messages) => {
        const children: ScriptedChild[] = [];
        const host: ProcessHost = {
          name: 'scripted',
          fork: () => {
            const child = new ScriptedChild();
            children.push(child);
            return child;
          },
        };
        const events: EngineEvent[] = [];
        const run = new Run(RUN_ID, spec.value, {
          threadEntry: 'unused',
          processEntry: 'unused',
          processHost: host,
          itersPerMs: 1,
          emit: (event) => events.push(event),
          python: { command: 'python3', dir: 'unused', stdio: 'pipe' },
          oomKills: () => null,
        });
        run.start();
        await new Promise((r) => setTimeout(r, 0));
        expect(children).toHaveLength(TASKS);
        const before = events.length;
        const child = children[0]!;
        let expected = 0;
        for (const data of messages) {
          const parsed = parseUnitMessage(data, RUN_ID, TASKS);
          // Only this unit's task (task 0) is its to speak for; 'finished' reaps the child.
          if (parsed && parsed.kind !== 'finished' && parsed.task === 0) expected++;
          expect(() => child.emit('message', data)).not.toThrow();
          if (parsed?.kind === 'finished') break;
        }
        const passed = events.slice(before);
        // Terminal states end what the task may say next: at most `expected` pass, each parsed.
        expect(passed.length).toBeLessThanOrEqual(expected);
        for (const event of passed) expect(parseUnitMessage(event, RUN_ID, TASKS)).toEqual(event);
        run.stop();
        const end = await run.done;
        expect(end.status).toBe('stopped');
      }),
      { numRuns: NUM_RUNS / 3 },
    );
  });
});
