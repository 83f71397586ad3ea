// Reading traces back: a Lanes trace replays its exact record (the frozen runs in
// tests/e2e/fixtures, written by toTrace, read by readTrace); another tool's Chrome trace opens
// best-effort and says what it lacks; anything else gets one sentence and no exception.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_LIMITS, MAIN_TASK, type EngineEvent, type RunStartEvent } from '../../../src/core/contract';
import { checkRecord } from '../../../src/core/record-check';
import { toTrace, type TraceEvent } from '../../../src/core/trace';
import { readTrace, traceSizeProblem, type OpenedTrace } from '../../../src/core/trace-read';
import { LANES_TRACE_FORMAT } from '../../../src/core/trace-replay';

const FIXTURES = ['cpu-sequential', 'cpu-threads', 'gil-threads'];
const fixture = (name: string): EngineEvent[] =>
  JSON.parse(readFileSync(`tests/e2e/fixtures/${name}.json`, 'utf8')) as EngineEvent[];
const MACHINE = { coreSource: 'proc-stat', taskCoresMeasured: true } as const;

function save(events: readonly EngineEvent[], extra: { truncated?: boolean } = {}): string {
  return JSON.stringify(toTrace(events, { enginePid: 4242, version: '9.9.9', machine: MACHINE, ...extra }));
}

function opened(text: string | Uint8Array): OpenedTrace {
  const result = readTrace(text);
  if (!result.ok) throw new Error(`expected a trace, got: ${result.error}`);
  return result.value;
}

function refused(text: string | Uint8Array): string {
  const result = readTrace(text);
  if (result.ok) throw new Error('expected a refusal');
  return result.error;
}

/** A small, complete record by hand: two tasks, a print of each and of the main program, a sample, a failure. */
function smallRecord(): EngineEvent[] {
  const runId = 7;
  const start: RunStartEvent = {
    kind: 'run-start',
    runId,
    spec: {
      lesson: 'threading',
      workload: 'io',
      executor: 'processes',
      tasks: 2,
      steps: 2,
      stepMs: 50,
      fault: { kind: 'throw', task: 2, atStep: 1 },
      joinMessage: 'all done',
      python: false,
    },
    cores: 2,
    wallStart: 1_700_000_000_000,
  };
  return [
    start,
    { kind: 'state', runId, t: 0.1, task: 0, state: 'ready' },
    { kind: 'state', runId, t: 0.2, task: 1, state: 'ready' },
    { kind: 'unit', runId, t: 1, unit: 0, unitKind: 'process', mode: 'single', tasks: [0], pid: 101 },
    { kind: 'unit', runId, t: 1.5, unit: 1, unitKind: 'process', mode: 'single', tasks: [1], pid: 102 },
    { kind: 'task-os', runId, t: 30, task: 0, pid: 101, tid: 101 },
    { kind: 'task-os', runId, t: 31, task: 1, pid: 102, tid: null },
    { kind: 'state', runId, t: 32, task: 0, state: 'sleeping' },
    { kind: 'state', runId, t: 33, task: 1, state: 'running' },
    {
      kind: 'sample',
      runId,
      t: 50,
      cores: [12.5, 100],
      steal: [0, 3],
      self: 0.25,
      selfCovers: 'engine',
      tasks: [{ task: 1, core: 1, cpuMs: 10 }],
    },
    // The main lane and inferred waits come after the events the damage cases below index.
    { kind: 'state', runId, t: 60, task: MAIN_TASK, state: 'running' },
    { kind: 'task-os', runId, t: 60, task: MAIN_TASK, pid: 100, tid: 100 },
    { kind: 'state', runId, t: 61, task: MAIN_TASK, state: 'waiting', detail: 'join(): waiting for every task to end' },
    { kind: 'state', runId, t: 62, task: 1, state: 'waiting', detail: 'waited 1 ms for the GIL', inferred: true },
    { kind: 'state', runId, t: 63, task: 1, state: 'waiting', inferred: true },
    { kind: 'state', runId, t: 64, task: 1, state: 'running' },
    { kind: 'print', runId, t: 82, task: 0, text: 'task 1: step 1/2 done' },
    { kind: 'state', runId, t: 83, task: 1, state: 'failed', detail: 'Error: task 2 raised on purpose' },
    { kind: 'state', runId, t: 132, task: 0, state: 'done' },
    { kind: 'state', runId, t: 133, task: MAIN_TASK, state: 'running' },
    { kind: 'print', runId, t: 133, task: MAIN_TASK, text: 'all done' },
    { kind: 'state', runId, t: 133.5, task: MAIN_TASK, state: 'done' },
    { kind: 'run-end', runId, t: 134, status: 'failed', cpuMs: 12.5, error: 'task 2 failed' },
  ];
}

