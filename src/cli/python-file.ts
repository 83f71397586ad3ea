// Reads the program behind `lanes run --python-file PATH`: a learner's own Python file, checked
// here with messages about the file (missing, a folder, too big, not UTF-8) before the engine
// checks it again as a run request's `source`. Runs in Node (CLI).

import { readFileSync, statSync } from 'node:fs';
import { LIMITS } from '../core/contract';
import { UsageError } from './flags';

export function readPythonFile(path: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`--python-file ${path} is a folder, not a Python file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`--python-file ${path}: no such file.`);
    throw new UsageError(`--python-file ${path} cannot be read (${code ?? String(error)}).`);
  }
  // Checked before reading, so a huge file is never loaded to be refused.
  if (size > LIMITS.MAX_SOURCE_BYTES) {
    throw new UsageError(
      `--python-file ${path} is too big: ${size} bytes, at most ${LIMITS.MAX_SOURCE_BYTES} (${LIMITS.MAX_SOURCE_BYTES / 1024} KiB).`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--python-file ${path} cannot be read (${code ?? String(error)}).`);
  }
  let text: string;
  try {
    // fatal: a file that is not UTF-8 is refused, never run with replacement characters.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`--python-file ${path} is not UTF-8 text; save it as UTF-8 and try again.`);
  }
  if (text.trim() === '') throw new UsageError(`--python-file ${path} is empty: there is no program to run.`);
  return text;
}
