// Writes a file whole or not at all: into a temporary file beside it, then renamed over it, so a
// crash or a full disk mid-write never leaves half a file where a good one was. Runs in Electron
// main (saved exports, the window state, the calibration cache).

import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm, writeFile, rename } from 'node:fs/promises';

function temporaryBeside(path: string): string {
  return `${path}.${randomBytes(4).toString('hex')}.tmp`;
}

/** Writes `data` to `path` atomically (same folder, so rename never crosses a disk). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temporary = temporaryBeside(path);
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** The same, synchronously: for the last save while the app quits, when nothing may be left pending. */
export function writeFileAtomicSync(path: string, data: string): void {
  const temporary = temporaryBeside(path);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