describe('a Lanes trace', () => {
  it.each(FIXTURES)('replays its exact record: %s', (name) => {
    const record = fixture(name);
    const trace = opened(save(record));
    expect(trace.source).toBe('lanes');
    expect(trace.missing).toEqual([]);
    expect(trace.machine).toEqual(MACHINE);
    expect(trace.savedBy).toBe('Lanes 9.9.9');
    expect(trace.events).toEqual(record);
  });

  it('replays every kind of event and field, a failure, inferred waits, the main lane and the exit status', () => {
    const record = smallRecord();
    expect(opened(save(record)).events).toEqual(record);
    const learner: EngineEvent[] = [
      ...record.slice(0, -1),
      { ...(record.at(-1) as EngineEvent), exitStatus: 3 } as EngineEvent,
    ];
    expect(opened(save(learner)).events).toEqual(learner);
  });

  it('says a truncated record is one', () => {
    expect(opened(save(smallRecord(), { truncated: true })).truncated).toBe(true);
    expect(opened(save(smallRecord())).truncated).toBe(false);
  });

  it('keeps what Perfetto reads as it was: the record rebuilds the same trace events', () => {
    const record = fixture('gil-threads');
    const file = JSON.parse(save(record)) as { traceEvents: TraceEvent[] };
    const again = toTrace(opened(JSON.stringify(file)).events, { enginePid: 4242, version: '9.9.9' });
    expect(again.traceEvents).toEqual(file.traceEvents);
  });

  it('leaves out what is not the run: notices and the idle meters', () => {
    const record = smallRecord();
    const noisy: EngineEvent[] = [
      ...record.slice(0, 3),
      { kind: 'notice', level: 'info', text: 'hello' },
      { kind: 'sample', runId: null, t: 9, cores: [1, 1], steal: [0, 0], self: 0, selfCovers: 'engine', tasks: [] },
      ...record.slice(3),
    ];
    expect(opened(save(noisy)).events).toEqual(record);
  });

  it('costs less than the trace events again: the record is compact', () => {
    const file = JSON.parse(save(fixture('gil-threads'))) as { traceEvents: unknown; metadata: { lanes: unknown } };
    const events = JSON.stringify(file.traceEvents).length;
    const record = JSON.stringify(file.metadata.lanes).length;
    expect(record).toBeLessThan(0.6 * events);
  });

  it('opens from bytes as from text, with or without a byte-order mark', () => {
    const text = save(smallRecord());
    const bytes = new TextEncoder().encode(`\ufeff${text}`);
    expect(opened(bytes).events).toEqual(smallRecord());
    expect(opened(`\ufeff${text}`).events).toEqual(smallRecord());
  });

  it('opens a bare record (a list of engine events, as the frozen runs are)', () => {
    expect(opened(JSON.stringify(fixture('cpu-threads'))).events).toEqual(fixture('cpu-threads'));
  });
});

/** The record block of a saved Lanes trace, as a test changes it. */
type Block = { events: unknown[]; start: Record<string, unknown>; [key: string]: unknown };

