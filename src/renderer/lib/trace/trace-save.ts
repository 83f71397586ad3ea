// What Save trace writes: the shown run's record as Chrome Trace Event JSON, exactly as
// `lanes run --trace` writes it (core/trace.ts: the record itself rides in its metadata), the
// engine's pid as the record shows it, and the name the file is offered under.
// Runs in the renderer; pure. lib/trace/shown-run.svelte.ts saves with it.

import { FILE_LIMITS, MAIN_TASK, PYTHON_EXECUTORS, type EngineEvent, type RunStartEvent } from '../../../core/contract';
import { toTrace } from '../../../core/trace';
import type { TraceMachine } from '../../../core/trace-replay';

/**
 * The pid written for the engine when the record does not show it: a CPython run's events are
 * all the program's, and another tool's trace had no Lanes engine. 0 is no process's id, so the
 * counters' track ("Lanes engine") is never put on a process of the run.
 */
export const UNKNOWN_PID = 0;

/** Where the shown run came from: the engine (live), a Lanes trace, or another tool's trace. */
export type RunSource = 'engine' | 'lanes' | 'foreign';

/**
 * The engine's OS pid in a Lanes record: the main program's (the engine itself in a Node run),
 * else a thread unit's (threads run inside the engine). The page is never told it otherwise.
 */
export function enginePidOf(events: readonly EngineEvent[], source: RunSource): number {
  if (source === 'foreign') return UNKNOWN_PID;
  const start = events.find((event): event is RunStartEvent => event.kind === 'run-start');
  if (!start || PYTHON_EXECUTORS.includes(start.spec.executor)) return UNKNOWN_PID;
  for (const event of events) {
    if (event.kind === 'task-os' && event.task === MAIN_TASK) return event.pid;
  }
  for (const event of events) {
    if (event.kind === 'unit' && event.unitKind === 'thread') return event.pid;
  }
  return UNKNOWN_PID;
}

export interface SaveOptions {
  source: RunSource;
  /** The Lanes version saying it saved the file (hello's). */
  version: string;
  truncated: boolean;
  machine: TraceMachine | null;
}

/** The run's record as the text of a trace file (a Chrome trace carrying its record). */
export function traceText(events: readonly EngineEvent[], options: SaveOptions): string {
  const trace = toTrace(events, {
    enginePid: enginePidOf(events, options.source),
    version: options.version,
    truncated: options.truncated,
    ...(options.machine ? { machine: options.machine } : {}),
  });
  return JSON.stringify(trace);
}

const ENDING = '.lanes.json';

/** Letters, digits, dots and dashes only, lower case; never empty. */
function slug(text: string, max: number): string {
  const plain = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, Math.max(1, max))
    .replace(/^[-.]+|[-.]+$/g, '');
  return plain === '' ? 'trace' : plain;
}

const two = (value: number): string => String(value).padStart(2, '0');

/** "2026-12-06-224807", the local time of `epochMs`: sorts by date, and holds no ':' (Windows refuses it). */
export function fileStamp(epochMs: number): string {
  const at = new Date(epochMs);
  return (
    `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}-` +
    `${two(at.getHours())}${two(at.getMinutes())}${two(at.getSeconds())}`
  );
}

/** A file name without its trace ending or the "lanes-" this naming adds. */
function stem(name: string): string {
  return name.replace(/\.lanes\.json$|\.json$/i, '').replace(/^lanes-/i, '');
}

/**
 * The name Save trace offers: `lanes-<lesson or workload>-<executor>-<date>.lanes.json` for a
 * Lanes run (`program` for a learner's own), `lanes-<the opened file's name>.lanes.json` for
 * another tool's trace (whose workload and executor are placeholders). No date when the record
 * does not know it (wallStart 0). Always a bare name checkFileName accepts.
 */
export function traceFileName(start: RunStartEvent, opened: { name: string; source: RunSource } | null): string {
  const date = start.wallStart > 0 ? `-${fileStamp(start.wallStart)}` : '';
  const room = FILE_LIMITS.MAX_NAME_CHARS - 'lanes-'.length - ENDING.length - date.length;
  if (opened?.source === 'foreign') return `lanes-${slug(stem(opened.name), room)}${date}${ENDING}`;
  const { spec } = start;
  const subject = spec.program === 'learner' ? 'program' : (spec.lesson ?? spec.workload);
  const what = `${slug(subject, room - spec.executor.length - 1)}-${spec.executor}`;
  return `lanes-${what}${date}${ENDING}`;
}
