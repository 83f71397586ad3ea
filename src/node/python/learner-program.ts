// A learner's own Python program on disk for one run: `program.py` in a fresh folder under the
// OS temp folder, so it runs as `python3 program.py` would there, and removed when the run ends.
// Runs in the engine; the Run writes it before starting python3 and removes it on exit.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The file name the learner's program runs as: tracebacks and failure messages show it. */
export const LEARNER_PROGRAM_FILE = 'program.py';

export interface LearnerProgram {
  /** The run's own folder: the program's working directory, removed with everything in it. */
  dir: string;
  file: string;
}

/** Writes `source` (already validated: bounded, no NUL) to a new folder; throws when it cannot. */
export function writeLearnerProgram(source: string): LearnerProgram {
  // mkdtemp: a new folder with a random name, only ours (0700), so no other user's file is run.
  const dir = mkdtempSync(join(tmpdir(), 'lanes-program-'));
  try {
    writeFileSync(join(dir, LEARNER_PROGRAM_FILE), source, { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    removeLearnerProgram(dir);
    throw error;
  }
  return { dir, file: LEARNER_PROGRAM_FILE };
}

/** Removes the run's folder and whatever the program left in it; never throws. */
export function removeLearnerProgram(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // Left for the OS to clean with its temp folder: nothing runs from it any more.
  }
}
