// Ending a process tree on each system: Windows through `taskkill /T /F` (faked here: no process
// groups to test on Linux), POSIX through the process group, for real: a shell and the sleep it
// started both end.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { endProcessTree, treeSpawnOptions, type TreeSystem } from '../../../src/node/process-tree';

function fakeSystem(platform: string, killThrows = false) {
  const calls: string[] = [];
  const system: TreeSystem = {
    platform,
    kill: (pid, signal) => {
      calls.push(`kill ${pid} ${signal}`);
      if (killThrows) throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' });
    },
    run: (command, args, onError) => {
      calls.push([command, ...args].join(' '));
      onError(new Error('taskkill: the process was not found'));
    },
  };
  return { system, calls };
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('ending a process tree', () => {
  it('on Windows: taskkill /T /F for the tree, whatever the signal, and never a group signal', () => {
    const { system, calls } = fakeSystem('win32');
    endProcessTree(4321, 'SIGTERM', system);
    endProcessTree(4321, 'SIGKILL', system);
    expect(calls).toEqual(['taskkill /pid 4321 /T /F', 'taskkill /pid 4321 /T /F']);
    expect(treeSpawnOptions('win32')).toEqual({ detached: false, windowsHide: true });
  });

  it('on Linux and macOS: the signal goes to the process group; a group already gone is no error', () => {
    for (const platform of ['linux', 'darwin']) {
      const { system, calls } = fakeSystem(platform, true);
      expect(() => endProcessTree(4321, 'SIGTERM', system)).not.toThrow();
      expect(calls).toEqual(['kill -4321 SIGTERM']);
      expect(treeSpawnOptions(platform)).toEqual({ detached: true, windowsHide: true });
    }
  });

  it('never signals a pid that is not a real one (0 and -1 would reach far more than the tree)', () => {
    const { system, calls } = fakeSystem('linux');
    for (const pid of [0, -1, 1.5, Number.NaN]) endProcessTree(pid, 'SIGKILL', system);
    expect(calls).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('ends a real shell and the sleep it started (POSIX)', async () => {
    const shell = spawn('sh', ['-c', 'sleep 30 & echo $!; wait'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      ...treeSpawnOptions(),
    });
    const sleepPid = await new Promise<number>((resolve) =>
      shell.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim()))),
    );
    expect(alive(sleepPid)).toBe(true);
    const exited = new Promise((resolve) => shell.once('exit', resolve));
    endProcessTree(shell.pid!, 'SIGTERM');
    await exited;
    const deadline = Date.now() + 5_000;
    while (alive(sleepPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive(sleepPid)).toBe(false);
  });
});