describe('a damaged Lanes trace gets one sentence', () => {
  /** The saved file with its record block changed. */
  function damaged(change: (lanes: Block) => void): string {
    const file = JSON.parse(save(smallRecord())) as { metadata: { lanes: Block } };
    change(file.metadata.lanes);
    return refused(JSON.stringify(file));
  }

  it.each([
    [
      'a negative time',
      (l: { events: unknown[] }) => ((l.events[0] as unknown[])[1] = -5),
      /The record's event 2 is wrong: its time is negative/,
    ],
    ['a time past a day', (l: { events: unknown[] }) => ((l.events[0] as unknown[])[1] = 9e7), /past the 24 hours/],
    [
      'a time that is not a number',
      (l: { events: unknown[] }) => ((l.events[0] as unknown[])[1] = 'soon'),
      /its time is "soon"/,
    ],
    [
      'a time of null (NaN in JSON)',
      (l: { events: unknown[] }) => ((l.events[0] as unknown[])[1] = null),
      /its time is null/,
    ],
    ['an unknown state', (l: { events: unknown[] }) => ((l.events[0] as unknown[])[3] = 'dancing'), /state "dancing"/],
    [
      'a task the run does not have',
      (l: { events: unknown[] }) => ((l.events[0] as unknown[])[2] = 9),
      /task 9 is not one of the run's 2/,
    ],
    [
      'a core busier than 100 %',
      (l: { events: unknown[] }) => ((l.events[8] as unknown[])[2] = [500, 1]),
      /busier than 100/,
    ],
    [
      'a sample of another shape',
      (l: { events: unknown[] }) => ((l.events[8] as unknown[]).length = 3),
      /event 10 is wrong/,
    ],
    ['an unknown kind', (l: { events: unknown[] }) => (l.events[2] = { kind: 'party', t: 1 }), /kind "party"/],
    [
      'a second start',
      (l: { events: unknown[] }) => l.events.splice(3, 0, { kind: 'run-start', t: 1 }),
      /starts a second run/,
    ],
    ['no end', (l: { events: unknown[] }) => l.events.pop(), /does not end with the run’s end/],
    [
      'events after the end',
      (l: { events: unknown[] }) => l.events.push(['p', 200, 0, 'late']),
      /ends the run, but 1 more follow/,
    ],
    [
      'absurd task count',
      (l: { start: Record<string, unknown> }) => ((l.start.spec as Record<string, unknown>).tasks = 1e6),
      /1000000 tasks/,
    ],
    ['absurd core count', (l: { start: Record<string, unknown> }) => (l.start.cores = -1), /-1 cores/],
    [
      'an unknown executor',
      (l: { start: Record<string, unknown> }) => ((l.start.spec as Record<string, unknown>).executor = 'gpu'),
      /executor "gpu"/,
    ],
    ['no list of events', (l: Record<string, unknown>) => (l.events = 'all of them'), /no list of events/],
    [
      'an exit status past 255',
      (l: { events: unknown[] }) =>
        (l.events[l.events.length - 1] = { kind: 'run-end', t: 140, status: 'done', cpuMs: null, exitStatus: 300 }),
      /exit status is 300/,
    ],
    [
      'an error on a run that did not fail',
      (l: { events: unknown[] }) =>
        (l.events[l.events.length - 1] = { kind: 'run-end', t: 140, status: 'done', cpuMs: null, error: 'x' }),
      /did not fail/,
    ],
  ] as [string, (lanes: Block) => void, RegExp][])('%s', (_name, change, message) => {
    const error = damaged(change);
    expect(error).toMatch(/^This Lanes trace is damaged\. /);
    expect(error).toMatch(message);
    expect(error.split('\n')).toHaveLength(1);
  });

  it('a newer format opens best-effort from its slices, saying so', () => {
    const file = JSON.parse(save(smallRecord())) as { metadata: { lanes: { format: number } } };
    file.metadata.lanes.format = LANES_TRACE_FORMAT + 1;
    const trace = opened(JSON.stringify(file));
    expect(trace.source).toBe('foreign');
    expect(trace.missing[0]).toMatch(/^the exact record: It was saved by a newer Lanes \(record format 2/);
    expect(trace.missing.filter((line) => /older Lanes/.test(line))).toEqual([]);
  });
});

describe('what is not a trace gets one sentence', () => {
  it.each([
    ['empty', '', /^The file is empty/],
    ['blank', ' \n\t ', /^The file is empty/],
    ['plain text', 'Hello, world', /^The file is not JSON, so it is not a trace\. Lanes opens Chrome Trace Event JSON/],
    ['a Python program', 'import time\nprint(1)\n', /^The file is not JSON/],
    ['a number', '42', /^The file is not JSON/],
    [
      'JSON of another kind',
      '{"name":"lanes","version":"0.1.0"}',
      /^The file is JSON, but not a trace: it has no list of trace events/,
    ],
    ['JSON with a wrong traceEvents', '{"traceEvents":{"ph":"X"}}', /^The file is JSON, but not a trace/],
    [
      'malformed in the middle',
      '{"traceEvents":[\n{"ph":"X",,"ts":1}\n,{"ph":"i"}]}',
      /^The file is not valid JSON \(the first mistake is on line 2, column \d+\)/,
    ],
    ['a text with a NUL', '{"traceEvents":[]}\u0000', /^The file is not text/],
    ['an empty trace', '{"traceEvents":[]}', /^The trace cannot be shown: it holds no timed events/],
    [
      'nothing but metadata',
      '[{"ph":"M","pid":1,"tid":1,"name":"thread_name","args":{"name":"x"}}]',
      /no timed events/,
    ],
  ])('%s', (_name, text, message) => {
    const error = refused(text);
    expect(error).toMatch(message);
    expect(error.split('\n')).toHaveLength(1);
  });

  it('bytes that are not UTF-8, or hold a NUL (a binary trace)', () => {
    expect(refused(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toMatch(/^The file is not UTF-8 text/);
    expect(refused(new Uint8Array([0x0a, 0x00, 0x01, 0x02]))).toMatch(
      /^The file is not text \(it may be a binary trace/,
    );
  });

  it('a file over 200 MB, by its size, before a byte of it is looked at', () => {
    const max = FILE_LIMITS.MAX_OPEN_BYTES;
    expect(max).toBe(200_000_000);
    expect(traceSizeProblem(max)).toBeNull();
    expect(traceSizeProblem(max + 1)).toBe('The file is 201 MB; Lanes opens traces up to 200 MB.');
    // Zeroed pages are never touched: the size alone refuses it.
    expect(refused(new Uint8Array(max + 1))).toBe('The file is 201 MB; Lanes opens traces up to 200 MB.');
  });

  it('a list nested deeper than any trace', () => {
    const error = refused(`{"traceEvents":${'['.repeat(200_000)}${']'.repeat(200_000)}}`);
    expect(error.split('\n')).toHaveLength(1);
  });
});

describe('a trace cut short says where', () => {
  const text = save(fixture('cpu-threads'));
  const eventsEnd = text.indexOf('],"displayTimeUnit"');

  it('in the middle of its events, counting the whole ones', () => {
    const at = text.indexOf('{"name":"run"');
    const cut = text.slice(0, at + 20);
    const whole = (text.slice(0, at).match(/"ph":/g) ?? []).length;
    expect(refused(cut)).toBe(
      `The file is cut short: it ends in the middle of its events, after ${whole} whole events. It may not have been saved or copied completely.`,
    );
  });

  it('in the middle of its metadata, where Lanes keeps the run', () => {
    expect(refused(text.slice(0, text.length - 200))).toMatch(
      /^The file is cut short: it ends in the middle of its metadata \(where Lanes keeps the run\)\./,
    );
  });

  it('at every cut: one sentence that says it is cut short, never an exception', () => {
    const step = Math.max(1, Math.floor(text.length / 300));
    for (let end = 1; end < text.length; end += step) {
      const error = refused(text.slice(0, end));
      expect(error, `cut at ${end}`).toMatch(/^The file is (cut short|empty)/);
    }
    expect(eventsEnd).toBeGreaterThan(0);
  });
});

/** A foreign trace event. */
type Raw = Record<string, unknown>;
const slice = (pid: number, tid: number, ts: number, dur: number, name = 'work'): Raw => ({
  ph: 'X',
  pid,
  tid,
  ts,
  dur,
  name,
  cat: 'x',
});
const threadName = (pid: number, tid: number, name: string): Raw => ({
  ph: 'M',
  pid,
  tid,
  name: 'thread_name',
  args: { name },
});

describe('a Chrome trace from another tool', () => {
  // Microseconds from a clock that started long ago, as Chrome's are.
  const T0 = 3_600_000_000_000;

  it('becomes a lane per thread, grouped by process, with its slices running and gaps ready', () => {
    const trace = opened(
      JSON.stringify({
        traceEvents: [
          threadName(20, 5, 'CrRendererMain'),
          slice(20, 5, T0 + 1000, 2000),
          slice(20, 5, T0 + 1500, 500, 'nested'),
          slice(20, 5, T0 + 5000, 1000),
          slice(10, 3, T0, 4000),
          { ph: 'i', s: 't', pid: 10, tid: 3, ts: T0 + 2000, name: 'log', args: { text: 'hello' } },
          { ph: 'i', s: 't', pid: 10, tid: 3, ts: T0 + 2500, name: 'mark' },
        ],
      }),
    );
    expect(trace.source).toBe('foreign');
    expect(trace.laneNames).toEqual(['pid 10 · thread 3', 'pid 20 · CrRendererMain']);
    const { events } = trace;
    const start = events[0] as RunStartEvent;
    expect(start.spec).toMatchObject({ tasks: 2, executor: 'processes', lesson: null });
    const states = events.filter((e) => e.kind === 'state').map((e) => [e.task, e.t, e.state]);
    expect(states).toEqual([
      [0, 0, 'running'],
      [1, 1, 'running'],
      [1, 3, 'ready'],
      [0, 4, 'done'],
      [1, 5, 'running'],
      [1, 6, 'done'],
    ]);
    expect(events.filter((e) => e.kind === 'print')).toEqual([
      { kind: 'print', runId: 1, t: 2, task: 0, text: 'hello' },
    ]);
    expect(events.filter((e) => e.kind === 'task-os').map((e) => [e.task, e.pid, e.tid])).toEqual([
      [0, 10, 3],
      [1, 20, 5],
    ]);
    expect(events.at(-1)).toEqual({ kind: 'run-end', runId: 1, t: 6, status: 'done', cpuMs: null });
    expect(trace.missing).toEqual(
      expect.arrayContaining([
        'what ran (lesson, workload, executor): it was not recorded by Lanes.',
        'CPU samples: the meters and core lanes stay empty.',
        'what each thread did between its slices: drawn as ready, a thin line.',
        'how many cores the machine had: taken as 2, the most threads seen running at once.',
        'when it was recorded.',
      ]),
    );
    expect(checkRecord(events).ok).toBe(true);
  });

  it('reads the array form, B/E pairs, unclosed slices, counters per core and global prints', () => {
    const trace = opened(
      JSON.stringify([
        { ph: 'B', pid: 1, tid: 1, ts: 100, name: 'a' },
        { ph: 'B', pid: 1, tid: 1, ts: 200, name: 'b' },
        { ph: 'E', pid: 1, tid: 1, ts: 300 },
        { ph: 'E', pid: 1, tid: 1, ts: 400 },
        { ph: 'B', pid: 1, tid: 2, ts: 500, name: 'closed late' },
        { ph: 'E', pid: 1, tid: 2, ts: 1100 },
        { ph: 'B', pid: 1, tid: 3, ts: 600, name: 'never ends' },
        { ph: 'E', pid: 1, tid: 4, ts: 700 },
        { ph: 'C', pid: 1, ts: 100, name: 'CPU', args: { 'cpu 0': 50, cpu1: 25 } },
        { ph: 'C', pid: 1, ts: 1100, name: 'CPU usage', args: { 'CPU #1': 75 } },
        { ph: 'i', s: 'g', pid: 1, ts: 1100, name: 'note', args: { text: 'from the main program' } },
      ]),
    );
    const states = trace.events.filter((e) => e.kind === 'state').map((e) => [e.task, e.t, e.state]);
    expect(states).toEqual([
      [0, 0, 'running'],
      [0, 0.3, 'done'],
      [1, 0.4, 'running'],
      [2, 0.5, 'running'],
      [1, 1, 'done'],
      [2, 1, 'done'],
    ]);
    const samples = trace.events.filter((e) => e.kind === 'sample');
    expect(samples.map((s) => s.kind === 'sample' && s.cores)).toEqual([
      [50, 25],
      [50, 75],
    ]);
    expect(trace.events.find((e) => e.kind === 'print')).toMatchObject({
      task: MAIN_TASK,
      text: 'from the main program',
    });
    expect((trace.events[0] as RunStartEvent).cores).toBe(2);
    expect((trace.events[0] as RunStartEvent).spec).toMatchObject({ tasks: 3, executor: 'threads' });
    expect(trace.missing).toEqual(
      expect.arrayContaining([
        'which core each thread ran on: the core lanes stay empty.',
        'the end of 1 slices: drawn to the end of the trace.',
        'the start of 1 slices: left out.',
      ]),
    );
    expect(trace.missing).not.toContain('CPU samples: the meters and core lanes stay empty.');
    expect(trace.missing).not.toContain('printed output: the Console stays empty.');
  });

  it('takes the core count from num-cpus, and says what a counter that is not a percentage means', () => {
    const trace = opened(
      JSON.stringify({
        traceEvents: [slice(1, 1, 0, 10), { ph: 'C', pid: 1, ts: 5, name: 'cpu', args: { cpu0: 250 } }],
        metadata: { 'num-cpus': 8 },
      }),
    );
    expect((trace.events[0] as RunStartEvent).cores).toBe(8);
    expect(trace.missing).toContain(
      'CPU samples: its CPU counters are not percentages of a core, so the meters and core lanes stay empty.',
    );
  });

  it('draws the first 64 threads of more and says so', () => {
    const many = Array.from({ length: 80 }, (_, i) => slice(1, i + 1, i, 10));
    const trace = opened(JSON.stringify({ traceEvents: many }));
    expect((trace.events[0] as RunStartEvent).spec.tasks).toBe(64);
    expect(trace.missing).toContain('all its threads: it has 80; Lanes draws the first 64 as lanes.');
    expect(trace.laneNames).toHaveLength(64);
  });

  it('accepts an array form without its closing bracket, as Chrome’s format allows', () => {
    const text = JSON.stringify([slice(1, 1, 0, 10), slice(1, 2, 5, 10)]);
    const trace = opened(`${text.slice(0, -1)},\n`);
    expect((trace.events[0] as RunStartEvent).spec.tasks).toBe(2);
    expect(trace.missing).toContain('its closing bracket: whatever wrote it may have stopped before the end.');
  });

  it.each([
    [
      'a negative duration',
      [slice(1, 1, 0, -5)],
      /^The trace cannot be shown: its event 1 \(X "work"\) has a negative duration \(-5 µs\)\.$/,
    ],
    ['a duration over a day', [slice(1, 1, 0, 9e10)], /lasts over 24 hours/],
    ['a time that is text', [{ ...slice(1, 1, 0, 5), ts: '12' }], /has a time of "12", not a number of microseconds/],
    ['a time of null', [{ ...slice(1, 1, 0, 5), ts: null }], /has a time of null/],
    ['a huge time', [{ ...slice(1, 1, 0, 5), ts: 1e300 }], /has a time of 1e\+300/],
    [
      'a span over a day',
      [slice(1, 1, 0, 5), slice(1, 1, 9e10, 5)],
      /^The trace cannot be shown: its events span 25 hours; Lanes opens runs of up to 24 hours\.$/,
    ],
    [
      'a thread id that is text',
      [{ ...slice(1, 1, 0, 5), tid: 'main' }],
      /process or thread id that is not a whole number/,
    ],
    [
      'an end before its beginning',
      [
        { ph: 'B', pid: 1, tid: 1, ts: 50 },
        { ph: 'E', pid: 1, tid: 1, ts: 10 },
      ],
      /event 2 \(E\) ends a slice before it began \(event 1\)/,
    ],
    ['an event that is not an object', [slice(1, 1, 0, 5), 7], /its event 2 is 7, not an event/],
    ['an event without a phase', [{ pid: 1, tid: 1, ts: 0 }], /event 1 has no phase/],
  ])('refuses %s in one sentence', (_name, traceEvents, message) => {
    const error = refused(JSON.stringify({ traceEvents }));
    expect(error).toMatch(message);
    expect(error.split('\n')).toHaveLength(1);
  });

  it('a Lanes trace saved without its record (an older Lanes) replays its lanes, prints and samples', () => {
    const record = fixture('cpu-threads');
    const file = JSON.parse(save(record)) as { metadata: Record<string, unknown> };
    delete file.metadata.lanes;
    const trace = opened(JSON.stringify(file));
    expect(trace.source).toBe('foreign');
    const start = trace.events[0] as RunStartEvent;
    const original = record[0] as RunStartEvent;
    expect(start.spec).toMatchObject({ workload: 'cpu', executor: 'threads', tasks: 4, steps: 4, stepMs: 400 });
    expect(start.cores).toBe(original.cores);
    expect(trace.missing[0]).toBe(
      'the exact record: it was saved by an older Lanes, so it is rebuilt from its slices.',
    );
    // Same prints, same states per task at the trace's microsecond precision.
    const prints = (events: EngineEvent[]) =>
      events.flatMap((e) => (e.kind === 'print' ? [`${e.task}:${e.text}`] : [])).sort();
    expect(prints(trace.events)).toEqual(prints(record));
    const states = (events: EngineEvent[], task: number) =>
      events.flatMap((e) => (e.kind === 'state' && e.task === task ? [e.state] : []));
    for (let task = 0; task < 4; task++) {
      expect(states(trace.events, task)).toEqual(states(record, task));
    }
    expect(trace.events.filter((e) => e.kind === 'sample')).toHaveLength(
      record.filter((e) => e.kind === 'sample').length,
    );
  });
});
