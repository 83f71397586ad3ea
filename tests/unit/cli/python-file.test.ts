// `lanes run --python-file PATH`: a learner's own program run as `python3 PATH` would run it,
// byte for byte on stdout, and the file's problems refused with a clear message. Running needs
// python3 (those tests are skipped, saying so, where it is missing).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPython } from '../../../src/node/python/python-env';

const CLI = 'out/node/lanes.mjs';
const python = findPython();
const dir = mkdtempSync(join(tmpdir(), 'lanes-cli-python-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lanes(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Threads and a process printing in a fixed order: UTF-8, a tab, a partial last line. */
const PROGRAM = `import multiprocessing, threading, time

def work(n):
    time.sleep(0.1 * n)
    print(f"thread {n}:\\tgrüße ✓")

def child():
    print("from a process", 42, sep=" | ")

if __name__ == "__main__":
    threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    p = multiprocessing.Process(target=child)
    p.start()
    p.join()
    print("no newline at the end", end="")
`;

describe.skipIf(!python.available)(`lanes run --python-file (${python.version ?? 'python3 not found'})`, () => {
  it('prints exactly what python3 PATH prints', () => {
    const path = file('threads.py', PROGRAM);
    const direct = spawnSync(python.command, [path], { encoding: 'utf8' });
    expect(direct.status).toBe(0);
    const traced = lanes('run', '--python-file', path, '--tasks', '2');
    expect(traced.status).toBe(0);
    expect(traced.stdout).toBe(direct.stdout);
    expect(traced.stderr).toContain('The program started more than 2 threads or processes; lanes show the first 2.');
    expect(traced.stderr).toMatch(/threads\.py \(2 lanes\): done in/);
  });

  it('exits 1 and says where a program failed; the traceback passes through as python3 prints it', () => {
    const path = file('broken.py', 'print("ok")\n\nundefined_name\n');
    const result = lanes('run', '--python-file', path);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('ok\n');
    expect(result.stderr).toContain("NameError: name 'undefined_name' is not defined");
    expect(result.stderr).toContain(
      "lanes: the program failed: NameError: name 'undefined_name' is not defined (line 3 of program.py)",
    );
  });
});

describe.skipIf(!python.available)(
  `lanes run --python-file exits as python3 PATH (${python.version ?? 'no python3'})`,
  () => {
    it.each([
      ['sys.exit(3)', 'import sys\nprint("bye")\nsys.exit(3)\n'],
      [
        'a thread that raises (Python carries on and exits 0)',
        'import threading\nthreading.Thread(target=lambda: 1 / 0).start()\n',
      ],
      ['sys.exit with a message', 'import sys\nsys.exit("no input given")\n'],
      [
        'killed by its own signal (128 + 9)',
        'import os, signal\nprint("going", flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n',
      ],
    ])('%s', (_, source) => {
      const path = file('status.py', source);
      const direct = spawnSync(python.command, [path], { encoding: 'utf8' });
      // A shell's status: the code, or 128 + the signal's number.
      const shell = direct.signal ? 128 + constants.signals[direct.signal] : direct.status;
      const traced = lanes('run', '--python-file', path);
      expect(traced.status).toBe(shell);
      expect(traced.stdout).toBe(direct.stdout);
    });
  },
);

describe('lanes run --python-file refuses', () => {
  it.each([
    [['--python-file', join(dir, 'missing.py')], `--python-file ${join(dir, 'missing.py')}: no such file.`],
    [['--python-file', dir], `--python-file ${dir} is a folder, not a Python file.`],
    [
      ['--python-file', file('big.py', `#${'x'.repeat(65_536)}`)],
      `--python-file ${join(dir, 'big.py')} is too big: 65537 bytes, at most 65536 (64 KiB).`,
    ],
    [
      ['--python-file', file('latin1.py', Buffer.from('print("gr\xfc\xdfe")\n', 'latin1'))],
      `--python-file ${join(dir, 'latin1.py')} is not UTF-8 text; save it as UTF-8 and try again.`,
    ],
    [
      ['--python-file', file('empty.py', '\n\n')],
      `--python-file ${join(dir, 'empty.py')} is empty: there is no program to run.`,
    ],
    [
      ['--python-file', file('ok.py', 'print(1)\n'), '--workload', 'cpu'],
      '--python-file cannot go with --workload: the program decides what it runs.',
    ],
    [
      ['--python-file', file('ok.py', 'print(1)\n'), '--tasks', '65'],
      'Tasks must be a whole number from 1 to 64 (got 65).',
    ],
  ])('%j', (args, message) => {
    const result = lanes('run', ...args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(`lanes: ${message}`);
  });

  it('is in the usage text', () => {
    const usage = lanes('--help').stdout;
    expect(usage).toContain('lanes run --python-file PATH [--tasks N]');
    expect(usage).toContain("exits with the program's own exit status");
  });
});
