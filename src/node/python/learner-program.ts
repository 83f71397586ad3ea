// A learner's own Python program on disk for one run: `program.py` in a fresh folder under the
// OS temp folder, so it runs as `python3 program.py` would there, and removed when the run ends.
// A folder an engine could not remove (it was killed) is removed by the next engine that writes
// one: each folder names its owner in a marker. Runs in the engine; the Run writes a program
// before starting python3 and removes it on exit.

import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePidStat } from '../../core/cpu';

/** The file name the learner's program runs as: tracebacks and failure messages show it. */
export const LEARNER_PROGRAM_FILE = 'program.py';
/** Folders Lanes makes for programs start with this (and only those are ever swept). */
const FOLDER_PREFIX = 'lanes-program-';
/** Beside the program's own folder, so the program does not see it in its working directory. */
const OWNER_FILE = 'lanes-owner.json';
const PROGRAM_DIR = 'program';
/** A marker is a line of JSON; anything much bigger is not one of ours. */
const MAX_OWNER_BYTES = 512;

export interface LearnerProgram {
  /** The run's own folder, removed with everything in it. */
  dir: string;
  /** The program's working directory, inside `dir`: it holds the program and what it writes. */
  cwd: string;
  file: string;
}

/**
 * Who made a folder: the engine's pid, and what tells that process from a later one given the
 * same pid (Linux: its start time since boot and the boot's id; elsewhere not known: null).
 */
interface Owner {
  pid: number;
  start: string | null;
  boot: string | null;
}

/** Linux: this boot's id and when `pid` started (clock ticks since boot); nulls elsewhere. */
function identity(pid: number): { start: string | null; boot: string | null } | undefined {
  if (process.platform !== 'linux') return { start: null, boot: null };
  try {
    const ticks = parsePidStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.startTicks ?? null;
    const start = ticks === null ? null : String(ticks);
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return { start, boot };
  } catch {
    return undefined; // no such process
  }
}

/** Whether the engine that wrote `owner` still runs (when unsure, yes: its folder stays). */
function ownerRuns(owner: Owner): boolean {
  if (owner.start === null || owner.boot === null || process.platform !== 'linux') {
    try {
      process.kill(owner.pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== 'ESRCH';
    }
  }
  const now = identity(owner.pid);
  return now !== undefined && now.start === owner.start && now.boot === owner.boot;
}

function readOwner(dir: string): Owner | null {
  try {
    const file = join(dir, OWNER_FILE);
    const stat = lstatSync(file);
    if (!stat.isFile() || stat.size > MAX_OWNER_BYTES) return null;
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof data !== 'object' || data === null) return null;
    const { pid, start, boot } = data as Record<string, unknown>;
    const text = (value: unknown) => value === null || typeof value === 'string';
    if (!Number.isInteger(pid) || (pid as number) <= 0 || !text(start) || !text(boot)) return null;
    return { pid: pid as number, start: start, boot: boot };
  } catch {
    return null;
  }
}

/**
 * Removes folders under `root` that Lanes made for programs and whose engine no longer runs (it
 * was killed before it could remove them). Only this user's folders with a valid marker are
 * touched: a folder without one, or of an engine that still runs, stays. Returns what it removed.
 */
export function removeStaleLearnerPrograms(root: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root).filter((name) => name.startsWith(FOLDER_PREFIX));
  } catch {
    return removed;
  }
  for (const name of names) {
    const dir = join(root, name);
    try {
      const stat = lstatSync(dir);
      // A real folder (not a link to one) of this user's.
      if (!stat.isDirectory() || (process.getuid && stat.uid !== process.getuid())) continue;
    } catch {
      continue;
    }
    const owner = readOwner(dir);
    if (owner === null || ownerRuns(owner)) continue;
    removeLearnerProgram(dir);
    removed.push(dir);
  }
  return removed;
}

let swept = false;

/** Writes `source` (already validated: bounded, no NUL) to a new folder; throws when it cannot. */
export function writeLearnerProgram(source: string, root: string = tmpdir()): LearnerProgram {
  if (!swept) {
    swept = true;
    removeStaleLearnerPrograms(root);
  }
  // mkdtemp: a new folder with a random name, only ours (0700), so no other user's file is run.
  const dir = mkdtempSync(join(root, FOLDER_PREFIX));
  try {
    const owner: Owner = { pid: process.pid, ...(identity(process.pid) ?? { start: null, boot: null }) };
    writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner), { encoding: 'utf8', mode: 0o600 });
    const cwd = join(dir, PROGRAM_DIR);
    mkdirSync(cwd, { mode: 0o700 });
    writeFileSync(join(cwd, LEARNER_PROGRAM_FILE), source, { encoding: 'utf8', mode: 0o600 });
    return { dir, cwd, file: LEARNER_PROGRAM_FILE };
  } catch (error) {
    removeLearnerProgram(dir);
    throw error;
  }
}

/** Removes the run's folder and whatever the program left in it; never throws. */
export function removeLearnerProgram(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // Left for the next engine to remove (its marker names this engine) or the OS to clean.
  }
}
