// `lanes open FILE`: a saved trace, checked before anything starts (exists, a regular file, at most
// FILE_LIMITS.MAX_OPEN_BYTES, readable, and a trace readTrace can replay). `--check` only says what
// it holds; otherwise the browser version serves it (`lanes web` with the trace handed once to the
// page through launchTrace). bin/lanes.mjs runs `--check` first and then starts the desktop app with
// the file, falling back to this browser version where Electron cannot start. Runs in Node (CLI).

import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { FILE_LIMITS } from '../core/contract';
import { readTrace, traceSizeProblem, type OpenedTrace } from '../core/trace-read';
import { fsReason } from './file-checks';
import { UsageError } from './flags';
import { webCommand } from './web-command';

/** Flags of `open` itself; the rest are `lanes web`'s, passed on (and checked there). */
const CHECK_FLAG = '--check';
const WEB_FLAG = '--web';

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The file's bytes, refused in one line when it is missing, not a regular file (a device or a
 * pipe could be endless), larger than the limit (judged on the open file, before reading) or
 * unreadable. One byte past the limit is read at most: a file growing meanwhile is caught.
 */
export function readTraceBytes(path: string): Uint8Array {
  if (path.trim() === '') throw new UsageError('open needs the trace file: lanes open FILE.');
  let fd: number;
  try {
    // Not waiting for a writer: a named pipe is refused below, never waited on.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${path}: no such file.`);
    if (code === 'EISDIR') throw new UsageError(`${path} is a folder, not a trace.`);
    throw new UsageError(`${path} cannot be read: ${fsReason(error)}.`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UsageError(`${path} is a folder, not a trace.`);
    if (!stat.isFile()) throw new UsageError(`${path} is not a regular file.`);
    const tooLarge = traceSizeProblem(stat.size);
    if (tooLarge) throw new UsageError(`${path}: ${lowerFirst(tooLarge)}`);
    const bytes = new Uint8Array(Math.min(stat.size, FILE_LIMITS.MAX_OPEN_BYTES) + 1);
    let filled = 0;
    while (filled < bytes.length) {
      const read = readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (read === 0) break;
      filled += read;
    }
    const grown = traceSizeProblem(filled);
    if (grown) throw new UsageError(`${path} grew while it was read: ${lowerFirst(grown)}`);
    return bytes.subarray(0, filled);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${path} cannot be read: ${fsReason(error)}.`);
  } finally {
    closeSync(fd);
  }
}

/** What a trace holds, in one line (then what it lacks, one line each). */
export function describeTrace(name: string, trace: OpenedTrace): string {
  const start = trace.events[0];
  const end = trace.events.at(-1);
  if (start?.kind !== 'run-start' || end?.kind !== 'run-end') return `${name}: a trace.`;
  const { spec } = start;
  const seconds = `${(end.t / 1000).toFixed(2)} s`;
  const lanes = `${spec.tasks} lane${spec.tasks === 1 ? '' : 's'}`;
  const cut = trace.truncated ? ' (events were dropped while it was recorded)' : '';
  if (trace.source === 'foreign') {
    const lacks = trace.missing.map((line) => `\n  - ${line}`).join('');
    return `${name}: a trace from another tool: ${lanes}, ${seconds}${cut}. What it does not say:${lacks}`;
  }
  const what =
    spec.program === 'learner'
      ? `a Python program on ${spec.executor}`
      : `${spec.lesson ? `lesson ${spec.lesson}: ` : ''}${spec.tasks} × ${spec.workload} on ${spec.executor}`;
  const by = trace.savedBy ? ` saved by ${trace.savedBy}` : '';
  return `${name}: a Lanes trace${by}: ${what}, ${lanes}, ${seconds}, ${end.status}${cut}.`;
}

/** Reads and checks the trace; a problem is a UsageError (one line, exit code 2). */
export function checkTraceFile(path: string): { name: string; text: string; trace: OpenedTrace } {
  const bytes = readTraceBytes(path);
  const trace = readTrace(bytes);
  if (!trace.ok) throw new UsageError(`${path}: ${lowerFirst(trace.error)}`);
  // readTrace decoded the same bytes: they are UTF-8.
  const text = new TextDecoder('utf-8').decode(bytes);
  return { name: basename(path), text, trace: trace.value };
}

export async function openCommand(args: string[]): Promise<number> {
  const check = args.includes(CHECK_FLAG);
  const rest = args.filter((arg) => arg !== CHECK_FLAG && arg !== WEB_FLAG);
  const [path, ...webArgs] = rest;
  if (path === undefined || path.startsWith('-')) {
    throw new UsageError('open needs the trace file first: lanes open FILE [--check | --web [web options]].', true);
  }
  const file = checkTraceFile(path);
  if (check) {
    if (webArgs.length > 0) throw new UsageError(`--check takes no other options (got ${webArgs.join(' ')}).`);
    process.stdout.write(`${describeTrace(file.name, file.trace)}\n`);
    return 0;
  }
  const summary = describeTrace(file.name, file.trace);
  return webCommand(webArgs, { file: { name: file.name, text: file.text }, summary });
}
