// The real engine for the bench: `lanes web` (the built out/node/lanes.mjs) started on a free
// port, and the bench's own WebSocket to it, the same socket and messages a page uses, opened
// with the session cookie the printed address gives, as a browser's is.
// Runs in Node (the bench harness and the fixture capture tool).

import { spawn, type ChildProcess } from 'node:child_process';
import WebSocket from 'ws';
import type { CommandName, RunEndEvent, RunRequest, WsServerMessage } from '../../src/core/contract';

const RUN_TIMEOUT_MS = 60_000;

/**
 * Starts `lanes web` on a free port and resolves with the URL it prints, secret included (kill `child` to stop it); `env` is
 * its environment, `nodeFlags` go to Node before the script (the soak's --inspect).
 */
export function startLanesWeb(
  env: NodeJS.ProcessEnv = process.env,
  nodeFlags: string[] = [],
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [...nodeFlags, 'out/node/lanes.mjs', 'web', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving at (http:\/\/\S+) \(Ctrl-C to stop\)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`bench: lanes web: ${chunk.toString()}`));
    child.once('exit', (code) => reject(new Error(`lanes web exited (code ${code}) before serving`)));
  });
}

/** Calls over the engine's WebSocket, and waiting for a run's end. */
export class EngineSocket {
  private nextId = 1;
  private readonly replies = new Map<number, (result: unknown) => void>();
  private readonly ends = new Map<number, RunEndEvent>();
  private readonly waiters = new Map<number, (end: RunEndEvent) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.onMessage(JSON.parse(data.toString()) as WsServerMessage));
  }

  /** Opens the socket of the `lanes web` at `url` (the address it printed: it logs in first). */
  static async open(url: string): Promise<EngineSocket> {
    const login = await fetch(url, { redirect: 'manual' });
    const cookie = login.headers.get('set-cookie')?.split(';')[0];
    if (!cookie && new URL(url).searchParams.has('token'))
      throw new Error(`lanes web refused the address ${url} (HTTP ${login.status})`);
    const { origin } = new URL(url);
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/ws`, { origin, headers });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new EngineSocket(socket)));
      socket.once('error', reject);
    });
  }

  private onMessage(message: WsServerMessage): void {
    if (message.kind === 'reply') {
      if (message.id !== null) this.replies.get(message.id)?.(message.result);
      return;
    }
    for (const event of message.events) {
      if (event.kind !== 'run-end') continue;
      this.ends.set(event.runId, event);
      this.waiters.get(event.runId)?.(event);
    }
  }

  /** One command; resolves with its value, throws with the engine's reason. */
  async call(command: CommandName, payload: unknown = null): Promise<unknown> {
    const id = this.nextId++;
    const reply = new Promise<unknown>((resolve) => this.replies.set(id, resolve));
    this.socket.send(JSON.stringify({ kind: 'call', id, command, payload }));
    const result = (await reply) as { ok: boolean; value?: unknown; error?: string };
    this.replies.delete(id);
    if (!result.ok) throw new Error(`lanes web refused ${command}: ${result.error}`);
    return result.value;
  }

  /** Runs a request to its end; returns the engine's run-end (t = wall time from the tasks' stamps). */
  async run(request: RunRequest): Promise<RunEndEvent> {
    const { runId } = (await this.call('run', request)) as { runId: number };
    const end = await this.ended(runId);
    if (end.status !== 'done') throw new Error(`run ${runId} ended ${end.status}`);
    return end;
  }

  /** A started run's end, whatever its status; throws when it does not come in time. */
  async ended(runId: number): Promise<RunEndEvent> {
    let timer: NodeJS.Timeout | undefined;
    const end =
      this.ends.get(runId) ??
      (await Promise.race([
        new Promise<RunEndEvent>((resolve) => this.waiters.set(runId, resolve)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`run ${runId} did not end in time`)), RUN_TIMEOUT_MS);
        }),
      ]));
    clearTimeout(timer);
    this.ends.delete(runId);
    this.waiters.delete(runId);
    return end;
  }

  close(): void {
    this.socket.close();
  }
}
