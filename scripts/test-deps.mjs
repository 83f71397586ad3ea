// The programs the tests need beyond npm's: Debian's Chromium (Playwright drives it at
// /usr/bin/chromium), ffprobe (the video-export test) and, without a display, Xvfb. Installs
// what is missing with apt-get where it can (as root, or with sudo that needs no password);
// otherwise stops at once with the one command to run. Runs in Node, first in `npm test` and in
// .ci/run, so both install the same things the same way.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where playwright.config.ts looks for Chromium (Playwright's own download is never used). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Each tool, how it is found and the Debian package it comes in. Chromium and Xvfb keep their
 * recommended packages (the screenshot tests' fonts come with Chromium's); ffmpeg does not need
 * its own (a quicker install in CI).
 */
export const TOOLS = [
  { name: 'Chromium', path: CHROMIUM_PATH, package: 'chromium', recommends: true },
  { name: 'ffprobe', command: 'ffprobe', package: 'ffmpeg', recommends: false },
  { name: 'Xvfb', command: 'Xvfb', package: 'xvfb', recommends: true, onlyWithoutDisplay: true },
];

/** Whether an executable `command` is on `PATH`. */
export function onPath(command, path = process.env.PATH ?? '') {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * What to do, from what this machine has. `probe` answers: exists(path), onPath(command),
 * isRoot, sudoWithoutPassword(), debian (apt-get's distribution family), hasDisplay.
 * Returns { missing: tools, action: 'none' | 'install' | 'stop', prefix: [] | ['sudo', '-n'], message }.
 */
export function plan(probe) {
  const missing = TOOLS.filter((tool) => {
    if (tool.onlyWithoutDisplay && probe.hasDisplay) return false;
    return tool.path ? !probe.exists(tool.path) : !probe.onPath(tool.command);
  });
  if (missing.length === 0) return { missing, action: 'none', prefix: [], message: '' };
  const names = missing.map((tool) => `${tool.name} (Debian package ${tool.package})`).join(', ');
  const packages = missing.map((tool) => tool.package).join(' ');
  const aptGet = probe.onPath('apt-get');
  if (aptGet && probe.isRoot) return { missing, action: 'install', prefix: [], message: names };
  if (aptGet && probe.onPath('sudo') && probe.sudoWithoutPassword())
    return { missing, action: 'install', prefix: ['sudo', '-n'], message: names };
  const sudo = probe.isRoot ? '' : 'sudo ';
  const message = probe.debian
    ? `The tests need ${names}; install ${missing.length > 1 ? 'them' : 'it'} with: ${sudo}apt-get install -y ${packages}`
    : `The tests need ${names}; install ${missing.length > 1 ? 'them' : 'it'} with your system's package manager` +
      ` (Chromium at ${CHROMIUM_PATH}).`;
  return { missing, action: 'stop', prefix: [], message };
}

function thisMachine() {
  return {
    exists: (path) => existsSync(path),
    onPath: (command) => onPath(command),
    isRoot: process.getuid?.() === 0,
    sudoWithoutPassword: () => spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    debian: existsSync('/etc/debian_version') || onPath('apt-get'),
    hasDisplay: Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY),
  };
}

/** Runs apt-get (quietly, never asking); true when it succeeded. */
function aptGet(prefix, args) {
  const [command, ...rest] = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  return spawnSync(command, rest, { stdio: ['ignore', 'ignore', 'inherit'] }).status === 0;
}

/** Checks, installs if it can; resolves to an exit code (0: everything is here). */
export function ensureTestDeps() {
  const step = plan(thisMachine());
  if (step.action === 'none') return 0;
  if (step.action === 'stop') {
    process.stderr.write(`${step.message}\n`);
    return 1;
  }
  process.stderr.write(`test-deps: installing ${step.message} with apt-get…\n`);
  const withRecommends = step.missing.filter((tool) => tool.recommends).map((tool) => tool.package);
  const without = step.missing.filter((tool) => !tool.recommends).map((tool) => tool.package);
  const ok =
    aptGet(step.prefix, ['update', '-qq']) &&
    (withRecommends.length === 0 || aptGet(step.prefix, ['install', '-y', '-qq', ...withRecommends])) &&
    (without.length === 0 || aptGet(step.prefix, ['install', '-y', '-qq', '--no-install-recommends', ...without]));
  const still = plan(thisMachine()).missing;
  if (!ok || still.length > 0) {
    const names = (still.length > 0 ? still : step.missing).map((tool) => tool.package).join(' ');
    process.stderr.write(`test-deps: apt-get could not install ${names}; the errors are above.\n`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = ensureTestDeps();
