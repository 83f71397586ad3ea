// Property-based fuzzing (fast-check) of every edge check in core/validate.ts: run requests,
// command payloads, WebSocket calls and the messages a task unit sends. Whatever arrives, the
// check never throws, answers in words (no stack trace), and what it accepts is within the
// contract's bounds. Runs are bounded (NUM_RUNS) so the suite stays fast.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMMAND_NAMES,
  EXECUTORS,
  FAULTS,
  LIMITS,
  MAX_WS_MESSAGE_BYTES,
  TASK_STATES,
  WORKLOADS,
  type Result,
} from '../../../src/core/contract';
import { LESSON_IDS } from '../../../src/core/lessons';
import { isCommandName, parseUnitMessage, parseWsCall, resolveRun, validatePayload } from '../../../src/core/validate';

const NUM_RUNS = 400;
const CORES = 2;

/** Values of every shape, with the keys and prototypes an attacker would try. */
const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** Numbers near and past every bound, and the IEEE oddities. */
const number = fc.oneof(
  fc.integer({ min: -5, max: 70 }),
  fc.constantFrom(0, -0, 0.5, 1e9, 60_000, 60_001, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity),
  fc.double(),
);

/** A value for one run-request field: a right one, a near miss, or anything at all. */
const field = (valid: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: number }, { weight: 1, arbitrary: anything });

const fault = fc.record(
  { kind: field(fc.constantFrom(...FAULTS)), task: field(number), atStep: field(number) },
  { requiredKeys: [] },
);

/** Run requests that reach every branch of resolveRun: mostly well-typed, often out of bounds. */
const request = fc.record(
  {
    lesson: field(fc.constantFrom(...LESSON_IDS, 'nope')),
    python: field(fc.boolean()),
    workload: field(fc.constantFrom(...WORKLOADS, 'gpu')),
    executor: field(fc.constantFrom(...EXECUTORS, 'fibers')),
    tasks: field(number),
    steps: field(number),
    stepMs: field(number),
    fault: fc.oneof(fault, fc.constant(null), anything),
    source: field(fc.oneof(fc.string(), fc.constant('print(1)\n'), fc.constant(''), fc.constant('a\0b'))),
  },
  { requiredKeys: [] },
);

