// Checks the files `lanes run` will write, before anything runs: a trace that cannot be written
// is said at once, not after a ten-second run. Words file-system errors for a person.
// Runs in Node (CLI).

import { closeSync, openSync, statSync, unlinkSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './flags';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'over the disk quota',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EISDIR: 'it is a folder',
  ENOTDIR: 'part of the path is a file, not a folder',
  ENOENT: 'no such file or folder',
  EIO: 'input/output error',
};

/** A file-system error in words ("permission denied"), never a stack. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return (code && REASONS[code]) ?? code ?? String(error);
}

function statOrNull(path: string): ReturnType<typeof statSync> | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Throws a UsageError unless `path` can be written: an existing plain file we may open for
 * writing (left as it is), or a new name in an existing folder we may create in (the probe file
 * is removed at once). Nothing is left behind either way.
 */
export function checkWritable(flag: string, path: string): void {
  if (path.trim() === '') throw new UsageError(`${flag} needs a file name.`);
  const refuse = (why: string): never => {
    throw new UsageError(`${flag} ${path} cannot be written: ${why}.`);
  };
  try {
    const stat = statOrNull(path);
    if (stat) {
      if (stat.isDirectory()) refuse('it is a folder');
      if (!stat.isFile()) refuse('it is not a regular file');
      closeSync(openSync(path, 'r+'));
      return;
    }
    const folder = dirname(resolve(path));
    const parent = statOrNull(folder);
    if (!parent) refuse(`the folder ${folder} does not exist`);
    if (!parent!.isDirectory()) refuse(`${folder} is not a folder`);
    closeSync(openSync(path, 'wx'));
    unlinkSync(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    refuse(fsReason(error));
  }
}
