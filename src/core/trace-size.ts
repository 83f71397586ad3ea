// How large a trace Lanes opens: the one check callers make on a file's size before reading it
// (a File's .size, fs.stat), so a 2 GB file is never read to be refused. Its own module so a page
// can check a size without loading the trace reader. Runs anywhere; trace-read.ts re-exports it.

import { FILE_LIMITS } from './contract';

/** Whole megabytes for a message: 212,000,001 bytes is "213 MB". */
function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 1_000_000)} MB`;
}

/** Why a file of `bytes` bytes is not opened (too large), or null. FILE_LIMITS.MAX_OPEN_BYTES is the one limit. */
export function traceSizeProblem(bytes: number): string | null {
  const max = FILE_LIMITS.MAX_OPEN_BYTES;
  return bytes > max ? `The file is ${megabytes(bytes)}; Lanes opens traces up to ${megabytes(max)}.` : null;
}