/** A refusal a person can read: one line of words, not a stack trace, not a dump. */
function expectWords(result: Result<unknown>): void {
  if (result.ok) return;
  expect(typeof result.error).toBe('string');
  expect(result.error.length).toBeGreaterThan(0);
  expect(result.error.length).toBeLessThan(400);
  expect(result.error).not.toMatch(/\n\s+at |TypeError|ReferenceError|\[object /);
}

function inRange(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

describe('resolveRun, fuzzed', () => {
  it('never throws on anything, and refuses in words', () => {
    fc.assert(
      fc.property(anything, (input) => {
        expectWords(resolveRun(input, CORES));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('accepts only specs inside the contract, and refuses the rest in words', () => {
    fc.assert(
      fc.property(request, (input) => {
        const result = resolveRun(input, CORES);
        expectWords(result);
        if (!result.ok) return;
        const { spec, source } = result.value;
        expect(WORKLOADS).toContain(spec.workload);
        expect(EXECUTORS).toContain(spec.executor);
        expect(inRange(spec.tasks, LIMITS.MIN_TASKS, LIMITS.MAX_TASKS)).toBe(true);
        expect(inRange(spec.steps, LIMITS.MIN_STEPS, LIMITS.MAX_STEPS)).toBe(true);
        expect(inRange(spec.stepMs, LIMITS.MIN_STEP_MS, LIMITS.MAX_STEP_MS)).toBe(true);
        if (spec.fault) {
          expect(FAULTS).toContain(spec.fault.kind);
          expect(inRange(spec.fault.task, 1, spec.tasks)).toBe(true);
          expect(inRange(spec.fault.atStep, 1, spec.steps)).toBe(true);
          expect(Object.keys(spec.fault).sort()).toEqual(['atStep', 'kind', 'task']);
        }
        if (source !== null) {
          expect(typeof source).toBe('string');
          expect(source).not.toContain('\0');
          expect(spec.program).toBe('learner');
        }
        // Nothing from the request rides along unchecked.
        expect(JSON.stringify(spec)).not.toContain('"source"');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('refuses any unknown key, whatever else the request holds', () => {
    fc.assert(
      fc.property(
        request,
        fc.string({ minLength: 1 }).filter((key) => !(key in ({} as object)) && !REQUEST_FIELDS.has(key)),
        anything,
        (input, key, value) => {
          const result = resolveRun({ ...(input as object), [key]: value }, CORES);
          expect(result.ok).toBe(false);
          expectWords(result);
          if (!result.ok) expect(result.error).toMatch(/^Unknown run parameter "/);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});

const REQUEST_FIELDS = new Set([
  'lesson',
  'python',
  'workload',
  'executor',
  'tasks',
  'steps',
  'stepMs',
  'fault',
  'source',
]);

describe('commands and WebSocket calls, fuzzed', () => {
  it('a command name is one of the contract, and a payload of a command without one is refused', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...COMMAND_NAMES), anything), anything, (command, payload) => {
        if (!isCommandName(command)) {
          expect(COMMAND_NAMES as unknown[]).not.toContain(command);
          return;
        }
        const result = validatePayload(command, payload);
        expectWords(result);
        if (command !== 'run') expect(result.ok).toBe(payload === null || payload === undefined);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('parseWsCall never throws on any text and accepts only well-formed calls', () => {
    const call = fc.record(
      {
        kind: field(fc.constant('call')),
        id: field(fc.nat()),
        command: field(fc.constantFrom(...COMMAND_NAMES)),
        payload: anything,
      },
      { requiredKeys: [] },
    );
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.json(),
      call.map((value) => {
        try {
          return JSON.stringify(value) ?? '';
        } catch {
          return '';
        }
      }),
    );
    fc.assert(
      fc.property(text, (raw) => {
        const result = parseWsCall(raw);
        expectWords(result);
        if (!result.ok) return;
        expect(result.value.kind).toBe('call');
        expect(Number.isSafeInteger(result.value.id) && result.value.id >= 0).toBe(true);
        expect(COMMAND_NAMES).toContain(result.value.command);
        expect(raw.length).toBeLessThanOrEqual(MAX_WS_MESSAGE_BYTES);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('parseUnitMessage, fuzzed (a crashing child can send anything)', () => {
  const RUN_ID = 7;
  const TASKS = 4;
  const message = fc.record(
    {
      kind: field(fc.constantFrom('state', 'print', 'task-os', 'finished', 'start')),
      runId: field(fc.constantFrom(RUN_ID, RUN_ID + 1)),
      t: field(number),
      task: field(fc.integer({ min: -1, max: TASKS })),
      state: field(fc.constantFrom(...TASK_STATES, 'zombie')),
      detail: field(fc.string()),
      text: field(fc.string()),
      pid: field(fc.nat()),
      tid: field(fc.oneof(fc.nat(), fc.constant(null))),
      unit: field(fc.nat()),
      cpuMs: field(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(null))),
      extra: anything,
    },
    { requiredKeys: [] },
  );

  it('never throws, and what it accepts is a fresh, well-formed message of this run', () => {
    fc.assert(
      fc.property(fc.oneof(message, anything), (data) => {
        const parsed = parseUnitMessage(data, RUN_ID, TASKS);
        if (parsed === null) return;
        expect(parsed).not.toBe(data);
        expect(parsed.runId).toBe(RUN_ID);
        expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
        expect(Object.keys(parsed)).not.toContain('extra');
        if (parsed.kind === 'finished') {
          expect(Number.isInteger(parsed.unit)).toBe(true);
          expect(parsed.cpuMs === null || (Number.isFinite(parsed.cpuMs) && parsed.cpuMs >= 0)).toBe(true);
          return;
        }
        expect(inRange(parsed.task, 0, TASKS - 1)).toBe(true);
        expect(Number.isFinite(parsed.t)).toBe(true);
        if (parsed.kind === 'state') expect(TASK_STATES).toContain(parsed.state);
        if (parsed.kind === 'print') expect(typeof parsed.text).toBe('string');
        if (parsed.kind === 'task-os') expect(Number.isInteger(parsed.pid)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
