// Goal 9: what a class following along costs the engine. The synthetic engine behind the real
// web server (`serve.mjs --share`, a process of its own, so /proc measures it alone) plays the
// nominal load (16 tasks, 200 events/s) to the presenter's socket; the engine's CPU is measured
// with no viewers and with 50, in alternating windows, three of each, medians compared. The
// viewers are WebSockets in this process that read every message and keep none: what they cost
// is theirs, not the engine's. Runs in Node (the bench harness).

import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import { sleep } from './browser';
import { EngineSocket } from './lanes-web';
import { cpuCores } from './proc-cpu';
import { median, ratio, round, type GoalLine } from './stats';

const VIEWERS = 50;
const NOMINAL = { tasks: 16, eventsPerSecond: 200 };
const REPETITIONS = 3;
const WINDOW_MS = 6_000;
/** After viewers join or leave, before measuring: handshakes and catching up are not the steady cost. */
const SETTLE_MS = 1_500;
const MAX_EXTRA_CORES = 0.1;

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** `serve.mjs --share` on a free port: the presenter's address and the viewers' (on loopback). */
function startServer(): Promise<{ child: ChildProcess; presenter: string; viewers: string }> {
  const child = spawn(
    process.execPath,
    ['out/bench/serve.mjs', '--port', '0', '--share', '--rate', String(NOMINAL.eventsPerSecond)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`bench: serve: ${chunk.toString()}`));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const presenter = /engine at (http:\/\/\S+) \(Ctrl-C/.exec(out)?.[1];
      const viewers = /^Viewers: (http:\/\/\S+)$/m.exec(out)?.[1];
      if (!presenter || !viewers) return;
      const local = new URL(viewers);
      local.hostname = '127.0.0.1';
      resolve({ child, presenter, viewers: local.href });
    });
    child.once('exit', (code) => reject(new Error(`serve.mjs exited (code ${code}) before serving`)));
  });
}

/** Opens `count` viewers' sockets with the cookie the viewers' address gives; counts what they read. */
async function openViewers(
  url: string,
  count: number,
): Promise<{ sockets: WebSocket[]; bytes: () => number; dropped: () => number }> {
  const login = await fetch(url, { redirect: 'manual' });
  const cookie = login.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error(`the viewers' address was refused (HTTP ${login.status})`);
  const { origin } = new URL(url);
  let bytes = 0;
  let dropped = 0;
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`, { origin, headers: { cookie } });
          socket.on('message', (data: Buffer) => (bytes += data.length));
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
          // 1000 and 1005 are ours closing them; anything else is the server dropping a viewer.
          socket.once('close', (code) => code !== 1000 && code !== 1005 && dropped++);
        }),
    ),
  );
  return { sockets, bytes: () => bytes, dropped: () => dropped };
}

export async function viewersCost(): Promise<GoalLine> {
  const { child, presenter, viewers } = await startServer();
  const pid = child.pid!;
  let operator: EngineSocket | null = null;
  try {
    operator = await EngineSocket.open(presenter);
    // Long enough for every window: 100 steps of 1 s is 100 s of stream at the nominal rate.
    const { runId } = (await operator.call('run', { tasks: NOMINAL.tasks, steps: 100, stepMs: 1_000 })) as {
      runId: number;
    };
    await sleep(SETTLE_MS);
    const none: number[] = [];
    const many: number[] = [];
    let perViewerBytesPerSecond = 0;
    let dropped = 0;
    for (let rep = 0; rep < REPETITIONS; rep++) {
      none.push(await cpuCores(pid, () => sleep(WINDOW_MS)));
      const group = await openViewers(viewers, VIEWERS);
      await sleep(SETTLE_MS);
      const before = group.bytes();
      many.push(await cpuCores(pid, () => sleep(WINDOW_MS)));
      perViewerBytesPerSecond = (group.bytes() - before) / VIEWERS / (WINDOW_MS / 1000);
      dropped += group.dropped();
      for (const socket of group.sockets) socket.close(1000);
      await sleep(SETTLE_MS);
      log(
        `G13 repetition ${rep + 1}: engine ${round(none.at(-1)!, 3)} cores alone, ${round(many.at(-1)!, 3)} with ${VIEWERS} viewers`,
      );
    }
    await operator.call('stop');
    await operator.ended(runId).catch(() => undefined);
    const alone = median(none)!;
    const shared = median(many)!;
    const extra = shared - alone;
    log(
      `G13 each viewer read ${Math.round(perViewerBytesPerSecond / 1024)} KiB/s; viewers dropped by the server: ${dropped}`,
    );
    return {
      goal: `G13 sharing, ${VIEWERS} viewers (engine CPU during a nominal run)`,
      value: { extraCores: round(extra, 3), withViewersCores: round(shared, 3) },
      unit: 'cores',
      baseline: { extraCores: 0, withViewersCores: round(alone, 3) },
      ratio: { extraCores: null, withViewersCores: ratio(shared, alone) },
      target: `extraCores <= ${MAX_EXTRA_CORES} (the engine's CPU with ${VIEWERS} viewers minus without; medians of ${REPETITIONS}); no viewer dropped`,
      met: extra <= MAX_EXTRA_CORES && dropped === 0,
    };
  } finally {
    operator?.close();
    child.kill('SIGINT');
  }
}
