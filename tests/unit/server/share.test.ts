// Sharing with a class, at the web shell's edge: the viewer's secret and role, what a viewer may
// call (and may not), the limits (100 viewers beside 32 operators, a slow viewer dropped while the
// presenter keeps receiving), and the presenter's page kept on this machine. Every connection
// goes to 127.0.0.1; the one from "another machine" comes from this machine's own network
// address, still to 127.0.0.1, so no packet leaves the machine.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { networkInterfaces, tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineEvent, Hello, WsReply, WsServerMessage } from '../../../src/core/contract';
import { ok } from '../../../src/core/validate';
import { sessionEndpoint, type Endpoint } from '../../../src/node/endpoint';
import { createNodeSession } from '../../../src/node/node-session';
import type { Session } from '../../../src/node/session';
import { isLoopbackPeer, MAX_BUFFERED_BYTES, MAX_CLIENTS, refusal } from '../../../src/server/roles';
import { lanAddresses, startShareServer, type ShareServer } from '../../../src/server/share';
import { login } from './login';

/** TEST-NET-2 (RFC 5737): an address no machine has; the viewers' URL names it, tests never dial it. */
const FAKE_LAN = '198.51.100.7';
const root = mkdtempSync(join(tmpdir(), 'lanes-share-'));
let session: Session;
let server: ShareServer;
let operatorCookie: string;
let viewerCookie: string;

const interfaces = (address = FAKE_LAN): NodeJS.Dict<NetworkInterfaceInfo[]> => ({
  lo: [info('127.0.0.1', true)],
  eth0: [info(address, false)],
});

function info(address: string, internal: boolean, family: 'IPv4' | 'IPv6' = 'IPv4'): NetworkInterfaceInfo {
  return {
    address,
    family,
    internal,
    netmask: '255.255.255.0',
    mac: '00:00:00:00:00:00',
    cidr: null,
  } as NetworkInterfaceInfo;
}

/** The viewers' URL as a test may use it: the same secret and port, on loopback. */
function onLoopback(url: string): string {
  const local = new URL(url);
  local.hostname = '127.0.0.1';
  return local.href;
}

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lanes</title>');
  session = createNodeSession({ shell: 'web', bundleDir: pathToFileURL(resolve('out/node') + '/'), sampler: null });
  server = await startShareServer({
    engine: sessionEndpoint(session),
    rendererDir: root,
    port: 0,
    presenter: 'Ada',
    operatorPage: true,
    listenHost: '127.0.0.1',
    interfaces,
  });
  operatorCookie = await login(server.url);
  viewerCookie = await login(onLoopback(server.viewerUrl));
});

afterAll(async () => {
  await server.close();
  await session.dispose();
  rmSync(root, { recursive: true, force: true });
});

function connect(cookie: string, options: { port?: number; localAddress?: string } = {}): Promise<WebSocket> {
  const port = options.port ?? server.port;
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
      origin: `http://127.0.0.1:${port}`,
      headers: { cookie },
      localAddress: options.localAddress,
    });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Every message a socket receives from now on. */
function messages(socket: WebSocket): WsServerMessage[] {
  const received: WsServerMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as WsServerMessage));
  return received;
}

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sends one call and waits for its reply. */
async function call(socket: WebSocket, id: number, command: string, payload: unknown = null): Promise<WsReply> {
  const reply = new Promise<WsReply>((resolve) => {
    const listener = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as WsServerMessage;
      if (message.kind !== 'reply' || message.id !== id) return;
      socket.off('message', listener);
      resolve(message);
    };
    socket.on('message', listener);
  });
  socket.send(JSON.stringify({ kind: 'call', id, command, payload }));
  return reply;
}

const prints = (received: WsServerMessage[]): string[] =>
  received.flatMap((m) => (m.kind === 'events' ? m.events : [])).flatMap((e) => (e.kind === 'print' ? [e.text] : []));

