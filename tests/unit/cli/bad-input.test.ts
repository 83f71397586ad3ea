// Every `lanes` flag and `lanes web` option given a bad value, through the real built CLI: exit
// code 2, exactly one line on stderr, no stack frame, nothing on stdout, nothing written, and an
// answer within seconds (a run that had started would take 10 s; a server would never exit).
// Cases that need a user without root's rights (an unreadable file, a port below 1024) run the
// CLI as `nobody` through setpriv when the tests run as root.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = resolve('out/node/lanes.mjs');
/** A refused call answers at once; 5 s leaves room for a busy machine and is half the lesson's 10 s. */
const ANSWER_WITHIN_MS = 5_000;
const isRoot = process.getuid?.() === 0;
/** Root may listen below 1024 and read any file: those cases run as this user instead. */
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
const privilegedPortStart = (() => {
  try {
    return Number(spawnSync('cat', ['/proc/sys/net/ipv4/ip_unprivileged_port_start'], { encoding: 'utf8' }).stdout);
  } catch {
    return 1024;
  }
})();

const dir = mkdtempSync(join(tmpdir(), 'lanes-bad-input-'));
chmodSync(dir, 0o755); // `nobody` must reach the files it is meant to fail on for the right reason
const at = (name: string): string => join(dir, name);
let taken: Server;
let takenPort = 0;

