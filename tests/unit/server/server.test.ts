// The web shell for real: an HTTP server and WebSocket bridge on a random loopback port, driving
// a real session. Browsers are tested end to end in tests/e2e; this checks the edge itself: the
// lock (secret, cookie), the limits (clients, slow senders) and the bridge.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineEvent, WsServerMessage } from '../../../src/core/contract';
import { sessionEndpoint } from '../../../src/node/endpoint';
import { createNodeSession } from '../../../src/node/node-session';
import type { Session } from '../../../src/node/session';
import { lockedAccess, openAccess } from '../../../src/server/auth';
import { loginRequest } from '../../../src/server/gate';
import { isAllowedHost, isAllowedOrigin } from '../../../src/server/origins';
import { CONTENT_SECURITY_POLICY, resolveStaticPath } from '../../../src/node/static-files';
import { MAX_CLIENTS } from '../../../src/server/roles';
import { startWebServer, type WebServer } from '../../../src/server/server';
import { login } from './login';

let server: WebServer;
let session: Session;
/** The session cookie the printed URL's secret was traded for (a `Cookie` header value). */
let cookie: string;
const root = mkdtempSync(join(tmpdir(), 'lanes-renderer-'));

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lanes</title>');
  session = createNodeSession({ shell: 'web', bundleDir: pathToFileURL(resolve('out/node') + '/'), sampler: null });
  server = await startWebServer({ engine: sessionEndpoint(session), rendererDir: root, host: '127.0.0.1', port: 0 });
  cookie = await login(server.url);
});

afterAll(async () => {
  await server.close();
  await session.dispose();
  rmSync(root, { recursive: true, force: true });
});

function connect(origin: string, headers: Record<string, string> = { cookie }, port = server.port): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin, headers });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function get(path: string, headers: Record<string, string> = { cookie }, method = 'GET'): Promise<Response> {
  return fetch(new URL(path, server.origin), { headers, method, redirect: 'manual' });
}

