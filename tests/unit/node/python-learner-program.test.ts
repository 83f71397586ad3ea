// A learner program's temporary folder: written with a marker naming its engine, removed when
// the run ends, and when the engine was killed before it could remove it, removed by the next
// engine, and nothing else: not a folder without the marker, not a live engine's, not a link.
// The end-to-end case kills a real `lanes run` with SIGKILL; it needs python3 (skipped, saying
// so, where it is missing).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../src/node/python/python-env';
import {
  removeLearnerProgram,
  removeStaleLearnerPrograms,
  writeLearnerProgram,
} from '../../../src/node/python/learner-program';

const root = mkdtempSync(join(tmpdir(), 'lanes-sweep-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A pid that ran and has ended (its parent reaped it, so nothing is left of it). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

function folder(name: string, owner?: unknown): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'keep.txt'), 'x');
  if (owner !== undefined) {
    writeFileSync(join(dir, 'lanes-owner.json'), typeof owner === 'string' ? owner : JSON.stringify(owner));
  }
  return dir;
}

describe('a learner program folder', () => {
  it('holds the program in its own working folder and a marker naming this engine beside it', () => {
    const written = writeLearnerProgram('print(1)\n', root);
    try {
      expect(readFileSync(join(written.cwd, written.file), 'utf8')).toBe('print(1)\n');
      expect(written.cwd.startsWith(written.dir)).toBe(true);
      const owner = JSON.parse(readFileSync(join(written.dir, 'lanes-owner.json'), 'utf8'));
      expect(owner.pid).toBe(process.pid);
      if (process.platform === 'linux') {
        expect(owner.start).toMatch(/^\d+$/);
        expect(owner.boot).toBe(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim());
      }
      // A live engine's folder is never swept.
      expect(removeStaleLearnerPrograms(root)).toEqual([]);
      expect(existsSync(written.dir)).toBe(true);
    } finally {
      removeLearnerProgram(written.dir);
    }
    expect(existsSync(written.dir)).toBe(false);
  });

  it('is removed once its engine is gone, and only then; other folders stay', () => {
    const dead = deadPid();
    const mine = JSON.parse(
      readFileSync(join(writeLearnerProgram('', root).dir, 'lanes-owner.json'), 'utf8'),
    ) as Record<string, unknown>;
    const stale = folder('lanes-program-stale', { ...mine, pid: dead });
    // The same pid, started at another time: a later process was given a dead engine's pid.
    const reused = folder('lanes-program-reused', { ...mine, start: '1' });
    const unmarked = folder('lanes-program-unmarked');
    const garbled = folder('lanes-program-garbled', '{"pid": "1"');
    const otherName = folder('not-lanes-program', { ...mine, pid: dead });
    const target = folder('link-target', { ...mine, pid: dead });
    symlinkSync(target, join(root, 'lanes-program-link'));
    const removed = removeStaleLearnerPrograms(root);
    if (process.platform === 'linux') expect(removed.sort()).toEqual([reused, stale].sort());
    else expect(removed).toContain(stale);
    for (const kept of [unmarked, garbled, otherName, target, join(root, 'lanes-program-link')]) {
      expect(existsSync(join(kept, 'keep.txt')), kept).toBe(true);
    }
  });
});

const python = findPython();

describe.skipIf(!python.available || process.platform !== 'linux')(
  `a folder left by a killed engine (${python.version ?? 'python3 not found'})`,
  () => {
    it('is removed by the next engine that runs a program', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lanes-leftover-test-'));
      try {
        const file = join(dir, 'wait.py');
        writeFileSync(file, 'import os, time\nprint(os.getcwd(), flush=True)\ntime.sleep(60)\n');
        const cli = spawn(process.execPath, [resolve('out/node/lanes.mjs'), 'run', '--python-file', file], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        const cwd = await new Promise<string>((done) =>
          cli.stdout.setEncoding('utf8').once('data', (line: string) => done(line.trim())),
        );
        // The run's folder: the program's working folder, or the folder that holds it.
        const folderOfRun = /^(.*\/lanes-program-[^/]+)/.exec(cwd)?.[1];
        expect(folderOfRun, cwd).toBeDefined();
        cli.kill('SIGKILL');
        await new Promise((r) => cli.once('close', r));
        // Killed, nothing of it ran to remove the folder.
        expect(existsSync(join(cwd, 'program.py'))).toBe(true);
        const quick = join(dir, 'quick.py');
        writeFileSync(quick, 'print("next")\n');
        const next = spawnSync(process.execPath, [resolve('out/node/lanes.mjs'), 'run', '--python-file', quick], {
          encoding: 'utf8',
          timeout: 30_000,
        });
        expect(next.stdout).toBe('next\n');
        expect(existsSync(folderOfRun!)).toBe(false);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  },
);
