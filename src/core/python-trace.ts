// Reads the Python tracer's records (resources/python/site/lanes_trace/): one JSON object
// per line on a pipe the learner's program could also write to, so every record is checked.
// Runs anywhere; the engine turns records into task events.

import { MAIN_TASK, TASK_STATES, type TaskState } from './contract';

export type PythonRecord =
  | { k: 'hello'; t: number; pid: number; version: string; tid: number }
  | { k: 'task'; t: number; pid: number; task: number; kind: 'thread' | 'process'; name: string }
  | { k: 'os'; t: number; pid: number; task: number; tid: number }
  | { k: 'state'; t: number; pid: number; task: number; state: TaskState; detail?: string; inferred?: true }
  | { k: 'print'; t: number; pid: number; task: number; text: string; more: boolean }
  /** The program ended one of its tasks itself (`by`: who, e.g. "Process.terminate()"), at t. */
  | { k: 'ended'; t: number; pid: number; task: number; by: string; signal?: string | number }
  /** The main program saw one of its processes end: an exit code, or the signal that ended it. */
  | { k: 'exit'; t: number; pid: number; task: number; code: number | null; signal: string | number | null };

/** Longest `by` accepted: the tracer's own phrases are far shorter. */
const MAX_BY_CHARS = 200;

const isSignal = (value: unknown): value is string | number =>
  (typeof value === 'string' && /^SIG[A-Z0-9+-]{1,12}$/.test(value)) ||
  (Number.isInteger(value) && (value as number) > 0);

/** Longest line accepted from the tracer: its records are under 4 KiB (one atomic pipe write). */
export const MAX_TRACE_LINE_CHARS = 8_192;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const int = (value: unknown): value is number => Number.isInteger(value);

/** One record, or null for anything malformed. Task numbers are checked against the run by the caller. */
export function parsePythonRecord(line: string): PythonRecord | null {
  if (line.length > MAX_TRACE_LINE_CHARS) return null;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return null;
  }
  if (!isObject(data) || typeof data.t !== 'number' || !Number.isFinite(data.t) || !int(data.pid)) return null;
  const { t, pid } = data;
  switch (data.k) {
    case 'hello':
      return typeof data.version === 'string' && int(data.tid)
        ? { k: 'hello', t, pid, version: data.version, tid: data.tid }
        : null;
    case 'task':
      if (!int(data.task) || (data.kind !== 'thread' && data.kind !== 'process') || typeof data.name !== 'string')
        return null;
      return { k: 'task', t, pid, task: data.task, kind: data.kind, name: data.name };
    case 'os':
      return int(data.task) && int(data.tid) ? { k: 'os', t, pid, task: data.task, tid: data.tid } : null;
    case 'state':
      if (!int(data.task) || !(TASK_STATES as readonly unknown[]).includes(data.state)) return null;
      if (data.detail !== undefined && data.detail !== null && typeof data.detail !== 'string') return null;
      return {
        k: 'state',
        t,
        pid,
        task: data.task,
        state: data.state as TaskState,
        ...(typeof data.detail === 'string' ? { detail: data.detail } : {}),
        ...(data.inferred === true ? { inferred: true as const } : {}),
      };
    case 'print':
      if (!int(data.task) || (data.task < 0 && data.task !== MAIN_TASK) || typeof data.text !== 'string') return null;
      return { k: 'print', t, pid, task: data.task, text: data.text, more: data.more === true };
    case 'ended': {
      if (!int(data.task) || typeof data.by !== 'string' || data.by.length > MAX_BY_CHARS) return null;
      const signal = isSignal(data.signal) ? data.signal : undefined;
      if (data.signal !== undefined && signal === undefined) return null;
      return { k: 'ended', t, pid, task: data.task, by: data.by, ...(signal !== undefined ? { signal } : {}) };
    }
    case 'exit': {
      const code = int(data.code) ? data.code : null;
      const signal = isSignal(data.signal) ? data.signal : null;
      if (!int(data.task) || (code === null) === (signal === null)) return null;
      return { k: 'exit', t, pid, task: data.task, code, signal };
    }
    default:
      return null;
  }
}