function messages(socket: WebSocket): WsServerMessage[] {
  const received: WsServerMessage[] = [];
  socket.on('message', (data) => received.push(JSON.parse(data.toString()) as WsServerMessage));
  return received;
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('HTTP', () => {
  it('serves the renderer with a strict CSP', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Lanes</title>');
    // The desktop shell's policy, word for word: 'self' covers the page's own WebSocket.
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses path traversal, foreign Host headers and other methods', async () => {
    expect((await get('/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/', { cookie }, 'POST')).status).toBe(405);
    expect(resolveStaticPath('/srv/app', '/../secret')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/%2e%2e/secret')).toBeNull();
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
  });
});

describe('origins', () => {
  it('accepts only this server’s own origin; rebinding names are refused', () => {
    expect(isAllowedHost('127.0.0.1:5390', '127.0.0.1', 5390)).toBe(true);
    expect(isAllowedHost('localhost:5390', '127.0.0.1', 5390)).toBe(true);
    expect(isAllowedHost('evil.example:5390', '127.0.0.1', 5390)).toBe(false);
    expect(isAllowedHost('127.0.0.1:80', '127.0.0.1', 5390)).toBe(false);
    expect(isAllowedHost('192.168.1.4:5390', '0.0.0.0', 5390)).toBe(true);
    expect(isAllowedHost('evil.example:5390', '0.0.0.0', 5390)).toBe(false);
    expect(isAllowedHost('192.168.1.4:5390', '::', 5390)).toBe(true);
    expect(isAllowedHost('[fd00::2]:5390', '::', 5390)).toBe(true);
    expect(isAllowedHost('evil.example:5390', '::', 5390)).toBe(false);
    expect(isAllowedHost('192.168.1.4.nip.io:5390', '::', 5390)).toBe(false);
    expect(isAllowedOrigin('http://192.168.1.4:5390', '192.168.1.4:5390', '::', 5390)).toBe(true);
    expect(isAllowedOrigin('http://evil.example:5390', '192.168.1.4:5390', '::', 5390)).toBe(false);
    expect(isAllowedOrigin('http://127.0.0.1:5390', '127.0.0.1:5390', '127.0.0.1', 5390)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', '127.0.0.1:5390', '127.0.0.1', 5390)).toBe(false);
    expect(isAllowedOrigin(undefined, '127.0.0.1:5390', '127.0.0.1', 5390)).toBe(false);
  });
});

describe('the lock', () => {
  it('prints a URL with a fresh 192-bit secret at each start', async () => {
    const url = new URL(server.url);
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('token')).toMatch(/^[0-9a-f]{48}$/);
    const other = await startWebServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      host: '127.0.0.1',
      port: 0,
    });
    try {
      expect(new URL(other.url).searchParams.get('token')).not.toBe(url.searchParams.get('token'));
    } finally {
      await other.close();
    }
  });

  it('refuses every request without the cookie with a page that says what to open (403)', async () => {
    for (const path of ['/', '/index.html', '/missing.js', '/ws']) {
      const response = await get(path, {});
      expect(response.status, path).toBe(403);
      const page = await response.text();
      expect(page).toContain('Lanes is locked');
      expect(page).toContain('Open the address that <code>lanes web</code> printed');
      expect(page).not.toContain('<title>Lanes</title>'); // not the app
    }
    expect((await get('/', {}, 'HEAD')).status).toBe(403);
  });

  it('refuses a wrong, empty or partial secret, and a cookie that is not the session', async () => {
    const token = new URL(server.url).searchParams.get('token')!;
    for (const wrong of ['', 'x', token.slice(0, -1), `${token}0`, token.toUpperCase(), '0'.repeat(48)]) {
      const response = await get(`/?token=${encodeURIComponent(wrong)}`, {});
      expect(response.status, wrong).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
      expect(await response.text()).toContain('not the one this Lanes was started with');
    }
    const [name] = cookie.split('=');
    expect((await get('/', { cookie: `${name}=${token}` })).status).toBe(403); // the URL's secret is not the cookie
    expect((await get('/', { cookie: `${name}=` })).status).toBe(403);
    expect((await get('/', { cookie: `lanes-1=${cookie.split('=')[1]}` })).status).toBe(403); // another port's name
  });

  it('trades the secret for an HttpOnly, SameSite=Strict cookie and drops it from the address', async () => {
    const response = await fetch(server.url, { redirect: 'manual' });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`^lanes-${server.port}=[\\w-]+; HttpOnly; SameSite=Strict; Path=/$`));
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('<meta http-equiv="refresh" content="0;url=/">');
    expect(page).not.toContain(new URL(server.url).searchParams.get('token')!);
    // With the cookie, the app itself.
    expect(await (await get('/', { cookie: setCookie.split(';')[0]! })).text()).toContain('<title>Lanes</title>');
  });

  it('keeps the rest of the address after login, and never leaves this server', () => {
    expect(loginRequest('/blank.html?bench&token=abc')).toEqual({ token: 'abc', next: '/blank.html?bench=' });
    expect(loginRequest('/?token=abc')).toEqual({ token: 'abc', next: '/' });
    expect(loginRequest('/?view=abc')).toEqual({ token: 'abc', next: '/' });
    expect(loginRequest('//evil.example/?token=abc')!.next).toBe('/');
    expect(loginRequest('/%2F%2Fevil.example?token=abc')!.next).not.toMatch(/^\/\//);
    expect(loginRequest('/index.html')).toBeNull();
    expect(server.urlFor('/blank.html?bench')).toMatch(/\/blank\.html\?bench=&token=[0-9a-f]{48}$/);
  });

  it('survives request targets no URL parser accepts, answering each', async () => {
    const raw = (target: string): Promise<string> =>
      new Promise((resolve) => {
        const socket = tcpConnect(server.port, '127.0.0.1');
        let answer = '';
        socket.on('error', () => undefined);
        socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
        socket.once('close', () => resolve(answer.split('\r\n')[0]!));
        socket.write(
          `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n`,
        );
      });
    for (const target of ['//[?token=1', '//[', '/%?token=1', '//:99999/?token=x', 'http://[/?token=1']) {
      expect(await raw(target), target).toMatch(/^HTTP\/1\.1 (400|403|404)/);
    }
    expect((await get('/')).status).toBe(200); // still serving
  });

  it('refuses the WebSocket without the cookie, or from another origin even with it (403)', async () => {
    await expect(connect(server.origin, {})).rejects.toThrow(/403/);
    await expect(connect(server.origin, { cookie: 'lanes-0=nope' })).rejects.toThrow(/403/);
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
    const socket = await connect(server.origin);
    socket.close();
  });

  it('is open to all with --no-token (openAccess): no secret in the URL, no cookie needed', async () => {
    const open = await startWebServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      host: '127.0.0.1',
      port: 0,
      access: openAccess(),
    });
    try {
      expect(open.url).toBe(`http://127.0.0.1:${open.port}/`);
      expect((await fetch(open.url)).status).toBe(200);
      const socket = await connect(open.origin, {}, open.port);
      socket.close();
    } finally {
      await open.close();
    }
  });

  it('secrets: a right one grants its role, anything else nothing', () => {
    const access = lockedAccess();
    const token = access.tokenFor('operator')!;
    const session = access.sessionFor('operator')!;
    expect(access.byToken(token)).toBe('operator');
    expect(access.bySession(session)).toBe('operator');
    expect(access.byToken(session)).toBeNull();
    expect(access.bySession(token)).toBeNull();
    expect(access.bySession(undefined)).toBeNull();
    expect(access.byToken(`${token} `)).toBeNull();
    expect(lockedAccess().tokenFor('operator')).not.toBe(token);
  });
});

