// The `lanes` command as a user runs it: real processes, real stdout, real trace files.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineEvent, WsServerMessage } from '../../../src/core/contract';

const CLI = 'out/node/lanes.mjs';

function lanes(...args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
}

const ONE_TO_TEN = Array.from({ length: 10 }, (_, i) => String(i + 1)).join('\n');

describe('lanes run', () => {
  it('threading prints exactly what the Python lesson prints', () => {
    const result = lanes('run', 'threading', '--step-ms', '10');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${ONE_TO_TEN}\nThread execution complete!\n`);
  });

  it('multiprocessing prints exactly what the Python lesson prints', () => {
    const result = lanes('run', 'multiprocessing', '--step-ms', '10');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${ONE_TO_TEN}\nProcess execution complete!\n`);
  });

  it('writes a Chrome trace with the layout docs/architecture.md fixes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lanes-trace-')), 'run.json');
    const result = lanes(
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
      '50',
      '--trace',
      file,
    );
    expect(result.status).toBe(0);
    const trace = JSON.parse(readFileSync(file, 'utf8'));
    expect(trace.metadata).toMatchObject({ workload: 'mixed', executor: 'processes', tasks: 2, steps: 2 });
    expect(trace.metadata.wallMs).toBeGreaterThan(200);
    const names = (ph: string) => trace.traceEvents.filter((e: { ph: string }) => e.ph === ph);
    const processNames = names('M').filter((e: { name: string }) => e.name === 'process_name');
    expect(processNames).toHaveLength(3); // the engine and one per task process
    const threadNames = names('M')
      .filter((e: { name: string }) => e.name === 'thread_name')
      .map((e: { args: { name: string } }) => e.args.name);
    expect(threadNames).toEqual(expect.arrayContaining(['main', 'task 1', 'task 2']));
    const slices = names('X').map((e: { name: string }) => e.name);
    expect(slices).toEqual(expect.arrayContaining(['run', 'sleep', 'ready']));
    const printTexts = names('i')
      .filter((e: { name: string }) => e.name === 'print')
      .map((e: { args: { text: string } }) => e.args.text);
    expect(printTexts.sort()).toEqual([
      'task 1: step 1/2 done',
      'task 1: step 2/2 done',
      'task 2: step 1/2 done',
      'task 2: step 2/2 done',
    ]);
    const sleep = names('X').find((e: { name: string }) => e.name === 'sleep');
    expect(sleep.dur).toBeGreaterThanOrEqual(45_000);
    expect(sleep.dur).toBeLessThan(500_000);
  });

  it('exits 1 and says which task failed when one fails', () => {
    const result = lanes(
      'run',
      '--workload',
      'io',
      '--executor',
      'threads',
      '--tasks',
      '2',
      '--steps',
      '1',
      '--step-ms',
      '10',
      '--fail',
      'throw:2',
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('task 2 failed: task 2 raised an error at step 1 (injected fault)');
  });
  // Bad arguments: every flag's bad values are in bad-input.test.ts.
});

describe('lanes lessons', () => {
  it('lists the lesson ids, one per line', () => {
    const result = lanes('lessons');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual(expect.arrayContaining(['threading', 'multiprocessing']));
  });
});

/** A running `lanes web`: its printed URL, its output so far, and how it ended. */
interface Web {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts the real `lanes web` and waits for the line with its address. */
function startWeb(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Web> {
  const child = spawn(process.execPath, [CLI, 'web', ...args], { stdio: 'pipe', env });
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^Lanes is serving at (http:\/\/\S+) \(Ctrl-C to stop\)$/m.exec(out);
      if (match) resolve({ child, url: match[1]!, stdout: () => out, stderr: () => err, exited });
    });
    void exited.then(() => reject(new Error(`lanes web exited: ${out}${err}`)));
  });
}

