// Checks what arrives from the engine over the WebSocket before anything uses it: a reply to
// a call, or a batch of events. Malformed events are dropped one by one, never thrown.
// Runs in the renderer (the receiving edge of the web shell).

import {
  TASK_STATES,
  type EngineEvent,
  type Hello,
  type OpenedFile,
  type RecordSnapshot,
  type Result,
} from '../../../core/contract';

export type ServerMessage =
  { kind: 'reply'; id: number | null; result: Result<unknown> } | { kind: 'events'; events: EngineEvent[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const numbers = (value: unknown): value is number[] => Array.isArray(value) && value.every(finite);

/** Whether a value has the shape of an engine event (the fields the renderer reads). */
export function isEngineEvent(value: unknown): value is EngineEvent {
  if (!isRecord(value)) return false;
  const runOk = finite(value.runId);
  switch (value.kind) {
    case 'run-start':
      return runOk && isRecord(value.spec) && finite(value.cores) && finite(value.wallStart);
    case 'unit':
      return runOk && finite(value.t) && finite(value.unit) && finite(value.pid) && numbers(value.tasks);
    case 'state':
      return (
        runOk &&
        finite(value.t) &&
        Number.isInteger(value.task) &&
        (TASK_STATES as readonly unknown[]).includes(value.state) &&
        (value.detail === undefined || typeof value.detail === 'string')
      );
    case 'print':
      return runOk && finite(value.t) && Number.isInteger(value.task) && typeof value.text === 'string';
    case 'task-os':
      return runOk && finite(value.t) && Number.isInteger(value.task);
    case 'sample':
      return (
        (value.runId === null || runOk) &&
        finite(value.t) &&
        numbers(value.cores) &&
        numbers(value.steal) &&
        finite(value.self) &&
        Array.isArray(value.tasks)
      );
    case 'run-end':
      return runOk && finite(value.t) && typeof value.status === 'string';
    case 'notice':
      return typeof value.text === 'string';
    default:
      return false;
  }
}

/** Whether a hello answer has the lists and numbers the controls are built from. */
export function isHello(value: unknown): value is Hello {
  if (!isRecord(value)) return false;
  const lists = [value.lessons, value.workloads, value.executors];
  return (
    lists.every(
      (list) => Array.isArray(list) && list.every((entry) => isRecord(entry) && typeof entry.id === 'string'),
    ) &&
    isRecord(value.defaults) &&
    isRecord(value.limits) &&
    finite(value.cores) &&
    value.cores >= 1 &&
    (value.role === 'operator' || value.role === 'viewer') &&
    isShare(value.share)
  );
}

/** null, or a presenter's name with an address and QR code that are each text or null. */
function isShare(value: unknown): boolean {
  if (value === null) return true;
  const text = (each: unknown): boolean => each === null || typeof each === 'string';
  return isRecord(value) && typeof value.presenter === 'string' && text(value.viewerUrl) && text(value.qrSvg);
}

/** A record snapshot with its malformed events dropped; null when it is not a snapshot at all. */
export function cleanSnapshot(value: unknown): RecordSnapshot | null {
  if (!isRecord(value) || !Array.isArray(value.events)) return null;
  return { events: value.events.filter(isEngineEvent), truncated: value.truncated === true };
}

/** launchTrace's answer: null (no trace, or taken), or a file's name and text. */
export function checkOpenedFile(value: unknown): Result<OpenedFile | null> {
  if (value === null) return { ok: true, value: null };
  if (isRecord(value) && typeof value.name === 'string' && typeof value.text === 'string') {
    return { ok: true, value: { name: value.name, text: value.text } };
  }
  return { ok: false, error: 'The Lanes server handed over a trace this page does not understand.' };
}

function isResult(value: unknown): value is Result<unknown> {
  if (!isRecord(value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && typeof value.error === 'string';
}

/** Parses one text frame from the server; null when it is not a message we understand. */
export function parseServerMessage(raw: unknown): ServerMessage | null {
  if (typeof raw !== 'string') return null;
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  if (data.kind === 'reply') {
    const id = data.id === null ? null : Number.isSafeInteger(data.id) ? (data.id as number) : undefined;
    if (id === undefined || !isResult(data.result)) return null;
    return { kind: 'reply', id, result: data.result };
  }
  if (data.kind === 'events' && Array.isArray(data.events)) {
    return { kind: 'events', events: data.events.filter(isEngineEvent) };
  }
  return null;
}