describe('the network address', () => {
  it('picks an address others can reach: physical before virtual, private before public', () => {
    expect(
      lanAddresses({
        lo: [info('127.0.0.1', true), info('::1', true, 'IPv6')],
        docker0: [info('172.17.0.1', false)],
        eth0: [info('fe80::1', false, 'IPv6'), info('203.0.113.5', false)],
        wlan0: [info('169.254.3.3', false), info('192.168.1.20', false)],
      }),
    ).toEqual([
      { name: 'wlan0', address: '192.168.1.20' },
      { name: 'eth0', address: '203.0.113.5' },
      { name: 'docker0', address: '172.17.0.1' },
    ]);
    expect(lanAddresses({ lo: [info('127.0.0.1', true)] })).toEqual([]);
  });

  it('names it in the viewers’ address, with a secret of their own; the presenter’s stays on loopback', () => {
    const viewer = new URL(server.viewerUrl);
    const operator = new URL(server.url);
    expect(viewer.origin).toBe(`http://${FAKE_LAN}:${server.port}`);
    expect(viewer.searchParams.get('view')).toMatch(/^[0-9a-f]{48}$/);
    expect(operator.origin).toBe(`http://127.0.0.1:${server.port}`);
    expect(operator.searchParams.get('token')).toMatch(/^[0-9a-f]{48}$/);
    expect(viewer.searchParams.get('view')).not.toBe(operator.searchParams.get('token'));
    expect(viewerCookie).not.toBe(operatorCookie);
    expect(server.lan).toEqual({ name: 'eth0', address: FAKE_LAN });
  });

  it('with no address but loopback, still makes a viewers’ address (on loopback) and says there is none', async () => {
    const alone = await startShareServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      port: 0,
      presenter: 'Ada',
      operatorPage: true,
      listenHost: '127.0.0.1',
      interfaces: () => ({ lo: [info('127.0.0.1', true)] }),
    });
    try {
      expect(alone.lan).toBeNull();
      expect(new URL(alone.viewerUrl).hostname).toBe('127.0.0.1');
      expect((await fetch(alone.viewerUrl, { redirect: 'manual' })).status).toBe(200);
    } finally {
      await alone.close();
    }
  });

  it('for the desktop window (which drives its engine over IPC) hands out no presenter’s secret at all', async () => {
    const desktop = await startShareServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      port: 0,
      presenter: 'Ada',
      operatorPage: false,
      listenHost: '127.0.0.1',
      interfaces,
    });
    try {
      expect(desktop.url).toBe(`http://127.0.0.1:${desktop.port}/`);
      expect((await fetch(desktop.url)).status).toBe(403);
      // This server's own viewers' secret, offered as a presenter's, still only makes a viewer.
      const view = new URL(desktop.viewerUrl).searchParams.get('view')!;
      const cookie = await login(`http://127.0.0.1:${desktop.port}/?token=${view}`);
      const socket = await connect(cookie, { port: desktop.port });
      expect((await call(socket, 1, 'hello')).result).toMatchObject({ ok: true, value: { role: 'viewer' } });
      expect((await call(socket, 2, 'stop')).result.ok).toBe(false);
      socket.close();
    } finally {
      await desktop.close();
    }
  });

  it('listens on every interface by default, and is reached (here) on loopback', async () => {
    const wide = await startShareServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      port: 0,
      presenter: 'Ada',
      operatorPage: true,
      interfaces,
    });
    try {
      expect(wide.url.startsWith(`http://127.0.0.1:${wide.port}/?token=`)).toBe(true);
      const cookie = await login(onLoopback(wide.viewerUrl));
      const socket = await connect(cookie, { port: wide.port });
      expect((await call(socket, 1, 'hello')).result).toMatchObject({ ok: true, value: { role: 'viewer' } });
      socket.close();
    } finally {
      await wide.close();
    }
  });

  it('accepts the Host its viewers’ address names and loopback, and refuses a domain name (rebinding)', async () => {
    const status = (host: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const request = httpRequest(
          { host: '127.0.0.1', port: server.port, path: '/', headers: { host, cookie: viewerCookie } },
          (response) => {
            response.resume();
            resolve(response.statusCode!);
          },
        );
        request.on('error', reject);
        request.end();
      });
    // Bound to 127.0.0.1 here: the rule for every interface is tested in server.test.ts; this one
    // names the bound host and loopback only.
    expect(await status(`127.0.0.1:${server.port}`)).toBe(200);
    expect(await status(`localhost:${server.port}`)).toBe(200);
    expect(await status(`evil.example:${server.port}`)).toBe(421);
    expect(await status(`${FAKE_LAN}.nip.io:${server.port}`)).toBe(421);
  });
});