describe('lanes web', () => {
  it('prints an address with a fresh secret; Ctrl-C stops it cleanly (exit 0)', async () => {
    const web = await startWeb(['--port', '0']);
    try {
      expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
      const origin = new URL(web.url).origin;
      expect((await fetch(origin)).status).toBe(403);
      expect((await fetch(web.url, { redirect: 'manual' })).headers.get('set-cookie')).toMatch(
        /HttpOnly; SameSite=Strict/,
      );
      const again = await startWeb(['--port', '0']);
      again.child.kill('SIGINT');
      expect(new URL(again.url).searchParams.get('token')).not.toBe(new URL(web.url).searchParams.get('token'));
      await again.exited;
      web.child.kill('SIGINT');
      expect(await web.exited).toBe(0);
      expect(web.stderr()).toBe('lanes: stopping…\n');
    } finally {
      web.child.kill('SIGKILL');
    }
  });

  it('--no-token serves without a secret and says, on stderr, that it is unsafe', async () => {
    const web = await startWeb(['--port', '0', '--no-token']);
    try {
      expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(web.url)).status).toBe(200);
      expect(web.stderr()).toContain(
        'lanes: warning: --no-token: anyone who can reach this port can run programs as you',
      );
    } finally {
      web.child.kill('SIGKILL');
    }
  });

  it('without --port, moves off a taken default port and says so', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => {
      squatter.once('error', () => resolve()); // someone else has it already: just as good
      squatter.listen(5390, '127.0.0.1', () => resolve());
    });
    try {
      const web = await startWeb([]);
      try {
        expect(web.url).not.toContain(':5390/');
        expect(web.stderr()).toMatch(/^lanes: port 5390 is in use; serving on port \d+ instead\.$/m);
      } finally {
        web.child.kill('SIGKILL');
      }
    } finally {
      squatter.close();
    }
  });

  describe('--open', () => {
    const bin = mkdtempSync(join(tmpdir(), 'lanes-opener-'));
    const calls = join(bin, 'calls');
    // A stand-in for xdg-open that notes its argument, the file's mode and a copy of the file
    // (the copy lands last, so once it exists the notes are complete).
    writeFileSync(
      join(bin, 'xdg-open'),
      [
        '#!/bin/sh',
        'f=$(echo "$1" | sed "s|^file://||")',
        `{ echo "$1"; stat -c %a "$f"; } > "${calls}.tmp" && mv "${calls}.tmp" "${calls}"`,
        `cp "$f" "${calls}.html.tmp" && mv "${calls}.html.tmp" "${calls}.html"`,
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
      const base: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
      delete base.CI;
      delete base.DISPLAY;
      delete base.WAYLAND_DISPLAY;
      return { ...base, ...extra };
    };
    afterAll(() => rmSync(bin, { recursive: true, force: true }));

    it.skipIf(process.platform !== 'linux')(
      'opens the default browser on a private file that leads to the address; the secret is on no command line',
      async () => {
        rmSync(calls, { force: true });
        rmSync(`${calls}.html`, { force: true });
        const web = await startWeb(['--port', '0', '--open'], env({ DISPLAY: ':99' }));
        try {
          const deadline = Date.now() + 10_000;
          while (!existsSync(`${calls}.html`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
          const [argument, mode] = readFileSync(calls, 'utf8').trim().split('\n');
          expect(argument).toMatch(/^file:\/\/\/.*lanes-open-.*\/open\.html$/);
          expect(argument).not.toContain('token');
          expect(mode).toBe('600');
          expect(readFileSync(`${calls}.html`, 'utf8')).toContain(`content="0;url=${web.url}"`);
          web.child.kill('SIGINT');
          expect(await web.exited).toBe(0);
          // Gone with the server: the secret does not outlive it on disk.
          expect(existsSync(new URL(argument!).pathname)).toBe(false);
        } finally {
          web.child.kill('SIGKILL');
        }
      },
    );

    it.each([
      ['CI is set', { CI: 'true', DISPLAY: ':99' }],
      ['there is no display', {}],
    ])('never opens one when %s, and says so in one line', async (reason, extra) => {
      rmSync(calls, { force: true });
      const web = await startWeb(['--port', '0', '--open'], env(extra));
      try {
        await new Promise((r) => setTimeout(r, 300));
        expect(existsSync(calls)).toBe(false);
        expect(web.stderr()).toBe(`lanes: no browser opened (${reason}); open the address above.\n`);
      } finally {
        web.child.kill('SIGKILL');
      }
    });
  });

  it('--share prints a Viewers: line and its QR code; that address (tried on loopback) opens a view-only page', async () => {
    const web = await startWeb(['--port', '0', '--share', '--presenter', 'Ada Lovelace']);
    try {
      const deadline = Date.now() + 10_000;
      // The QR block: its quiet zone (a line of spaces), the lines of modules, the quiet zone again.
      const shown = (): RegExpExecArray | null =>
        /^Viewers: (http:\/\/\S+)\n( +\n(?:.*[█▀▄].*\n)+ +\n)/m.exec(
          web.stdout().split(/^Lanes is serving.*\n/m)[1] ?? '',
        );
      while (!shown() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const [, viewerUrl, qr] = shown() ?? [];
      expect(web.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
      const port = new URL(web.url).port;
      expect(viewerUrl).toMatch(new RegExp(`^http://[\\d.]+:${port}/\\?view=[0-9a-f]{48}$`));
      expect(viewerUrl).not.toContain(new URL(web.url).searchParams.get('token')!);
      // Not a terminal here: plain block characters, no escape codes; square, and at least 21 modules wide.
      const rows = qr!.replace(/\n$/, '').split('\n');
      expect(qr).not.toContain('\u001b');
      expect(rows.length).toBeGreaterThanOrEqual(11);
      expect(new Set(rows.map((row) => row.length)).size).toBe(1);
      expect(web.stderr()).toMatch(
        /^lanes: sharing on [\d.]+ \(\S+\): anyone on this network with the Viewers address/m,
      );

      // Only ever tried on loopback: the same secret, on 127.0.0.1.
      const local = new URL(viewerUrl!);
      local.hostname = '127.0.0.1';
      const login = await fetch(local.href, { redirect: 'manual' });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const origin = `http://127.0.0.1:${port}`;
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin, headers: { cookie } });
      const replies: WsServerMessage[] = [];
      socket.on('message', (data) => replies.push(JSON.parse(data.toString()) as WsServerMessage));
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      socket.send(JSON.stringify({ kind: 'call', id: 1, command: 'hello', payload: null }));
      socket.send(JSON.stringify({ kind: 'call', id: 2, command: 'run', payload: { lesson: 'threading' } }));
      while (replies.filter((m) => m.kind === 'reply').length < 2 && Date.now() < deadline + 5_000)
        await new Promise((r) => setTimeout(r, 50));
      const [hello, run] = replies.filter((m) => m.kind === 'reply');
      expect(hello).toMatchObject({
        id: 1,
        result: { ok: true, value: { role: 'viewer', share: { presenter: 'Ada Lovelace' } } },
      });
      expect(run).toMatchObject({ id: 2, result: { ok: false, error: expect.stringMatching(/^Forbidden \(403\)/) } });
      socket.close();
      web.child.kill('SIGINT');
      expect(await web.exited).toBe(0);
    } finally {
      web.child.kill('SIGKILL');
    }
  });

  it('killing it (even with SIGKILL) leaves no task process behind', async () => {
    const web = await startWeb(['--port', '0']);
    const server = web.child;
    try {
      const url = web.url;
      const cookie = (await fetch(url, { redirect: 'manual' })).headers.get('set-cookie')!.split(';')[0]!;
      const origin = new URL(url).origin;
      const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws`, { origin, headers: { cookie } });
      const events: EngineEvent[] = [];
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as WsServerMessage;
        if (message.kind === 'events') events.push(...message.events);
      });
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(
        JSON.stringify({
          kind: 'call',
          id: 1,
          command: 'run',
          payload: { executor: 'processes', tasks: 3, stepMs: 30_000 },
        }),
      );
      const deadline = Date.now() + 15_000;
      // Wait until every task has printed and is inside its 30 s sleep: a child that has not
      // started yet would leave on its own, and prove nothing.
      while (events.filter((e) => e.kind === 'print').length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      const pids = events.flatMap((e) => (e.kind === 'unit' ? [e.pid] : []));
      expect(pids).toHaveLength(3);
      const gone = (pid: number) => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      };
      expect(pids.filter(gone)).toEqual([]);
      server.kill('SIGKILL');
      const until = Date.now() + 3000; // well inside the 30 s sleep: only the parent watch can end them
      while (!pids.every(gone) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(pids.filter((pid) => !gone(pid))).toEqual([]);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
