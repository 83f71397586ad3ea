// File › Share with class in the desktop app, through its seams: the real viewers' server
// (server/share.ts) on a real engine Session, listening on 127.0.0.1 here (the app listens on
// every interface): viewers get in and may only view, no presenter's secret exists, the page is
// told the address (an action it accepts), switching is serialised (one server however often it
// is clicked), ending or quitting frees the port, and a failed start is one message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, type NetworkInterfaceInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ShareInfo, WsReply } from '../../../src/core/contract';
import { parseAppAction } from '../../../src/core/desktop-validate';
import { sessionEndpoint } from '../../../src/node/endpoint';
import { createNodeSession } from '../../../src/node/node-session';
import type { Session } from '../../../src/node/session';
import { createClassShare, presenterName, type ViewersServer } from '../../../src/main/class-share';
import { startShareServer } from '../../../src/server/share';
import { login } from '../server/login';

/** TEST-NET-2 (RFC 5737): the address the viewers' URL names; tests never dial it. */
const FAKE_LAN = '198.51.100.7';
const interfaces = (): NodeJS.Dict<NetworkInterfaceInfo[]> => ({
  eth0: [{ address: FAKE_LAN, family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '', cidr: null }],
});

const root = mkdtempSync(join(tmpdir(), 'lanes-class-share-'));
let session: Session;

beforeAll(() => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lanes</title>');
  session = createNodeSession({
    shell: 'web',
    bundleDir: pathToFileURL(resolve('out/node') + '/'),
    sampler: null,
  });
});

afterAll(async () => {
  await session.dispose();
  rmSync(root, { recursive: true, force: true });
});

/** As index.ts starts it, but on loopback. */
function startOnLoopback(started: ViewersServer[]) {
  return async (presenter: string): Promise<ViewersServer & { port: number }> => {
    const server = await startShareServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      port: 0,
      presenter,
      operatorPage: false,
      listenHost: '127.0.0.1',
      interfaces,
    });
    started.push(server);
    return server;
  };
}

function onLoopback(url: string): string {
  const local = new URL(url);
  local.hostname = '127.0.0.1';
  return local.href;
}

function call(socket: WebSocket, id: number, command: string, payload: unknown = null): Promise<WsReply> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as WsReply;
      if (message.kind === 'reply' && message.id === id) {
        socket.off('message', listener);
        resolve(message);
      }
    };
    socket.on('message', listener);
    socket.send(JSON.stringify({ kind: 'call', id, command, payload }));
  });
}

async function viewerSocket(viewerUrl: string): Promise<WebSocket> {
  const local = new URL(onLoopback(viewerUrl));
  const cookie = await login(local.href);
  const socket = new WebSocket(`ws://${local.host}/ws`, { headers: { cookie }, origin: local.origin });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return socket;
}

async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url);
    return false;
  } catch {
    return true;
  }
}

describe('Share with class', () => {
  it('starts the viewers’ server on this engine, tells the page, and frees the port when it ends', async () => {
    const started: ViewersServer[] = [];
    const changes: (ShareInfo | null)[] = [];
    const share = createClassShare({
      presenter: 'Ada',
      start: startOnLoopback(started),
      onChange: (info) => changes.push(info),
    });
    const on = await share.set(true);
    if (!on.ok || !on.value) throw new Error('sharing did not start');
    const info = on.value;
    expect(info.presenter).toBe('Ada');
    expect(info.viewerUrl).toMatch(new RegExp(`^http://${FAKE_LAN.replaceAll('.', '\\.')}:\\d+/\\?view=`));
    expect(changes).toEqual([info]);
    expect(share.current()).toEqual(info);
    // What main sends the page is an action the page accepts.
    expect(parseAppAction({ kind: 'share', share: info })).toEqual({ kind: 'share', share: info });

    // A viewer gets in, sees the engine, and may change nothing; nobody is a presenter here.
    const port = (started[0] as ViewersServer & { port: number }).port;
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(403);
    const socket = await viewerSocket(info.viewerUrl!);
    expect((await call(socket, 1, 'hello')).result).toMatchObject({ ok: true, value: { role: 'viewer' } });
    const run = await call(socket, 2, 'run', { workload: 'io', executor: 'threads', tasks: 1, steps: 1, stepMs: 10 });
    expect(run.result.ok).toBe(false);

    // Clicked again while on: the same share, no second server.
    expect(await share.set(true)).toEqual({ ok: true, value: info });
    expect(started).toHaveLength(1);

    const closedSocket = new Promise((resolve) => socket.once('close', resolve));
    expect(await share.set(false)).toEqual({ ok: true, value: null });
    await closedSocket;
    expect(changes).toEqual([info, null]);
    expect(share.current()).toBeNull();
    expect(await refused(`http://127.0.0.1:${port}/`)).toBe(true);
  });

  it('starts one server however quickly it is switched, and quitting ends it', async () => {
    const started: ViewersServer[] = [];
    const changes: (ShareInfo | null)[] = [];
    const share = createClassShare({
      presenter: 'Ada',
      start: startOnLoopback(started),
      onChange: (i) => changes.push(i),
    });
    const answers = await Promise.all([share.set(true), share.set(true), share.set(false), share.set(true)]);
    expect(answers.map((answer) => answer.ok && answer.value !== null)).toEqual([true, true, false, true]);
    expect(started).toHaveLength(2);
    const port = (started[1] as ViewersServer & { port: number }).port;
    expect((await fetch(onLoopback(share.current()!.viewerUrl!))).status).toBeLessThan(400);
    await share.close();
    expect(share.current()).toBeNull();
    expect(await refused(`http://127.0.0.1:${port}/`)).toBe(true);
    // After quitting, nothing starts again.
    expect(await share.set(true)).toEqual({ ok: true, value: null });
    expect(started).toHaveLength(2);
    expect(changes.at(-1)).toBeNull();
  });

  it('says in one line why it could not start, and changes nothing', async () => {
    const changes: unknown[] = [];
    const share = createClassShare({
      presenter: 'Ada',
      start: () =>
        Promise.reject(
          Object.assign(new Error('listen EADDRINUSE: address already in use :::0'), { code: 'EADDRINUSE' }),
        ),
      onChange: (info) => changes.push(info),
    });
    const answer = await share.set(true);
    expect(answer).toEqual({
      ok: false,
      error: "Sharing with the class could not start (EADDRINUSE). Check that this computer is on the class's network.",
    });
    expect(changes).toEqual([]);
    expect(share.current()).toBeNull();
  });
});

describe('the presenter’s name', () => {
  it('is the account’s when it makes a name, else a neutral one', () => {
    expect(presenterName(() => ' ada ')).toBe('ada');
    expect(presenterName(() => '<script>')).toBe('the presenter');
    expect(presenterName(() => 'a\u0007b')).toBe('the presenter');
    expect(presenterName(() => '')).toBe('the presenter');
    expect(presenterName(() => 'x'.repeat(61))).toBe('the presenter');
    expect(
      presenterName(() => {
        throw new Error('no account');
      }),
    ).toBe('the presenter');
  });
});
