// Property-based fuzzing (fast-check) of the trace reader: arbitrary text, bytes and JSON, Chrome
// traces of random events, real Lanes traces with any value changed or any piece cut out, and
// every kind of trace cut short. Whatever arrives, readTrace never throws and answers a Result;
// an error is one sentence; a trace it accepts is a well-formed record (checkRecord passes, one
// run, at most 64 lanes). Runs are bounded (NUM_RUNS) so the suite stays fast.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIMITS, type EngineEvent, type Result } from '../../../src/core/contract';
import { MAX_RECORD_EVENTS } from '../../../src/core/record';
import { checkRecord } from '../../../src/core/record-check';
import { toTrace } from '../../../src/core/trace';
import { readTrace, type OpenedTrace } from '../../../src/core/trace-read';

const NUM_RUNS = 300;

const record = JSON.parse(readFileSync('tests/e2e/fixtures/cpu-threads.json', 'utf8')) as EngineEvent[];
const lanesText = JSON.stringify(
  toTrace(record, { enginePid: 77, version: '1.0.0', machine: { coreSource: 'proc-stat', taskCoresMeasured: true } }),
);
const lanesJson = (): Record<string, unknown> => JSON.parse(lanesText) as Record<string, unknown>;

/** What every answer must be: a Result; an error in one sentence; a trace that is a sound record. */
function expectSound(result: Result<OpenedTrace>): void {
  expect(typeof result.ok).toBe('boolean');
  if (!result.ok) {
    expect(typeof result.error).toBe('string');
    expect(result.error.length).toBeGreaterThan(10);
    expect(result.error).not.toMatch(
      /\n|\bat .*\.ts:\d|TypeError|ReferenceError|undefined is not (a|an) (function|object)/,
    );
    return;
  }
  const trace = result.value;
  const checked = checkRecord(trace.events);
  expect(checked.ok ? 'sound' : checked.error).toBe('sound');
  expect(trace.events[0]!.kind).toBe('run-start');
  expect(trace.events.at(-1)!.kind).toBe('run-end');
  expect(trace.events.length).toBeLessThanOrEqual(MAX_RECORD_EVENTS + 1);
  const start = trace.events[0]!;
  if (start.kind === 'run-start') expect(start.spec.tasks).toBeLessThanOrEqual(LIMITS.MAX_TASKS);
  for (const line of trace.missing) expect(line).not.toMatch(/\n/);
  expect(['lanes', 'foreign']).toContain(trace.source);
}

function read(input: string | Uint8Array): Result<OpenedTrace> {
  // Never throws: an exception here fails the property.
  return readTrace(input);
}

/** Numbers near and past every bound the reader checks, and the IEEE oddities (null in JSON). */
const number = fc.oneof(
  fc.integer({ min: -5, max: 70 }),
  fc.constantFrom(
    0,
    -0,
    0.5,
    -1,
    100,
    101,
    1e9,
    8.64e7,
    8.64e10,
    Number.MAX_SAFE_INTEGER,
    NaN,
    Infinity,
    -Infinity,
    1e300,
  ),
  fc.double(),
);
const value = fc.oneof(
  number,
  fc.string({ maxLength: 12 }),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A Chrome trace event with fields that are right, near misses, or anything. */
const traceEvent = fc.record(
  {
    ph: fc.oneof(fc.constantFrom('X', 'B', 'E', 'i', 'I', 'C', 'M', 'b', 'e', 'P'), value),
    pid: fc.oneof(fc.integer({ min: 0, max: 4 }), value),
    tid: fc.oneof(fc.integer({ min: 0, max: 80 }), value),
    ts: fc.oneof(fc.integer({ min: 0, max: 5_000_000 }), number, value),
    dur: fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), number, value),
    name: fc.oneof(fc.constantFrom('run', 'sleep', 'thread_name', 'CPU', 'done', 'failed', 'print', 'main'), value),
    cat: fc.oneof(fc.constantFrom('task', 'output', 'cpu'), value),
    s: fc.oneof(fc.constantFrom('t', 'p', 'g'), value),
    args: fc.oneof(
      fc.record(
        { text: value, name: value, detail: value, 'core 0': number, cpu1: number, sort_index: number },
        { requiredKeys: [] },
      ),
      value,
    ),
  },
  { requiredKeys: [] },
);

