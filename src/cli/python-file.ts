// Reads the program behind `lanes run --python-file PATH`: a learner's own Python file, checked
// here with messages about the file (missing, a folder or device, unreadable, too big, binary, not
// UTF-8, empty) before anything starts; the engine checks it again as a run request's `source`.
// Runs in Node (CLI).

import { readFileSync, statSync } from 'node:fs';
import { LIMITS } from '../core/contract';
import { fsReason } from './file-checks';
import { UsageError } from './flags';

export function readPythonFile(path: string): string {
  if (path.trim() === '') throw new UsageError('--python-file needs the path of a Python file.');
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UsageError(`--python-file ${path} is a folder, not a Python file.`);
    // A device or pipe (/dev/zero, a FIFO) could be read forever: only plain files are programs.
    if (!stat.isFile()) throw new UsageError(`--python-file ${path} is not a regular file.`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`--python-file ${path}: no such file.`);
    throw new UsageError(`--python-file ${path} cannot be read: ${fsReason(error)}.`);
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
    throw new UsageError(`--python-file ${path} cannot be read: ${fsReason(error)}.`);
  }
  // Python source never holds a NUL byte (CPython refuses it too): this is a compiled or binary file.
  if (bytes.includes(0)) throw new UsageError(`--python-file ${path} is a binary file, not Python source.`);
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
