// scripts/test-deps.mjs, the first step of `npm test` and of .ci/run: what it decides from what a
// machine has (every combination that matters), and the real script on this machine, both where
// everything is present and where a tool is missing and nothing can install it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types; its exports are checked by these tests.
import { CHROMIUM_PATH, plan } from '../../../scripts/test-deps.mjs';

interface Probe {
  exists: (path: string) => boolean;
  onPath: (command: string) => boolean;
  isRoot: boolean;
  sudoWithoutPassword: () => boolean;
  debian: boolean;
  hasDisplay: boolean;
}
interface Plan {
  missing: { package: string }[];
  action: 'none' | 'install' | 'stop';
  prefix: string[];
  message: string;
}
const decide = plan as (probe: Probe) => Plan;

/** A machine with `have` (commands and paths), as root or not. */
function machine(have: string[], options: Partial<Probe> = {}): Probe {
  return {
    exists: (path) => have.includes(path),
    onPath: (command) => have.includes(command),
    isRoot: false,
    sudoWithoutPassword: () => false,
    debian: true,
    hasDisplay: false,
    ...options,
  };
}

const EVERYTHING = [CHROMIUM_PATH as string, 'ffprobe', 'Xvfb', 'apt-get'];

describe('what test-deps decides', () => {
  it('does nothing when everything is there', () => {
    expect(decide(machine(EVERYTHING))).toMatchObject({ action: 'none', missing: [] });
  });

  it('needs Xvfb only without a display', () => {
    expect(decide(machine([CHROMIUM_PATH, 'ffprobe'], { hasDisplay: true })).action).toBe('none');
    expect(decide(machine([CHROMIUM_PATH, 'ffprobe'])).missing.map((t) => t.package)).toEqual(['xvfb']);
  });

  it('installs what is missing as root with apt-get', () => {
    const step = decide(machine(['apt-get', 'Xvfb'], { isRoot: true }));
    expect(step).toMatchObject({ action: 'install', prefix: [] });
    expect(step.missing.map((t) => t.package)).toEqual(['chromium', 'ffmpeg']);
  });

  it('installs through sudo only when sudo asks no password', () => {
    const have = ['apt-get', 'sudo', CHROMIUM_PATH, 'Xvfb'];
    expect(decide(machine(have, { sudoWithoutPassword: () => true }))).toMatchObject({
      action: 'install',
      prefix: ['sudo', '-n'],
    });
    expect(decide(machine(have)).action).toBe('stop');
  });

  it('otherwise stops with the one command to run', () => {
    expect(decide(machine(['apt-get'])).message).toBe(
      'The tests need Chromium (Debian package chromium), ffprobe (Debian package ffmpeg), Xvfb (Debian package xvfb); ' +
        'install them with: sudo apt-get install -y chromium ffmpeg xvfb',
    );
    // Root without apt-get on its PATH: the command, without sudo.
    expect(decide(machine([CHROMIUM_PATH, 'Xvfb'], { isRoot: true })).message).toBe(
      'The tests need ffprobe (Debian package ffmpeg); install it with: apt-get install -y ffmpeg',
    );
    expect(decide(machine([], { debian: false })).message).toMatch(/with your system's package manager \(Chromium at/);
  });
});

describe('scripts/test-deps.mjs on this machine', () => {
  const SCRIPT = resolve('scripts/test-deps.mjs');
  const empty = mkdtempSync(join(tmpdir(), 'lanes-empty-path-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('says nothing and exits 0 where everything is installed (as on this project’s machines)', () => {
    const result = spawnSync(process.execPath, [SCRIPT], { encoding: 'utf8', env: { ...process.env, DISPLAY: '' } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('stops at once with the command when a tool is missing and apt-get cannot be reached', () => {
    // A PATH with nothing on it: no ffprobe, no Xvfb, no apt-get, no sudo.
    const started = Date.now();
    const result = spawnSync(process.execPath, [SCRIPT], {
      encoding: 'utf8',
      env: { PATH: empty, HOME: process.env.HOME ?? '/' },
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    expect(result.stderr).toBe(
      `The tests need ffprobe (Debian package ffmpeg), Xvfb (Debian package xvfb); install them with: ${sudo}apt-get install -y ffmpeg xvfb\n`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