/** Every path to a value in a JSON tree. */
function paths(
  node: unknown,
  prefix: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(node)) node.forEach((child, i) => paths(child, [...prefix, i], out));
  else if (typeof node === 'object' && node !== null)
    for (const [key, child] of Object.entries(node)) paths(child, [...prefix, key], out);
  return out;
}

/** The tree with the value at `path` replaced (or removed, for `undefined`). */
function mutate(tree: Record<string, unknown>, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  let parent: Record<string | number, unknown> = tree;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return tree;
}
const lanesPaths = paths(lanesJson());

describe('readTrace under fuzzing', () => {
  it('any text: never throws, always a Result', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' })), (text) =>
        expectSound(read(text)),
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('any bytes: never throws, always a Result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => expectSound(read(bytes))),
      { numRuns: NUM_RUNS },
    );
  });

  it('any JSON value: never throws, always a Result', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => expectSound(read(JSON.stringify(json)))),
      { numRuns: NUM_RUNS },
    );
  });

  it('Chrome traces of random events, in either form', () => {
    fc.assert(
      fc.property(fc.array(traceEvent, { maxLength: 40 }), fc.boolean(), (events, objectForm) =>
        expectSound(read(JSON.stringify(objectForm ? { traceEvents: events, metadata: { 'num-cpus': 4 } } : events))),
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('Chrome traces of well-formed slices: always opened, never more than 64 lanes', () => {
    const slice = fc.record({
      ph: fc.constant('X'),
      pid: fc.integer({ min: 1, max: 3 }),
      tid: fc.integer({ min: 1, max: 90 }),
      ts: fc.integer({ min: 0, max: 10_000_000 }),
      dur: fc.integer({ min: 0, max: 1_000_000 }),
      name: fc.string({ maxLength: 5 }),
    });
    fc.assert(
      fc.property(fc.array(slice, { minLength: 1, maxLength: 150 }), (events) => {
        const result = read(JSON.stringify({ traceEvents: events }));
        expect(result.ok ? 'opened' : result.error).toBe('opened');
        expectSound(result);
      }),
      { numRuns: 100 },
    );
  });

  it('a Lanes trace with any one value changed or removed', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: lanesPaths.length - 1 }),
        fc.oneof(value, fc.constant(undefined)),
        (index, replacement) => {
          const tree = mutate(lanesJson(), lanesPaths[index]!, replacement);
          expectSound(read(JSON.stringify(tree)));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('a Lanes trace with a few characters changed', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: lanesText.length - 1 }), fc.nat({ max: 8 }), fc.string({ maxLength: 4 })), {
          minLength: 1,
          maxLength: 4,
        }),
        (edits) => {
          let text = lanesText;
          for (const [at, remove, insert] of edits) text = text.slice(0, at) + insert + text.slice(at + remove);
          expectSound(read(text));
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  it('any trace cut short anywhere: a Result, and a Lanes trace is never mistaken for whole', () => {
    const foreignArray = JSON.stringify(
      Array.from({ length: 30 }, (_, i) => ({ ph: 'X', pid: 1, tid: 1 + (i % 3), ts: i * 100, dur: 50, name: 'w' })),
    );
    fc.assert(
      fc.property(fc.constantFrom(lanesText, foreignArray), fc.double({ min: 0, max: 1, noNaN: true }), (text, at) => {
        const cut = text.slice(0, Math.floor(at * (text.length - 1)));
        const result = read(cut);
        expectSound(result);
        // Only the array form may end early (without its "]"), as Chrome's format allows.
        if (text === lanesText) expect(result.ok).toBe(false);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