describe('limits', () => {
  it(`accepts at most ${MAX_CLIENTS.operator} WebSocket clients (503 beyond), and one more once one leaves`, async () => {
    const sockets = await Promise.all(Array.from({ length: MAX_CLIENTS.operator }, () => connect(server.origin)));
    try {
      await expect(connect(server.origin)).rejects.toThrow(/503/);
      // The server counts the leaver once its side has closed: retry for a moment.
      sockets[0]!.close();
      const deadline = Date.now() + 5_000;
      let again: WebSocket | null = null;
      while (!again) {
        again = await connect(server.origin).catch((error: unknown) => {
          if (Date.now() > deadline) throw error;
          return null;
        });
        if (!again) await new Promise((r) => setTimeout(r, 50));
      }
      sockets[0] = again;
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  it('answers a broken handshake (400) without counting it against the limit', async () => {
    // A server of its own: no clients left over from other tests.
    const fresh = await startWebServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      host: '127.0.0.1',
      port: 0,
    });
    try {
      const freshCookie = await login(fresh.url);
      const broken = (): Promise<string> =>
        new Promise((resolve) => {
          const socket = tcpConnect(fresh.port, '127.0.0.1');
          let answer = '';
          socket.on('error', () => undefined);
          socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
          socket.once('close', () => resolve(answer));
          // No Sec-WebSocket-Key: ws refuses the handshake itself.
          socket.write(
            `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${fresh.port}\r\nOrigin: ${fresh.origin}\r\n` +
              `Cookie: ${freshCookie}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`,
          );
        });
      // One after another: more than the limit in all, each over before the next.
      for (let i = 0; i < MAX_CLIENTS.operator + 4; i++) expect(await broken()).toMatch(/^HTTP\/1\.1 400/);
      const socket = await connect(fresh.origin, { cookie: freshCookie }, fresh.port);
      socket.close();
    } finally {
      await fresh.close();
    }
  });

  it('drops a sender that never finishes its headers, and keeps serving others meanwhile', async () => {
    const strict = await startWebServer({
      engine: sessionEndpoint(session),
      rendererDir: root,
      host: '127.0.0.1',
      port: 0,
      timeouts: { headersMs: 500, requestMs: 1_000 },
    });
    try {
      const slow = tcpConnect(strict.port, '127.0.0.1');
      slow.on('error', () => undefined);
      let answer = '';
      slow.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      const closed = new Promise<number>((resolve) => slow.once('close', () => resolve(Date.now())));
      const started = Date.now();
      slow.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${strict.port}\r\n`);
      // Trickle a header byte now and then, as a slow-loris sender does, never ending the headers.
      const trickle = setInterval(() => slow.writable && slow.write('X'), 100);
      expect((await fetch(strict.url)).status).toBe(200); // others are still served
      const end = await closed;
      clearInterval(trickle);
      expect(end - started).toBeLessThan(5_000);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await strict.close();
    }
  });
});

describe('WebSocket bridge', () => {
  it('refuses a page from another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers malformed messages with a reason and keeps the connection', async () => {
    const socket = await connect(server.origin);
    const received = messages(socket);
    socket.send('{not json');
    socket.send(JSON.stringify({ kind: 'call', id: 1, command: 'explode' }));
    socket.send(JSON.stringify({ kind: 'call', id: 2, command: 'run', payload: { tasks: 0 } }));
    socket.send(JSON.stringify({ kind: 'call', id: 3, command: 'hello' }));
    await until(() => received.filter((m) => m.kind === 'reply').length === 4);
    const replies = received.filter((m) => m.kind === 'reply');
    expect(replies[0]).toEqual({ kind: 'reply', id: null, result: { ok: false, error: 'Message is not valid JSON.' } });
    expect(replies[1]).toEqual({ kind: 'reply', id: null, result: { ok: false, error: 'Unknown command "explode".' } });
    expect(replies[2]).toEqual({
      kind: 'reply',
      id: 2,
      result: { ok: false, error: 'Tasks must be a whole number from 1 to 64 (got 0).' },
    });
    expect(replies[3]).toMatchObject({
      id: 3,
      result: {
        ok: true,
        value: {
          shell: 'web',
          lessons: expect.arrayContaining([
            expect.objectContaining({ id: 'threading' }),
            expect.objectContaining({ id: 'multiprocessing' }),
          ]),
        },
      },
    });
    socket.close();
  });

  it('runs a lesson and streams its events in batches to every connected view', async () => {
    const [driver, watcher] = await Promise.all([connect(server.origin), connect(server.origin)]);
    const seen = messages(watcher);
    const driven = messages(driver);
    driver.send(JSON.stringify({ kind: 'call', id: 1, command: 'run', payload: { lesson: 'threading', stepMs: 20 } }));
    const events = (): EngineEvent[] => seen.flatMap((m) => (m.kind === 'events' ? m.events : []));
    await until(() => events().some((e) => e.kind === 'run-end'));
    expect(driven.find((m) => m.kind === 'reply')).toMatchObject({ id: 1, result: { ok: true } });
    expect(events().flatMap((e) => (e.kind === 'print' ? [e.text] : []))).toEqual([
      ...Array.from({ length: 10 }, (_, i) => String(i + 1)),
      'Thread execution complete!',
    ]);
    const batches = seen.filter((m) => m.kind === 'events').length;
    expect(batches).toBeLessThan(events().length);
    driver.close();
    watcher.close();
  });
});
