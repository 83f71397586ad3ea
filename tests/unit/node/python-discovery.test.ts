// Finding Python on each system, with faked platforms and faked interpreters: the Windows
// launcher (`py -3`) first and resolved to the python.exe it runs, the Store's alias that fails,
// too old a Python, LANES_PYTHON, and each system's words when none is there. Plus this machine's
// real python3, found the same way.
import { describe, expect, it } from 'vitest';
import {
  PYTHON_PROBE,
  discoverPython,
  discoverPythonLater,
  missingPythonNote,
  parseProbe,
  pythonCandidates,
  type RunCommand,
} from '../../../src/node/python/python-discovery';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPython, preparePython } from '../../../src/node/python/python-env';

/** A fake PATH: command line (without the probe) → what the interpreter prints, or a failure. */
function fakeSystem(answers: Record<string, string | 'missing' | 'fails'>): { run: RunCommand; asked: string[] } {
  const asked: string[] = [];
  const run: RunCommand = (command, args) => {
    expect(args.slice(-2)).toEqual(['-c', PYTHON_PROBE]);
    const line = [command, ...args.slice(0, -2)].join(' ');
    asked.push(line);
    const answer = answers[line] ?? 'missing';
    if (answer === 'missing') return { status: null, stdout: '' }; // ENOENT: spawnSync's status is null
    if (answer === 'fails') return { status: 9009, stdout: '' };
    return { status: 0, stdout: answer };
  };
  return { run, asked };
}

describe('candidates', () => {
  it('are py -3, python3, python on Windows; python3, python elsewhere; LANES_PYTHON alone when set', () => {
    expect(pythonCandidates('win32', {})).toEqual([
      { command: 'py', args: ['-3'] },
      { command: 'python3', args: [] },
      { command: 'python', args: [] },
    ]);
    for (const platform of ['linux', 'darwin', 'freebsd']) {
      expect(pythonCandidates(platform, {}).map((c) => c.command)).toEqual(['python3', 'python']);
    }
    expect(pythonCandidates('win32', { LANES_PYTHON: 'C:\\Python313\\python.exe' })).toEqual([
      { command: 'C:\\Python313\\python.exe', args: [] },
    ]);
  });
});

describe('discovery', () => {
  it('on Windows: the launcher wins, resolved to the interpreter it runs (CRLF output)', () => {
    const system = fakeSystem({
      'py -3': '3.13.1\r\nC:\\Python313\\python.exe\r\n',
      python: '3.12.0\r\nC:\\Other\\python.exe\r\n',
    });
    expect(discoverPython('win32', {}, system.run)).toEqual({
      command: 'C:\\Python313\\python.exe',
      version: '3.13.1',
      usable: true,
    });
    expect(system.asked).toEqual(['py -3']);
  });

  it("on Windows without the launcher: skips the Store's python3 alias (exit 9009), takes python", () => {
    const system = fakeSystem({ python3: 'fails', python: '3.11.9\r\nC:\\Python311\\python.exe\r\n' });
    expect(discoverPython('win32', {}, system.run)).toEqual({ command: 'python', version: '3.11.9', usable: true });
    expect(system.asked).toEqual(['py -3', 'python3', 'python']);
  });

  it('on macOS: a too-old python3 does not stop the search; it is reported if nothing better is found', () => {
    const old = fakeSystem({ python3: '3.7.9\n/usr/bin/python3\n', python: '2.7.18\n/usr/bin/python\n' });
    expect(discoverPython('darwin', {}, old.run)).toEqual({ command: 'python3', version: '3.7.9', usable: false });
    const better = fakeSystem({ python3: '3.7.9\n/usr/bin/python3\n', python: '3.12.4\n/opt/homebrew/bin/python\n' });
    expect(discoverPython('darwin', {}, better.run)).toEqual({ command: 'python', version: '3.12.4', usable: true });
  });

  it('finds nothing where nothing answers, and says what to install on each system', () => {
    expect(discoverPython('linux', {}, fakeSystem({}).run)).toEqual({
      command: 'python3',
      version: null,
      usable: false,
    });
    expect(missingPythonNote('linux')).toContain('Real-Python runs need python3');
    expect(missingPythonNote('linux')).toContain('apt-get install python3');
    expect(missingPythonNote('darwin')).toContain('brew install python');
    expect(missingPythonNote('win32')).toContain('python.org (which adds the py launcher)');
  });

  it('takes the same steps without blocking: the same probes, the same answers', async () => {
    const systems: [string, Record<string, string | 'missing' | 'fails'>][] = [
      ['win32', { 'py -3': '3.13.1\r\nC:\\Python313\\python.exe\r\n' }],
      ['win32', { python3: 'fails', python: '3.11.9\r\nC:\\Python311\\python.exe\r\n' }],
      ['darwin', { python3: '3.7.9\n/usr/bin/python3\n' }],
      ['linux', {}],
    ];
    for (const [platform, answers] of systems) {
      const blocking = fakeSystem(answers);
      const later = fakeSystem(answers);
      const expected = discoverPython(platform, {}, blocking.run);
      expect(await discoverPythonLater(platform, {}, async (command, args) => later.run(command, args))).toEqual(
        expected,
      );
      expect(later.asked).toEqual(blocking.asked);
    }
  });

  it('reads only a version line and a path from the probe', () => {
    expect(parseProbe('3.11.7\n/usr/bin/python3\n')).toEqual({ version: '3.11.7', executable: '/usr/bin/python3' });
    for (const bad of [
      null,
      '',
      'Python was not found; run without arguments to install from the Microsoft Store',
      '3.11.7\n',
    ]) {
      expect(parseProbe(bad)).toBeNull();
    }
  });
});

describe('this machine', () => {
  it('probes ahead without blocking the event loop, and findPython then answers at once', async () => {
    // A python3 that takes 400 ms to answer, as one may on a busy machine.
    const dir = mkdtempSync(join(tmpdir(), 'lanes-slow-python-'));
    const slow = join(dir, 'python3');
    writeFileSync(slow, '#!/bin/sh\nsleep 0.4\nexec python3 "$@"\n');
    chmodSync(slow, 0o755);
    try {
      const env = { ...process.env, LANES_PYTHON: slow };
      let ticks = 0;
      const timer = setInterval(() => ticks++, 20);
      const prepared = await preparePython(env, 'linux');
      clearInterval(timer);
      // The loop turned all along: a blocking probe would have held it for the whole 400 ms.
      expect(ticks).toBeGreaterThanOrEqual(8);
      const started = performance.now();
      expect(findPython(env, 'linux')).toBe(prepared);
      expect(performance.now() - started).toBeLessThan(50);
      expect(prepared.command).toBe(slow);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("finds the real python3 the same way (or reports its absence in Linux's words)", () => {
    const found = findPython({ ...process.env, LANES_PYTHON: '' }, 'linux');
    if (found.available) expect(found.version).toMatch(/^3\.\d+\.\d+$/);
    else expect(found.note).toContain('apt-get install python3');
    expect(findPython({ LANES_PYTHON: '/nonexistent/python3' }, 'win32')).toMatchObject({
      available: false,
      command: '/nonexistent/python3',
      note: expect.stringContaining('py launcher'),
    });
  });
});
