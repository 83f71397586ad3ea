// The run record a Lanes trace carries in its metadata (`metadata.lanes`), so the app replays the
// run exactly while `traceEvents` stay what Perfetto and DevTools read. Encodes on save, decodes
// (then checks with checkRecord) on open. Runs anywhere: the CLI and the renderer save, the
// renderer and the CLI's `lanes open` read.
//
// Layout, version LANES_TRACE_FORMAT:
//   { format: 1, start: <run-start event>, truncated, machine?: { coreSource, taskCoresMeasured },
//     events: [ ...every later event of the run, in the record's order, without its runId ] }
// The three kinds a long run is made of are arrays (their fields by position); the rare kinds
// (unit, task-os, run-end) are the event objects themselves:
//   ["s", t, task, state, detail?]        a state change (task -1: the main program)
//   ["s", t, task, state, detail | null, 1]  a state change that was inferred, not seen
//   ["p", t, task, text]                  a printed line
//   ["c", t, cores, steal, self, selfCovers, [task, core, cpuMs, task, core, cpuMs, …]]   a CPU sample
// Size: a state change takes about 30 bytes here against 90 for its slice in traceEvents; a CPU
// sample about as much as its counter. Measured on the frozen runs (tests/e2e/fixtures), the record
// adds 37 % (a GIL run: 2,800 state changes) to 89 % (a short run, mostly samples) to what
// traceEvents take; the events as the engine sends them would add 90 to 200 %. The engine keeps
// at most 500,000 events a run (record.ts), so a full record adds about 15 MB.

import type { CoreSource, EngineEvent, Result, RunStartEvent, SelfCovers, TaskState } from './contract';
import { checkRecord } from './record-check';

/** Bumped when the layout above changes in a way an older reader would misread. */
export const LANES_TRACE_FORMAT = 1;

/** What the machine could measure: Hello's coreSource and taskCoresMeasured at the time of the run. */
export interface TraceMachine {
  coreSource: CoreSource;
  taskCoresMeasured: boolean;
}

type StateEntry =
  | ['s', number, number, TaskState]
  | ['s', number, number, TaskState, string]
  | ['s', number, number, TaskState, string | null, 1];
type PrintEntry = ['p', number, number, string];
type SampleEntry = ['c', number, number[], number[], number, SelfCovers, number[]];
type Entry = StateEntry | PrintEntry | SampleEntry | Record<string, unknown>;

export interface LanesRecordBlock {
  format: typeof LANES_TRACE_FORMAT;
  start: RunStartEvent;
  truncated: boolean;
  machine?: TraceMachine;
  events: Entry[];
}

/** What decoding gives back: the checked record and what else the block said. */
export interface DecodedRecord {
  events: EngineEvent[];
  truncated: boolean;
  machine: TraceMachine | null;
}

/** The block for `metadata.lanes`: the start, then the run's own events (notices and idle samples are not the run's). */
export function encodeRecord(
  events: readonly EngineEvent[],
  start: RunStartEvent,
  extras: { truncated?: boolean; machine?: TraceMachine },
): LanesRecordBlock {
  const entries: Entry[] = [];
  for (const event of events) {
    if (event.kind === 'run-start' || event.kind === 'notice' || event.runId !== start.runId) continue;
    switch (event.kind) {
      case 'state':
        entries.push(
          event.inferred
            ? ['s', event.t, event.task, event.state, event.detail ?? null, 1]
            : event.detail === undefined
              ? ['s', event.t, event.task, event.state]
              : ['s', event.t, event.task, event.state, event.detail],
        );
        break;
      case 'print':
        entries.push(['p', event.t, event.task, event.text]);
        break;
      case 'sample':
        entries.push([
          'c',
          event.t,
          event.cores,
          event.steal,
          event.self,
          event.selfCovers,
          event.tasks.flatMap((task) => [task.task, task.core, task.cpuMs]),
        ]);
        break;
      default: {
        const { runId: _runId, ...rest } = event;
        entries.push(rest);
      }
    }
  }
  return {
    format: LANES_TRACE_FORMAT,
    start,
    truncated: extras.truncated ?? false,
    ...(extras.machine ? { machine: extras.machine } : {}),
    events: entries,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One entry back into an event object (unchecked: checkRecord judges every field). */
function decodeEntry(entry: unknown, runId: unknown): Record<string, unknown> | null {
  if (isRecord(entry)) return { ...entry, runId };
  if (!Array.isArray(entry)) return null;
  const [code, t] = entry as unknown[];
  if (code === 's' && (entry.length === 4 || entry.length === 5)) {
    const [, , task, state, detail] = entry as unknown[];
    return { kind: 'state', runId, t, task, state, ...(entry.length === 5 ? { detail } : {}) };
  }
  // An inferred state (a wait placed between two sightings): its detail, or null, then 1.
  if (code === 's' && entry.length === 6 && entry[5] === 1) {
    const [, , task, state, detail] = entry as unknown[];
    return { kind: 'state', runId, t, task, state, ...(detail !== null ? { detail } : {}), inferred: true };
  }
  if (code === 'p' && entry.length === 4) return { kind: 'print', runId, t, task: entry[2], text: entry[3] };
  if (code === 'c' && entry.length === 7) {
    const [, , cores, steal, self, selfCovers, flat] = entry as unknown[];
    if (!Array.isArray(flat) || flat.length % 3 !== 0) return null;
    const tasks = [];
    for (let i = 0; i < flat.length; i += 3) tasks.push({ task: flat[i], core: flat[i + 1], cpuMs: flat[i + 2] });
    return { kind: 'sample', runId, t, cores, steal, self, selfCovers, tasks };
  }
  return null;
}

/** Decodes and checks `metadata.lanes`; an error is one sentence (the caller names the file). */
export function decodeRecord(block: unknown): Result<DecodedRecord> {
  if (!isRecord(block)) return { ok: false, error: 'Its Lanes record is not an object.' };
  if (block.format !== LANES_TRACE_FORMAT) {
    return {
      ok: false,
      error:
        typeof block.format === 'number' && Number.isInteger(block.format) && block.format > LANES_TRACE_FORMAT
          ? `It was saved by a newer Lanes (record format ${block.format}; this one reads ${LANES_TRACE_FORMAT}).`
          : 'Its Lanes record has no format this version knows.',
    };
  }
  if (!Array.isArray(block.events)) return { ok: false, error: 'Its Lanes record has no list of events.' };
  if (block.truncated !== true && block.truncated !== false)
    return { ok: false, error: 'Its Lanes record does not say whether it is complete.' };
  const machine = block.machine === undefined ? null : checkMachine(block.machine);
  if (machine === undefined) return { ok: false, error: 'Its Lanes record’s machine description is damaged.' };
  const runId = isRecord(block.start) ? block.start.runId : undefined;
  const events: unknown[] = [block.start];
  for (let i = 0; i < block.events.length; i++) {
    const event = decodeEntry(block.events[i], runId);
    if (event === null) return { ok: false, error: `The record's event ${i + 2} is wrong: it is not an event.` };
    events.push(event);
  }
  const checked = checkRecord(events);
  return checked.ok ? { ok: true, value: { events: checked.value, truncated: block.truncated, machine } } : checked;
}

/** The machine block, or undefined when it is damaged. */
function checkMachine(value: unknown): TraceMachine | undefined {
  if (!isRecord(value)) return undefined;
  const { coreSource, taskCoresMeasured } = value;
  if ((coreSource !== 'proc-stat' && coreSource !== 'os-cpus') || typeof taskCoresMeasured !== 'boolean')
    return undefined;
  return { coreSource, taskCoresMeasured };
}
