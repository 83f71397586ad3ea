// Opens a trace file's contents: a Lanes trace replays its exact record (metadata.lanes); any other
// Chrome trace (object or array form) opens best-effort, saying what it lacks. A file that is not
// a trace, is cut short, too large or holds absurd values gets one sentence, never an exception.
// Runs anywhere: the renderer (Open trace, a dropped file, a launched trace) and `lanes open`.
//
// Callers that can see a file's size before reading it (a File's .size, fs.stat) check it with
// traceSizeProblem first, so a 2 GB file is never read to be refused; readTrace checks again.

import type { EngineEvent, Result } from './contract';
import { explainJsonFailure } from './json-cut';
import { checkRecord } from './record-check';
import { readForeign } from './trace-foreign';
import { traceSizeProblem } from './trace-size';

export { traceSizeProblem };
import { decodeRecord, LANES_TRACE_FORMAT, type TraceMachine } from './trace-replay';

/** A trace opened for replay. */
export interface OpenedTrace {
  /** The run's complete record, run-start … run-end, checked as checkRecord checks. */
  events: EngineEvent[];
  /** 'lanes': saved by Lanes with its record, replayed exactly; 'foreign': rebuilt from slices. */
  source: 'lanes' | 'foreign';
  /** What the file does not say, one plain sentence each, for the screen (empty for a Lanes trace). */
  missing: string[];
  /** Events were dropped (by the engine while recording, or past the reader's limit). */
  truncated: boolean;
  /** What the recording machine measured, where the file says. */
  machine: TraceMachine | null;
  /** Foreign traces: each lane's thread as the file names it ("pid 12 · CrRendererMain"); else null. */
  laneNames: string[] | null;
  /** "Lanes 0.1.0" when the file says which Lanes saved it. */
  savedBy: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NOT_A_TRACE =
  'Lanes opens Chrome Trace Event JSON files, such as Save trace and `lanes run --trace` write, and Perfetto and Chrome export.';

/** TextDecoder is in every host Lanes runs in (browsers, Node, Electron), not in core's ES-only types. */
type Utf8Decoder = new (label: 'utf-8', options: { fatal: true }) => { decode(bytes: Uint8Array): string };

/** Text from bytes: refused when too large or not UTF-8 text. */
function decode(bytes: Uint8Array): Result<string> {
  const size = traceSizeProblem(bytes.byteLength);
  if (size) return { ok: false, error: size };
  if (bytes.includes(0)) return notText();
  try {
    const Decoder = (globalThis as unknown as { TextDecoder: Utf8Decoder }).TextDecoder;
    return { ok: true, value: new Decoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: `The file is not UTF-8 text, so it is not a trace. ${NOT_A_TRACE}` };
  }
}

function notText(): Result<never> {
  return {
    ok: false,
    error: `The file is not text (it may be a binary trace, such as Perfetto's own format). ${NOT_A_TRACE}`,
  };
}

/** Parses the text, or says why not: cut short (where), not JSON, wrong at a line. */
function parse(text: string): Result<{ value: unknown; unclosed: boolean }> {
  try {
    return { ok: true, value: { value: JSON.parse(text), unclosed: false } };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const fault = explainJsonFailure(text, error.message);
    if (fault.kind === 'cut') {
      // Chrome's array form may end without its "]" (a program that stopped mid-trace): allowed.
      if (fault.topOpen && text.trimStart().startsWith('[')) {
        try {
          return { ok: true, value: { value: JSON.parse(`${text.trimEnd().replace(/,$/, '')}]`), unclosed: true } };
        } catch {
          // Not just the bracket: cut short like any other.
        }
      }
      const whole = fault.complete === null ? '' : `, after ${fault.complete.toLocaleString('en')} whole events`;
      return {
        ok: false,
        error: `The file is cut short: it ends in the middle of ${fault.inside}${whole}. It may not have been saved or copied completely.`,
      };
    }
    const where = fault.column === null ? `line ${fault.line}` : `line ${fault.line}, column ${fault.column}`;
    return { ok: false, error: `The file is not valid JSON (the first mistake is on ${where}), so it is not a trace.` };
  }
}

function lanesTrace(events: EngineEvent[], extras: Partial<OpenedTrace>): OpenedTrace {
  return {
    events,
    source: 'lanes',
    missing: [],
    truncated: false,
    machine: null,
    laneNames: null,
    savedBy: null,
    ...extras,
  };
}

/** Reads a parsed JSON value as a trace. */
function fromJson(json: unknown, unclosed: boolean): Result<OpenedTrace> {
  // A bare record (a list of engine events, as the tests' and the bench's recordings are).
  if (Array.isArray(json) && isRecord(json[0]) && json[0].kind === 'run-start') {
    const record = checkRecord(json);
    return record.ok ? { ok: true, value: lanesTrace(record.value, {}) } : record;
  }
  let list: unknown[];
  let metadata: Record<string, unknown> | null = null;
  if (Array.isArray(json)) list = json;
  else if (isRecord(json) && Array.isArray(json.traceEvents)) {
    list = json.traceEvents;
    metadata = isRecord(json.metadata) ? json.metadata : null;
  } else {
    return {
      ok: false,
      error: `The file is JSON, but not a trace: it has no list of trace events ("traceEvents"). ${NOT_A_TRACE}`,
    };
  }
  const savedBy = typeof metadata?.appVersion === 'string' ? `Lanes ${metadata.appVersion.slice(0, 40)}` : null;
  const missing: string[] = [];
  if (metadata && metadata.lanes !== undefined) {
    const decoded = decodeRecord(metadata.lanes);
    if (decoded.ok) {
      const { events, truncated, machine } = decoded.value;
      return { ok: true, value: lanesTrace(events, { truncated, machine, savedBy }) };
    }
    const format = isRecord(metadata.lanes) ? metadata.lanes.format : undefined;
    if (!(typeof format === 'number' && format > LANES_TRACE_FORMAT)) {
      return { ok: false, error: `This Lanes trace is damaged. ${decoded.error}` };
    }
    missing.push(`the exact record: ${decoded.error.replace(/\.$/, '')}; it is rebuilt from its slices.`);
  }
  if (unclosed) missing.push('its closing bracket: whatever wrote it may have stopped before the end.');
  const foreign = readForeign(list, metadata);
  if (!foreign.ok) return { ok: false, error: `The trace cannot be shown: ${lowerFirst(foreign.error)}` };
  const record = checkRecord(foreign.value.events);
  if (!record.ok) return { ok: false, error: `The trace cannot be shown: ${lowerFirst(record.error)}` };
  return {
    ok: true,
    value: {
      events: record.value,
      source: 'foreign',
      missing: [
        ...missing,
        ...foreign.value.missing.filter((line) => !(missing.length > 0 && /^the exact record/.test(line))),
      ],
      truncated: foreign.value.truncated,
      machine: null,
      laneNames: foreign.value.laneNames,
      savedBy,
    },
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Reads a trace file's contents (text, or the file's bytes) into a run to replay; never throws.
 * Errors are one sentence about the file, for the screen (the caller adds the file's name).
 */
export function readTrace(input: string | Uint8Array): Result<OpenedTrace> {
  try {
    let text: string;
    if (typeof input === 'string') {
      // A UTF-8 file never has fewer bytes than its text has UTF-16 units: longer means too large.
      const size = traceSizeProblem(input.length);
      if (size) return { ok: false, error: size };
      text = input;
    } else {
      const decoded = decode(input);
      if (!decoded.ok) return decoded;
      text = decoded.value;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === '') return { ok: false, error: 'The file is empty: there is no trace in it.' };
    if (text.includes('\u0000')) return notText();
    const opening = text.trimStart().charAt(0);
    if (opening !== '{' && opening !== '[') {
      return { ok: false, error: `The file is not JSON, so it is not a trace. ${NOT_A_TRACE}` };
    }
    const parsed = parse(text);
    if (!parsed.ok) return parsed;
    return fromJson(parsed.value.value, parsed.value.unclosed);
  } catch (error) {
    // Only the engine's own limits land here (a list nested thousands deep, memory).
    const why = error instanceof RangeError ? ': it is nested too deeply or too large to read' : '';
    return { ok: false, error: `The file could not be read as a trace${why}.` };
  }
}
