// `lanes open FILE` as a user runs it, through the real built CLI and bin/lanes.mjs: a file that
// cannot be opened gets one line and exit code 2 before anything starts; `--check` says what a
// trace holds; `--web` serves the browser version with the trace handed once to the page
// (launchTrace over the locked WebSocket); the desktop path hands Electron the checked file (a
// stand-in Electron notes its arguments), and without Electron falls back to the browser version.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WsServerMessage } from '../../../src/core/contract';
import { readTrace } from '../../../src/core/trace-read';
import { login } from '../server/login';

const CLI = resolve('out/node/lanes.mjs');
const BIN = resolve('bin/lanes.mjs');
const isRoot = process.getuid?.() === 0;
/** Root reads any file: the unreadable case runs as this user instead (as bad-input.test.ts does). */
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

const dir = mkdtempSync(join(tmpdir(), 'lanes-open-'));
chmodSync(dir, 0o755);
const at = (name: string): string => join(dir, name);

beforeAll(() => {
  // A real run of the real engine, saved as `lanes run --trace` saves it.
  const run = spawnSync(
    process.execPath,
    [
      CLI,
      'run',
      '--workload',
      'mixed',
      '--executor',
      'processes',
      '--tasks',
      '2',
      '--steps',
      '2',
      '--step-ms',
      '40',
      '--trace',
      at('run.json'),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  expect(run.status).toBe(0);
  writeFileSync(
    at('foreign.json'),
    JSON.stringify([{ ph: 'X', pid: 3, tid: 4, ts: 10, dur: 1_500_000, name: 'work' }]),
  );
  writeFileSync(at('notes.json'), 'Remember the milk\n');
  writeFileSync(at('package.json'), '{"name":"lanes"}');
  writeFileSync(at('cut.json'), readFileSync(at('run.json'), 'utf8').slice(0, 300));
  writeFileSync(at('secret.json'), readFileSync(at('run.json')), { mode: 0o000 });
  chmodSync(at('secret.json'), 0o000);
  // Sparse: 200 MB and a byte, without writing them.
  writeFileSync(at('huge.json'), '');
  spawnSync('truncate', ['-s', '200000001', at('huge.json')]);
  spawnSync('mkfifo', [at('fifo.json')]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lanes(args: string[], options: { asNobody?: boolean; command?: string; env?: NodeJS.ProcessEnv } = {}) {
  const prefix = options.asNobody && isRoot ? NOBODY : [];
  const argv = [...prefix, process.execPath, options.command ?? CLI, ...args];
  return spawnSync(argv[0]!, argv.slice(1), {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LANES_DEBUG: '', ...options.env },
  });
}

describe('lanes open: a file that cannot be opened gets one line and exit code 2', () => {
  it.each([
    ['no such file', ['open', 'missing.json'], /^missing\.json: no such file\.$/],
    ['a folder', ['open', '.'], /^\. is a folder, not a trace\.$/],
    ['a device', ['open', '/dev/zero'], /^\/dev\/zero is not a regular file\.$/],
    ['a pipe (it would never end)', ['open', 'fifo.json'], /^fifo\.json is not a regular file\.$/],
    ['over 200 MB', ['open', 'huge.json'], /^huge\.json: the file is 201 MB; Lanes opens traces up to 200 MB\.$/],
    ['not JSON', ['open', 'notes.json'], /^notes\.json: the file is not JSON, so it is not a trace\./],
    ['JSON but not a trace', ['open', 'package.json'], /^package\.json: the file is JSON, but not a trace/],
    [
      'cut short',
      ['open', 'cut.json'],
      /^cut\.json: the file is cut short: it ends in the middle of its events, after \d+ whole events\./,
    ],
    ['no file named', ['open'], /^open needs the trace file first: lanes open FILE/],
    ['--check with web options', ['open', 'run.json', '--check', '--port', '1'], /^--check takes no other options/],
    ['a bad web option', ['open', 'run.json', '--web', '--port', 'x'], /^--port must be a whole number/],
  ])('%s', (_name, args, message) => {
    const result = lanes(args);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/^lanes: /, '')).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it.skipIf(isRoot && spawnSync('setpriv', ['--version']).status !== 0)('unreadable', () => {
    const result = lanes(['open', 'secret.json'], { asNobody: true });
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('lanes: secret.json cannot be read: permission denied.\n');
  });
});

describe('lanes open --check', () => {
  it('says what a Lanes trace holds', () => {
    const result = lanes(['open', 'run.json', '--check']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^run\.json: a Lanes trace saved by Lanes [\d.]+: 2 × mixed on processes, 2 lanes, \d+\.\d\d s, done\.\n$/,
    );
  });

  it('says what a trace from another tool lacks', () => {
    const result = lanes(['open', 'foreign.json', '--check']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^foreign\.json: a trace from another tool: 1 lane, 1\.50 s\. What it does not say:\n {2}- /,
    );
    expect(result.stdout).toContain('  - CPU samples: the meters and core lanes stay empty.\n');
  });
});

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts a command that serves the browser version and waits for the line with its address. */
function serve(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, argv, {
    cwd: dir,
    stdio: 'pipe',
    env: { ...process.env, CI: 'true', ...env },
    // Its own process group, so a failing test can end what it started too.
    detached: true,
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^Lanes is serving at (http:\/\/\S+) \(Ctrl-C to stop\)$/m.exec(out);
      if (match) done({ child, url: match[1]!, stdout: () => out, stderr: () => err, exited });
    });
    void exited.then(() => fail(new Error(`exited before serving: ${out}${err}`)));
  });
}

function endGroup(served: Served): void {
  try {
    process.kill(-served.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Logs in as a browser would and makes calls over the WebSocket. */
async function connect(
  url: string,
): Promise<{ call(command: string, payload?: unknown): Promise<unknown>; close(): void }> {
  const cookie = await login(url);
  const origin = new URL(url).origin;
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws`, { origin, headers: { cookie } });
  await new Promise((done, fail) => {
    socket.once('open', done);
    socket.once('error', fail);
  });
  let next = 1;
  return {
    call(command, payload = null) {
      const id = next++;
      socket.send(JSON.stringify({ kind: 'call', id, command, payload }));
      return new Promise((done) => {
        const listener = (data: WebSocket.RawData): void => {
          const message = JSON.parse(data.toString()) as WsServerMessage;
          if (message.kind === 'reply' && message.id === id) {
            socket.off('message', listener);
            done(message.result);
          }
        };
        socket.on('message', listener);
      });
    },
    close: () => socket.close(),
  };
}

describe('lanes open FILE --web', () => {
  it('serves the browser version; the first page to ask gets the trace, once, and can replay it', async () => {
    const served = await serve([CLI, 'open', 'run.json', '--web', '--port', '0']);
    try {
      // Said just after the address, on the other stream.
      const deadline = Date.now() + 5_000;
      while (!served.stderr().endsWith('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(served.stderr()).toMatch(/^lanes: serving run\.json: a Lanes trace saved by Lanes [^\n]*\n$/);
      const page = await connect(served.url);
      const first = (await page.call('launchTrace')) as { ok: true; value: { name: string; text: string } };
      expect(first.ok).toBe(true);
      expect(first.value.name).toBe('run.json');
      expect(first.value.text).toBe(readFileSync(at('run.json'), 'utf8'));
      const trace = readTrace(first.value.text);
      expect(trace.ok && trace.value.source).toBe('lanes');
      expect(await page.call('launchTrace')).toEqual({ ok: true, value: null });
      expect(await page.call('launchTrace', { path: '/etc/passwd' })).toEqual({
        ok: false,
        error: 'launchTrace takes no parameters.',
      });
      page.close();
      served.child.kill('SIGINT');
      expect(await served.exited).toBe(0);
    } finally {
      endGroup(served);
    }
  });

  it('plain `lanes web` has no trace to hand out', async () => {
    const served = await serve([CLI, 'web', '--port', '0']);
    try {
      const page = await connect(served.url);
      expect(await page.call('launchTrace')).toEqual({ ok: true, value: null });
      page.close();
    } finally {
      endGroup(served);
    }
  });
});

describe('lanes open FILE and lanes FILE.json: the desktop app', () => {
  // A stand-in Electron that notes its arguments, one a line, and exits.
  const fakeDist = mkdtempSync(join(tmpdir(), 'lanes-fake-electron-'));
  const noted = join(fakeDist, 'argv');
  writeFileSync(join(fakeDist, 'electron'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${noted}"\n`, { mode: 0o755 });
  afterAll(() => rmSync(fakeDist, { recursive: true, force: true }));
  const withFake = { ELECTRON_OVERRIDE_DIST_PATH: fakeDist, LANES_SKIP_BUILD: '1' };

  it.each([
    ['lanes open run.json', ['open', 'run.json']],
    ['lanes run.json', ['run.json']],
  ])('%s: checks the file, then starts the desktop app with it', (_name, args) => {
    rmSync(noted, { force: true });
    const result = lanes(args, { command: BIN, env: withFake });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^run\.json: a Lanes trace saved by Lanes/);
    expect(readFileSync(noted, 'utf8').split('\n')).toEqual([`${resolve('.')}/`, `--open-trace=${at('run.json')}`, '']);
  });

  it('a file that cannot be opened: one line, exit code 2, and no desktop app', () => {
    rmSync(noted, { force: true });
    const result = lanes(['notes.json'], { command: BIN, env: withFake });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^lanes: notes\.json: the file is not JSON, so it is not a trace\.[^\n]*\n$/);
    expect(existsSync(noted)).toBe(false);
  });

  /** Whether this machine really has the binary (then the fallback cannot be exercised). */
  const binaryInstalled = existsSync(resolve('node_modules/electron/path.txt'));
  const cache = mkdtempSync(join(tmpdir(), 'lanes-electron-cache-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it.skipIf(binaryInstalled || !existsSync(resolve('out/renderer/index.html')))(
    'without Electron: the browser version, serving the trace (needs the built app: npm run build:app)',
    async () => {
      // The download of Electron's binary fails at once, offline (as tests/unit/scripts/start.test.ts does).
      const env: NodeJS.ProcessEnv = {
        LANES_SKIP_BUILD: '1',
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: cache,
      };
      for (const key of Object.keys(process.env))
        if (/^ELECTRON_OVERRIDE|^npm_config_electron_/i.test(key)) env[key] = '';
      const served = await serve([BIN, 'open', 'run.json'], env);
      try {
        expect(served.stdout()).toMatch(/^run\.json: a Lanes trace saved by Lanes/);
        expect(served.stderr()).toMatch(/^Lanes could not start its desktop window/);
        const page = await connect(served.url);
        const first = (await page.call('launchTrace')) as { ok: true; value: { name: string; text: string } };
        expect(first.value.name).toBe('run.json');
        expect(first.value.text).toBe(readFileSync(at('run.json'), 'utf8'));
        page.close();
        served.child.kill('SIGINT');
        expect(await served.exited).toBe(0);
      } finally {
        endGroup(served);
      }
    },
  );
});
