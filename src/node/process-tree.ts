// Ending a process and everything it started (a Python program and its own threads and
// processes). POSIX: the child leads its own process group, and a signal to the negative pid
// reaches the whole group. Windows has no process groups: `taskkill /T /F` ends the tree by
// parentage. Runs in the engine; the system calls are injected so both paths are tested on Linux.

import { spawn } from 'node:child_process';

export interface TreeSystem {
  platform: string;
  /** process.kill */
  kill(pid: number, signal: NodeJS.Signals): void;
  /** Starts a helper command, detached from our stdio; errors are reported, never thrown. */
  run(command: string, args: string[], onError: (error: Error) => void): void;
}

const REAL: TreeSystem = {
  platform: process.platform,
  kill: (pid, signal) => process.kill(pid, signal),
  run: (command, args, onError) => {
    spawn(command, args, { stdio: 'ignore', windowsHide: true }).once('error', onError);
  },
};

/**
 * Spawn options that make a child the root of a tree endProcessTree can end: its own process
 * group on POSIX. On Windows `detached` would give it a console window of its own, and taskkill
 * needs no group, so it stays attached (and hidden).
 */
export function treeSpawnOptions(platform: string = process.platform): { detached: boolean; windowsHide: true } {
  return { detached: platform !== 'win32', windowsHide: true };
}

/**
 * Ends `pid` and its descendants. SIGTERM first lets a POSIX program clean up; Windows programs
 * get no such chance (taskkill /F), so both signals end the tree there. A tree already gone is
 * not an error.
 */
export function endProcessTree(pid: number, signal: 'SIGTERM' | 'SIGKILL', system: TreeSystem = REAL): void {
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (system.platform === 'win32') {
    system.run('taskkill', ['/pid', String(pid), '/T', '/F'], () => undefined);
    return;
  }
  try {
    system.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