describe('what a viewer may do', () => {
  it('is told it is a viewer, and whose runs it follows; never an address or a secret', async () => {
    const [viewer, operator] = await Promise.all([connect(viewerCookie), connect(operatorCookie)]);
    try {
      const seen = await call(viewer, 1, 'hello');
      expect(seen.result).toMatchObject({
        ok: true,
        value: { role: 'viewer', share: { presenter: 'Ada', viewerUrl: null, qrSvg: null } },
      });
      const text = JSON.stringify(seen);
      expect(text).not.toContain(new URL(server.url).searchParams.get('token')!);
      expect(text).not.toContain(new URL(server.viewerUrl).searchParams.get('view')!);
      const own = await call(operator, 1, 'hello');
      expect(own.result.ok).toBe(true);
      const hello = (own.result as { value: Hello }).value;
      expect(hello.role).toBe('operator');
      expect(hello.share?.viewerUrl).toBe(server.viewerUrl);
      expect(hello.share?.qrSvg).toMatch(/^<svg[^>]*viewBox="0 0 \d+ \d+"/);
    } finally {
      viewer.close();
      operator.close();
    }
  });

  it('is refused run, code and stop, whatever their payload; the engine starts nothing', async () => {
    const viewer = await connect(viewerCookie);
    const received = messages(viewer);
    try {
      const attempts: [string, unknown][] = [
        ['run', { lesson: 'threading', stepMs: 10 }],
        ['run', { source: 'print("from a viewer")\n', tasks: 1 }],
        ['run', { tasks: 0 }],
        ['run', 'nonsense'],
        ['stop', null],
        ['launchTrace', null],
      ];
      for (const [i, [command, payload]] of attempts.entries()) {
        const reply = await call(viewer, i + 1, command, payload);
        expect(reply.result.ok, `${command} ${JSON.stringify(payload)}`).toBe(false);
        expect((reply.result as { error: string }).error).toMatch(
          /^Forbidden \(403\): this page only follows the presenter's runs, so it cannot (start a run or send code|stop a run|open the presenter's trace file)\.$/,
        );
      }
      // Read-only calls still work; and no run started.
      expect((await call(viewer, 10, 'record')).result.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      const events = received.flatMap((m) => (m.kind === 'events' ? m.events : []));
      expect(events.filter((e) => e.kind === 'run-start')).toEqual([]);
      expect(session.hello().running).toBe(false);
    } finally {
      viewer.close();
    }
  });

  it('the policy: viewers call only what changes nothing; operators call everything', () => {
    expect(refusal('viewer', 'hello')).toBeNull();
    expect(refusal('viewer', 'record')).toBeNull();
    expect(refusal('viewer', 'run')?.ok).toBe(false);
    expect(refusal('viewer', 'stop')?.ok).toBe(false);
    expect(refusal('viewer', 'launchTrace')?.ok).toBe(false);
    for (const command of ['hello', 'run', 'stop', 'record', 'launchTrace'] as const)
      expect(refusal('operator', command)).toBeNull();
  });

  it('sees the presenter’s run as the presenter does: every viewer’s Console matches', async () => {
    const operator = await connect(operatorCookie);
    const viewers = await Promise.all([1, 2, 3].map(() => connect(viewerCookie)));
    const own = messages(operator);
    const theirs = viewers.map(messages);
    try {
      const started = await call(operator, 1, 'run', { lesson: 'threading', stepMs: 20 });
      expect(started.result.ok).toBe(true);
      const ended = (received: WsServerMessage[]): boolean =>
        received.some((m) => m.kind === 'events' && m.events.some((e) => e.kind === 'run-end'));
      await until(() => ended(own) && theirs.every(ended));
      const expected = [...Array.from({ length: 10 }, (_, i) => String(i + 1)), 'Thread execution complete!'];
      expect(prints(own)).toEqual(expected);
      for (const each of theirs) expect(prints(each)).toEqual(expected);
      // And a viewer joining after the run reads the same record.
      const late = await connect(viewerCookie);
      const record = await call(late, 1, 'record');
      const events = (record.result as { value: { events: EngineEvent[] } }).value.events;
      expect(events.flatMap((e) => (e.kind === 'print' ? [e.text] : []))).toEqual(expected);
      late.close();
    } finally {
      operator.close();
      for (const viewer of viewers) viewer.close();
    }
  });
});