beforeAll(async () => {
  writeFileSync(at('ok.py'), 'print(1)\n');
  writeFileSync(at('empty.py'), '');
  writeFileSync(at('blank.py'), '  \n\n');
  writeFileSync(at('binary.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x70]));
  writeFileSync(at('latin1.py'), Buffer.from('print("gr\xfc\xdfe")\n', 'latin1'));
  writeFileSync(at('big.py'), `#${'x'.repeat(65_536)}`);
  writeFileSync(at('secret.py'), 'print(1)\n', { mode: 0o000 });
  chmodSync(at('secret.py'), 0o000);
  writeFileSync(at('a-file'), 'not a folder');
  mkdirSync(at('locked'), { mode: 0o555 });
  chmodSync(at('locked'), 0o555);
  spawnSync('mkfifo', [at('fifo.py')]);
  taken = createServer();
  await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
  takenPort = (taken.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((done) => taken.close(done));
  rmSync(dir, { recursive: true, force: true });
});

interface Case {
  args: string[];
  /** The one line, after "lanes: ". */
  message: RegExp;
  asNobody?: boolean;
}

function lanes(args: string[], asNobody = false) {
  const command = asNobody && isRoot ? [...NOBODY, process.execPath] : [process.execPath];
  const started = Date.now();
  const result = spawnSync(command[0]!, [...command.slice(1), CLI, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, LANES_DEBUG: '' },
  });
  return { ...result, ms: Date.now() - started };
}

const RUN: [string, Case][] = [
  [
    'the issue: a trace into a folder that does not exist',
    {
      args: ['run', 'threading', '--trace', '/nonexistent-dir/x.json'],
      message: /^--trace \/nonexistent-dir\/x\.json cannot be written: the folder \/nonexistent-dir does not exist\.$/,
    },
  ],
  [
    'a trace that is a folder',
    { args: ['run', 'threading', '--trace', dir], message: /cannot be written: it is a folder\.$/ },
  ],
  [
    'a trace under a file',
    {
      args: ['run', 'threading', '--trace', at('a-file/x.json')],
      message: /cannot be written: part of the path is a file, not a folder\.$/,
    },
  ],
  [
    'a trace in a folder without write permission',
    {
      args: ['run', 'threading', '--trace', at('locked/x.json')],
      message: /cannot be written: permission denied\.$/,
      asNobody: true,
    },
  ],
  [
    'a trace that is a device',
    { args: ['run', 'threading', '--trace', '/dev/null'], message: /cannot be written: it is not a regular file\.$/ },
  ],
  ['an empty trace name', { args: ['run', 'threading', '--trace='], message: /^--trace needs a file name\.$/ }],
  ['--trace without a value', { args: ['run', 'threading', '--trace'], message: /^--trace needs a value/ }],
  [
    'a trace over the program',
    {
      args: ['run', '--python-file', at('ok.py'), '--trace', at('ok.py')],
      message: /would overwrite the program given to --python-file\.$/,
    },
  ],
  ['--tasks 0', { args: ['run', '--tasks', '0'], message: /^Tasks must be a whole number from 1 to 64 \(got 0\)\.$/ }],
  [
    '--tasks 65',
    { args: ['run', '--tasks', '65'], message: /^Tasks must be a whole number from 1 to 64 \(got 65\)\.$/ },
  ],
  [
    '--tasks huge',
    { args: ['run', '--tasks', '99999999999999999999999'], message: /^Tasks must be a whole number from 1 to 64/ },
  ],
  ['--tasks lots', { args: ['run', '--tasks', 'lots'], message: /^--tasks must be a whole number \(got "lots"\)\.$/ }],
  ['--tasks 1.5', { args: ['run', '--tasks', '1.5'], message: /^--tasks must be a whole number \(got "1\.5"\)\.$/ }],
  ['--tasks -1', { args: ['run', '--tasks', '-1'], message: /^--tasks needs a value/ }],
  ['--tasks=-1', { args: ['run', '--tasks=-1'], message: /^--tasks must be a whole number \(got "-1"\)\.$/ }],
  ['--tasks empty', { args: ['run', '--tasks='], message: /^--tasks must be a whole number \(got ""\)\.$/ }],
  ['--steps 0', { args: ['run', '--steps', '0'], message: /^Steps must be a whole number from 1 to 100/ }],
  ['--steps 101', { args: ['run', '--steps', '101'], message: /^Steps must be a whole number from 1 to 100/ }],
  ['--steps x', { args: ['run', '--steps', 'x'], message: /^--steps must be a whole number/ }],
  [
    '--step-ms 0',
    { args: ['run', '--step-ms', '0'], message: /^Step length \(ms\) must be a whole number from 1 to 60000/ },
  ],
  [
    '--step-ms 60001',
    { args: ['run', '--step-ms', '60001'], message: /^Step length \(ms\) must be a whole number from 1 to 60000/ },
  ],
  ['--workload nope', { args: ['run', '--workload', 'nope'], message: /^Unknown workload "nope"; workloads are: / }],
  [
    '--executor fibers',
    { args: ['run', '--executor', 'fibers'], message: /^Unknown executor "fibers"; executors are: / },
  ],
  ['amdahl on processes', { args: ['run', '--workload', 'amdahl', '--executor', 'processes'], message: /amdahl/i }],
  [
    '--fail bogus',
    {
      args: ['run', '--fail', 'bogus'],
      message: /^--fail must look like throw:TASK\[:STEP\] or exit:TASK\[:STEP\] \(got "bogus"\)\.$/,
    },
  ],
  ['--fail beyond the tasks', { args: ['run', '--tasks', '2', '--fail', 'throw:9'], message: /9/ }],
  [
    '--python=yes',
    { args: ['run', 'threading', '--python=yes'], message: /^--python takes no value\. See `lanes --help`\.$/ },
  ],
  ['an unknown lesson', { args: ['run', 'nope'], message: /^Unknown lesson "nope"; lessons are: threading, / }],
  [
    'two lessons',
    { args: ['run', 'threading', 'gil'], message: /^run takes at most one lesson \(got threading gil\)\.$/ },
  ],
  ['an unknown flag', { args: ['run', '--bogus'], message: /^Unknown option '--bogus'\. See `lanes --help`\.$/ }],
  [
    '--python-file missing',
    { args: ['run', '--python-file', at('missing.py')], message: /^--python-file .*missing\.py: no such file\.$/ },
  ],
  ['--python-file a folder', { args: ['run', '--python-file', dir], message: /is a folder, not a Python file\.$/ }],
  [
    '--python-file empty (0 bytes)',
    { args: ['run', '--python-file', at('empty.py')], message: /is empty: there is no program to run\.$/ },
  ],
  [
    '--python-file only blank lines',
    { args: ['run', '--python-file', at('blank.py')], message: /is empty: there is no program to run\.$/ },
  ],
  [
    '--python-file binary',
    { args: ['run', '--python-file', at('binary.py')], message: /is a binary file, not Python source\.$/ },
  ],
  [
    '--python-file not UTF-8',
    {
      args: ['run', '--python-file', at('latin1.py')],
      message: /is not UTF-8 text; save it as UTF-8 and try again\.$/,
    },
  ],
  [
    '--python-file too big',
    { args: ['run', '--python-file', at('big.py')], message: /is too big: 65537 bytes, at most 65536 \(64 KiB\)\.$/ },
  ],
  [
    '--python-file a device',
    { args: ['run', '--python-file', '/dev/zero'], message: /^--python-file \/dev\/zero is not a regular file\.$/ },
  ],
  ['--python-file a FIFO', { args: ['run', '--python-file', at('fifo.py')], message: /is not a regular file\.$/ }],
  [
    '--python-file unreadable',
    {
      args: ['run', '--python-file', at('secret.py')],
      message: /secret\.py cannot be read: permission denied\.$/,
      asNobody: true,
    },
  ],
  [
    '--python-file empty name',
    { args: ['run', '--python-file='], message: /^--python-file needs the path of a Python file\.$/ },
  ],
  [
    '--python-file with --workload',
    {
      args: ['run', '--python-file', at('ok.py'), '--workload', 'cpu'],
      message: /^--python-file cannot go with --workload/,
    },
  ],
];

const WEB: [string, Case][] = [
  ['--port 65536', { args: ['web', '--port', '65536'], message: /^--port must be from 0 to 65535 \(got 65536\)\.$/ }],
  ['--port huge', { args: ['web', '--port', '99999999999999999999'], message: /^--port must be from 0 to 65535/ }],
  ['--port abc', { args: ['web', '--port', 'abc'], message: /^--port must be a whole number \(got "abc"\)\.$/ }],
  ['--port 1.5', { args: ['web', '--port', '1.5'], message: /^--port must be a whole number/ }],
  ['--port=-1', { args: ['web', '--port=-1'], message: /^--port must be a whole number \(got "-1"\)\.$/ }],
  ['--port -1', { args: ['web', '--port', '-1'], message: /^--port needs a value/ }],
  ['--port empty', { args: ['web', '--port='], message: /^--port must be a whole number \(got ""\)\.$/ }],
  ['--port without a value', { args: ['web', '--port'], message: /^--port needs a value/ }],
  [
    'a port that is taken',
    { args: ['web', '--port', 'TAKEN'], message: /^port \d+ is already in use; choose another with --port N\.$/ },
  ],
  [
    '--host with a space',
    { args: ['web', '--host', 'a b'], message: /^--host must be a host name or IP address \(got "a b"\)\.$/ },
  ],
  ['--host empty', { args: ['web', '--host='], message: /^--host must be a host name or IP address \(got ""\)\.$/ }],
  [
    '--host a URL',
    { args: ['web', '--host', 'http://127.0.0.1'], message: /^--host must be a host name or IP address/ },
  ],
  [
    '--host too long a label',
    { args: ['web', '--host', `${'a'.repeat(64)}.example`], message: /^--host must be a host name or IP address/ },
  ],
  // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine. Binding is local: no packet leaves.
  [
    '--host not of this machine',
    {
      args: ['web', '--host', '192.0.2.1', '--port', '0'],
      message: /^cannot listen on 192\.0\.2\.1: it is not an address of this machine\.$/,
    },
  ],
  ['--open=yes', { args: ['web', '--open=yes'], message: /^--open takes no value\./ }],
  ['--no-token=1', { args: ['web', '--no-token=1'], message: /^--no-token takes no value\./ }],
  ['an argument', { args: ['web', 'extra'], message: /^web takes no arguments \(got extra\)\.$/ }],
  ['an unknown flag', { args: ['web', '--bogus'], message: /^Unknown option '--bogus'\. See `lanes --help`\.$/ }],
  ['--share=yes', { args: ['web', '--share=yes'], message: /^--share takes no value\./ }],
  [
    '--presenter without --share',
    { args: ['web', '--presenter', 'Ada'], message: /^--presenter goes with --share\.$/ },
  ],
  [
    '--share with --host',
    {
      args: ['web', '--share', '--host', '0.0.0.0'],
      message: /^--share listens on every interface itself, presenter on this machine only; leave out --host\.$/,
    },
  ],
  [
    '--share with --no-token',
    { args: ['web', '--share', '--no-token'], message: /^--share needs its keys: it cannot go with --no-token\.$/ },
  ],
  [
    '--presenter empty',
    { args: ['web', '--share', '--presenter='], message: /^--presenter must be a name of 1 to 40 characters/ },
  ],
  [
    '--presenter with markup',
    {
      args: ['web', '--share', '--presenter', '<b>Ada</b>'],
      message: /^--presenter must be a name .* \(got "<b>Ada<\/b>"\)\.$/,
    },
  ],
  [
    '--presenter with a control character',
    { args: ['web', '--share', '--presenter', 'Ada\u001b[31m'], message: /^--presenter must be a name of 1 to 40/ },
  ],
  [
    '--presenter too long',
    { args: ['web', '--share', '--presenter', 'A'.repeat(41)], message: /^--presenter must be a name of 1 to 40/ },
  ],
];

const OTHER: [string, Case][] = [
  ['an unknown command', { args: ['frobnicate'], message: /^Unknown command "frobnicate"\. See `lanes --help`\.$/ }],
  ['lessons with an argument', { args: ['lessons', 'extra'], message: /^lessons takes no arguments\.$/ }],
  ['lessons with an unknown flag', { args: ['lessons', '--bogus'], message: /^Unknown option '--bogus'\./ }],
];

function expectRefused(c: Case): void {
  const args = c.args.map((arg) => (arg === 'TAKEN' ? String(takenPort) : arg));
  const before = readdirSync(dir).sort();
  const result = lanes(args, c.asNobody);
  expect(result.error).toBeUndefined();
  expect(result.status, result.stderr).toBe(2);
  const lines = result.stderr.split('\n');
  expect(lines, result.stderr).toHaveLength(2); // one line and its newline
  expect(lines[1]).toBe('');
  expect(lines[0]!.slice('lanes: '.length)).toMatch(c.message);
  expect(lines[0]!.startsWith('lanes: ')).toBe(true);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).toBe('');
  expect(result.ms).toBeLessThan(ANSWER_WITHIN_MS);
  // Nothing written: no trace, no probe left behind.
  expect(readdirSync(dir).sort()).toEqual(before);
  expect(existsSync('/nonexistent-dir')).toBe(false);
}

describe('lanes refuses bad input at once, in one line, exit 2', () => {
  describe('lanes run', () => {
    it.each(RUN)('%s', (_name, c) => expectRefused(c));
  });
  describe('lanes web', () => {
    it.each(WEB)('%s', (_name, c) => expectRefused(c));
    it.skipIf(privilegedPortStart <= 80)(
      `a port below 1024 as an ordinary user (not run where ports from ${privilegedPortStart} are open to all)`,
      () => {
        expectRefused({
          args: ['web', '--port', '80'],
          message: /^not allowed to listen on port 80 \(ports below 1024 need root\); choose another with --port N\.$/,
          asNobody: true,
        });
      },
    );
  });
  describe('lanes and lanes lessons', () => {
    it.each(OTHER)('%s', (_name, c) => expectRefused(c));
  });
});

describe('an unexpected error', () => {
  /** Makes os.availableParallelism throw inside the real CLI, as a bug there would. */
  const BREAK =
    'data:text/javascript,import os from "node:os"; import { syncBuiltinESMExports } from "node:module";' +
    'os.availableParallelism = () => { throw new Error("simulated bug\\nsecond line"); }; syncBuiltinESMExports();';
  /** Throws once the command is done and the loop empties: outside any promise of the CLI's. */
  const LATE = 'data:text/javascript,process.once("beforeExit", () => { throw new TypeError("late failure"); });';

  function broken(importUrl: string, args: string[], debug: string) {
    return spawnSync(process.execPath, ['--import', importUrl, CLI, ...args], {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, LANES_DEBUG: debug },
    });
  }

  it('is one line, exit 1, no stack frame', () => {
    const result = broken(BREAK, ['run', 'threading'], '');
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('lanes: unexpected error: simulated bug (set LANES_DEBUG=1 to see where)\n');
    expect(result.stdout).toBe('');
  });

  it('thrown outside the command (an event listener) is one line too', () => {
    const result = broken(LATE, ['lessons'], '');
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'lanes: unexpected error: late failure (set LANES_DEBUG=1 to see where)',
    ]);
  });

  it('shows its stack only when LANES_DEBUG is set', () => {
    const result = broken(BREAK, ['run', 'threading'], '1');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^lanes: unexpected error: simulated bug/);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
