// The `lanes` command as a user runs it: real processes, real stdout, real trace files.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('writes a Chrome trace with the layout DESIGN.md fixes', () => {
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

  it.each([
    [['run', '--tasks', '65'], 'Tasks must be a whole number from 1 to 64 (got 65).'],
    [['run', '--tasks', 'lots'], '--tasks must be a whole number (got "lots").'],
    [
      ['run', 'nope'],
      'Unknown lesson "nope"; lessons are: threading, multiprocessing, cpu-bound, io-bound, event-loop, gil, oversubscribe, amdahl, startup.',
    ],
    [['run', '--executor', 'fibers'], 'Unknown executor "fibers"'],
    [['run', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], 'Unknown command "frobnicate".'],
  ])('refuses %j with a clear message and exit code 2', (args, message) => {
    const result = lanes(...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).toBe('');
  });
});

describe('lanes lessons', () => {
  it('lists the lesson ids, one per line', () => {
    const result = lanes('lessons');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual(expect.arrayContaining(['threading', 'multiprocessing']));
  });
});

describe('lanes web', () => {
  it('prints its URL, and killing it (even with SIGKILL) leaves no task process behind', async () => {
    const server = spawn(process.execPath, [CLI, 'web', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /serving at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
          if (match) resolve(match[1]!);
        });
        server.once('exit', () => reject(new Error(`server exited: ${out}`)));
      });
      const socket = new WebSocket(`${url.replace('http', 'ws')}ws`, { origin: url.replace(/\/$/, '') });
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