describe('limits', () => {
  it(`takes ${MAX_CLIENTS.viewer} viewers (503 beyond) without taking the presenter’s ${MAX_CLIENTS.operator} places`, async () => {
    const viewers: WebSocket[] = [];
    try {
      // In groups: a hundred handshakes at once is a burst this shared machine need not take.
      for (let i = 0; i < MAX_CLIENTS.viewer; i += 20)
        viewers.push(...(await Promise.all(Array.from({ length: 20 }, () => connect(viewerCookie)))));
      expect(server.clients('viewer')).toBe(MAX_CLIENTS.viewer);
      await expect(connect(viewerCookie)).rejects.toThrow(/503/);
      const operator = await connect(operatorCookie);
      expect((await call(operator, 1, 'hello')).result.ok).toBe(true);
      operator.close();
    } finally {
      for (const viewer of viewers) viewer.close();
    }
    await until(() => server.clients('viewer') === 0);
  });

  it('drops a viewer that stops reading, while the presenter keeps receiving every batch promptly', async () => {
    const flood = floodingEngine();
    const fast = await startShareServer({
      engine: flood.endpoint,
      rendererDir: root,
      port: 0,
      presenter: 'Ada',
      operatorPage: true,
      listenHost: '127.0.0.1',
      interfaces,
    });
    let stalled: Socket | null = null;
    let operator: WebSocket | null = null;
    try {
      const cookies = { operator: await login(fast.url), viewer: await login(onLoopback(fast.viewerUrl)) };
      operator = await connect(cookies.operator, { port: fast.port });
      const arrivals: number[] = [];
      operator.on('message', () => arrivals.push(performance.now()));
      stalled = await stalledViewer(fast.port, cookies.viewer);
      await until(() => fast.clients('viewer') === 1);
      const started = performance.now();
      const sentBefore = flood.sentBytes();
      await until(() => fast.clients('viewer') === 0, 30_000);
      const droppedAfterMs = performance.now() - started;
      // Dropped once its bytes fill the kernel's buffers and the viewer's own bound: well before an
      // operator's bound, let alone never.
      const sentWhileStalled = flood.sentBytes() - sentBefore;
      expect(sentWhileStalled).toBeLessThan(kernelBufferBytes() + MAX_BUFFERED_BYTES.viewer + 1024 * 1024);
      expect(sentWhileStalled).toBeLessThan(MAX_BUFFERED_BYTES.operator);
      const during = arrivals.filter((t) => t >= started);
      const gaps = during.slice(1).map((t, i) => t - during[i]!);
      // Batches leave every 16 ms; on a loaded 2-core machine a gap of a quarter second is already a stall.
      expect(during.length).toBeGreaterThan(droppedAfterMs / 16 / 4);
      expect(Math.max(...gaps)).toBeLessThan(250);
      // The presenter is still there, still receiving, after the viewer has gone.
      const after = arrivals.length;
      await until(() => arrivals.length > after + 10);
      expect(operator.readyState).toBe(WebSocket.OPEN);
      expect(fast.clients('operator')).toBe(1);
    } finally {
      flood.stop();
      stalled?.destroy();
      operator?.close();
      await fast.close();
    }
  });
});

