// No Python process outlives the engine that started it: `lanes run` or `lanes web` is killed with SIGKILL
// (nothing of it runs to clean up) while a Python program computes, and every process of the
// program's group (the guard, the interpreter, what it started by fork and spawn) must be gone
// soon after, even when the main program computes in C holding the GIL. Linux only (reads
// /proc); needs python3 (skipped, saying so, where it is missing).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { login } from '../server/login';
import { removeStaleLearnerPrograms } from '../../../src/node/python/learner-program';
import { findPython } from '../../../src/node/python/python-env';

const CLI = resolve('out/node/lanes.mjs');
const python = findPython();
/** The issue asks for 1 s; a busy machine gets more before the test calls it a failure. */
const GONE_WITHIN_MS = 3_000;
// The killed engines could not remove their programs' folders: remove them as the next would.
afterAll(() => void removeStaleLearnerPrograms());

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  state: string;
  args: string;
}

/** Every process now, from /proc (the command name may hold spaces and brackets). */
function processes(): Proc[] {
  const all: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const [state, ppid, pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      all.push({ pid: Number(name), ppid: Number(ppid), pgid: Number(pgid), state: state!, args });
    } catch {
      // Gone while listed.
    }
  }
  return all;
}

/**
 * The live processes (a zombie runs nothing) of the program the CLI `cli` started: the CLI's
 * child that leads a process group of its own, and every process in that group.
 */
function programGroup(cli: number, all = processes()): Proc[] {
  const leader = all.find((p) => p.ppid === cli && p.pgid === p.pid);
  return leader ? all.filter((p) => p.pgid === leader.pgid && p.state !== 'Z') : [];
}

async function until<T>(check: () => T | undefined, ms: number): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Starts `lanes ARGS`, has `begin` start a run on it if it needs to, waits until the program's
 * group has `size` live processes whose command line matches `own`, kills lanes with SIGKILL and returns how long the last of
 * them took to go (null: they did not go).
 */
async function killMidRun(
  args: string[],
  size: number,
  own: RegExp,
  begin: (lanes: ChildProcess) => Promise<void> = async () => undefined,
): Promise<{ group: Proc[]; goneMs: number | null }> {
  const lanes = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  lanes.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  try {
    await begin(lanes);
    // The program's own processes (not the guard, nor what a python3 launcher such as pyenv's
    // runs on the way to the interpreter).
    const program = () => programGroup(lanes.pid!).filter((p) => own.test(p.args) && !p.args.includes('lanes_guard'));
    const started = await until(() => (program().length >= size ? true : undefined), 20_000);
    expect(started, `the program's ${size} processes never ran; lanes said: ${stderr}`).toBe(true);
    // Computing, not idle: the main program holds the GIL in C, its children compute.
    await new Promise((r) => setTimeout(r, 300));
    const group = programGroup(lanes.pid!);
    const killedAt = performance.now();
    lanes.kill('SIGKILL');
    const pids = new Set(group.map((p) => p.pid));
    const gone = await until(() => {
      const left = processes().filter((p) => pids.has(p.pid) && p.state !== 'Z');
      return left.length === 0 ? performance.now() : undefined;
    }, GONE_WITHIN_MS);
    return { group, goneMs: gone === undefined ? null : gone - killedAt };
  } finally {
    lanes.kill('SIGKILL');
  }
}

/** Asks the `lanes web` just started to run `source`, as the Code view does. */
async function runOnWeb(server: ChildProcess, source: string): Promise<void> {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving at (http:\/\/127\.0\.0\.1:\d+\/\S*) \(Ctrl-C/.exec(out);
      if (match) resolve(match[1]!);
    });
    server.once('exit', () => reject(new Error(`lanes web exited: ${out}`)));
  });
  // The printed address carries the secret: trade it for the cookie, as a browser does.
  const cookie = await login(url);
  const { origin } = new URL(url);
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/ws`, { origin, headers: { cookie } });
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const replied = new Promise<unknown>((resolve) =>
    socket.once('message', (data) => resolve(JSON.parse(String(data)))),
  );
  socket.send(JSON.stringify({ kind: 'call', id: 1, command: 'run', payload: { source, tasks: 4 } }));
  expect(await replied).toMatchObject({ kind: 'reply', id: 1, result: { ok: true } });
}

/** The learner program's processes: its own file, and what spawn starts (a child, a tracker). */
const OWN = /program\.py|multiprocessing\.(spawn|resource_tracker)/;

/** Main computes in C with the GIL held (no bytecode runs, so no Python thread could act). */
const COMPUTING = `import multiprocessing, time

def spin():
    while True:
        sum(range(10_000))

if __name__ == "__main__":
    children = [multiprocessing.Process(target=spin) for _ in range(2)]
    children.append(multiprocessing.get_context("spawn").Process(target=spin))
    for child in children:
        child.start()
    sum(range(10**13))
`;

describe.skipIf(!python.available || process.platform !== 'linux')(
  `no Python process outlives a killed engine (${python.version ?? 'python3 not found'})`,
  () => {
    it('a learner program computing in C with fork and spawn children: all gone at once', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lanes-orphans-'));
      try {
        const file = join(dir, 'computing.py');
        writeFileSync(file, COMPUTING);
        // The interpreter, two fork children, a spawn child, and spawn's resource tracker.
        const { group, goneMs } = await killMidRun(['run', '--python-file', file, '--tasks', '4'], 5, OWN);
        console.log(`learner program: ${group.length} processes gone ${goneMs?.toFixed(0)} ms after SIGKILL`);
        expect(goneMs).not.toBeNull();
        expect(goneMs!).toBeLessThan(GONE_WITHIN_MS);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);

    it('the same program run from a page by lanes web: all gone at once', async () => {
      // The interpreter, two fork children, a spawn child, and spawn's resource tracker.
      const { group, goneMs } = await killMidRun(['web', '--port', '0'], 5, OWN, (server) =>
        runOnWeb(server, COMPUTING),
      );
      console.log(`lanes web: ${group.length} processes gone ${goneMs?.toFixed(0)} ms after SIGKILL`);
      expect(goneMs).not.toBeNull();
      expect(goneMs!).toBeLessThan(GONE_WITHIN_MS);
    }, 60_000);

    it('python-processes computing with --step-ms 5000: all gone at once', async () => {
      const args = ['run', '--workload', 'cpu', '--executor', 'python-processes', '--tasks', '2', '--step-ms', '5000'];
      // The interpreter and two task processes.
      const { group, goneMs } = await killMidRun(args, 3, /lanes_workload\.py/);
      console.log(`python-processes: ${group.length} processes gone ${goneMs?.toFixed(0)} ms after SIGKILL`);
      expect(goneMs).not.toBeNull();
      expect(goneMs!).toBeLessThan(GONE_WITHIN_MS);
    }, 60_000);

    it('the multiprocessing lesson, --python --step-ms 5000: all gone at once', async () => {
      // The interpreter and the lesson's process.
      const { group, goneMs } = await killMidRun(
        ['run', 'multiprocessing', '--python', '--step-ms', '5000'],
        2,
        /multiprocessing_lesson\.py/,
      );
      console.log(`multiprocessing lesson: ${group.length} processes gone ${goneMs?.toFixed(0)} ms after SIGKILL`);
      expect(goneMs).not.toBeNull();
      expect(goneMs!).toBeLessThan(GONE_WITHIN_MS);
    }, 60_000);
  },
);