describe('the presenter stays on this machine', () => {
  // This machine's own network address as the *source*, 127.0.0.1 still the destination: the
  // server sees a peer that is not loopback, and nothing leaves the machine.
  const own = lanAddresses(networkInterfaces())[0]?.address;

  it('knows loopback peers, IPv4-mapped ones included', () => {
    for (const peer of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1', '::FFFF:127.0.0.1'])
      expect(isLoopbackPeer(peer), peer).toBe(true);
    for (const peer of [undefined, '192.168.1.2', '::ffff:192.168.1.2', 'fe80::1', '::', '0.0.0.0', '128.0.0.1'])
      expect(isLoopbackPeer(peer), String(peer)).toBe(false);
  });

  it.skipIf(own === undefined)(
    'refuses the presenter’s secret and cookie from another address, and lets a viewer in from it',
    async () => {
      const from = (path: string, cookie?: string): Promise<{ status: number; body: string; setCookie: boolean }> =>
        new Promise((resolve, reject) => {
          const request = httpRequest(
            {
              host: '127.0.0.1',
              port: server.port,
              path,
              localAddress: own,
              headers: cookie ? { cookie } : {},
            },
            (response) => {
              let body = '';
              response.on('data', (chunk: Buffer) => (body += chunk.toString()));
              response.on('end', () =>
                resolve({
                  status: response.statusCode!,
                  body,
                  setCookie: response.headers['set-cookie'] !== undefined,
                }),
              );
            },
          );
          request.on('error', reject);
          request.end();
        });
      const operatorLogin = await from(new URL(server.url).pathname + new URL(server.url).search);
      expect(operatorLogin.status).toBe(403);
      expect(operatorLogin.setCookie).toBe(false);
      expect(operatorLogin.body).toContain('This address is the presenter’s');
      expect((await from('/', operatorCookie)).status).toBe(403);
      await expect(connect(operatorCookie, { localAddress: own })).rejects.toThrow(/403/);
      // A viewer from the same address: in.
      const viewer = new URL(server.viewerUrl);
      const viewerLogin = await from(viewer.pathname + viewer.search);
      expect(viewerLogin.status).toBe(200);
      expect(viewerLogin.setCookie).toBe(true);
      expect((await from('/', viewerCookie)).status).toBe(200);
      const socket = await connect(viewerCookie, { localAddress: own });
      expect((await call(socket, 1, 'hello')).result).toMatchObject({ ok: true, value: { role: 'viewer' } });
      socket.close();
    },
  );
});

/**
 * An engine that streams about 4 MB/s: 64 KB batches every 16 ms while anyone listens, enough to
 * fill a stalled reader's socket buffers and the server's bound within seconds.
 */
function floodingEngine(): { endpoint: Endpoint; stop: () => void; sentBytes: () => number } {
  const listeners = new Set<(events: EngineEvent[]) => void>();
  const text = 'x'.repeat(1_000);
  let t = 0;
  let sent = 0;
  const timer = setInterval(() => {
    const events: EngineEvent[] = Array.from({ length: 64 }, () => ({
      kind: 'print',
      runId: 1,
      t: t++,
      task: 0,
      text,
    }));
    sent += JSON.stringify(events).length;
    for (const listener of listeners) listener(events);
  }, 16);
  return {
    sentBytes: () => sent,
    endpoint: {
      call: (command) => (command === 'hello' ? ok(session.hello()) : ok(null)),
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * The most a stalled connection's kernel buffers hold on loopback: the sender's largest send
 * buffer and the receiver's default receive buffer (a reader that never reads does not grow it).
 */
function kernelBufferBytes(): number {
  const field = (path: string, index: number, fallback: number): number => {
    try {
      return Number(readFileSync(path, 'utf8').trim().split(/\s+/)[index]) || fallback;
    } catch {
      return fallback;
    }
  };
  return (
    field('/proc/sys/net/ipv4/tcp_wmem', 2, 4 * 1024 * 1024) + 2 * field('/proc/sys/net/ipv4/tcp_rmem', 1, 131_072)
  );
}

/** A viewer that completes the WebSocket handshake and then never reads another byte. */
function stalledViewer(port: number, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      socket.pause();
      if (head.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(head.split('\r\n')[0]));
    };
    socket.on('data', onData);
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\nCookie: ${cookie}\r\n` +
        'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
}
