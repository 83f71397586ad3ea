// The web shell for real: an HTTP server and WebSocket bridge on a random loopback port, driving
// a real session. Browsers are tested end to end in tests/e2e; this checks the edge itself.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EngineEvent, WsServerMessage } from '../../../src/core/contract';
import { sessionEndpoint } from '../../../src/node/endpoint';
import { createNodeSession } from '../../../src/node/node-session';
import type { Session } from '../../../src/node/session';
import { isAllowedHost, isAllowedOrigin } from '../../../src/server/origins';
import { resolveStaticPath } from '../../../src/server/static-files';
import { startWebServer, type WebServer } from '../../../src/server/server';

let server: WebServer;
let session: Session;
const root = mkdtempSync(join(tmpdir(), 'lanes-renderer-'));

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lanes</title>');
  session = createNodeSession({ shell: 'web', bundleDir: pathToFileURL(resolve('out/node') + '/'), sampler: null });
  server = await startWebServer({ engine: sessionEndpoint(session), rendererDir: root, host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await server.close();
  await session.dispose();
});

function connect(origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws`, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
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
    const response = await fetch(server.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Lanes</title>');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('refuses path traversal, foreign Host headers and other methods', async () => {
    expect((await fetch(`${server.url}..%2f..%2fetc%2fpasswd`)).status).toBe(400);
    expect((await fetch(`${server.url}missing.js`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
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
    expect(isAllowedOrigin('http://127.0.0.1:5390', '127.0.0.1:5390', '127.0.0.1', 5390)).toBe(true);
    expect(isAllowedOrigin('http://evil.example', '127.0.0.1:5390', '127.0.0.1', 5390)).toBe(false);
    expect(isAllowedOrigin(undefined, '127.0.0.1:5390', '127.0.0.1', 5390)).toBe(false);
  });
});

describe('WebSocket bridge', () => {
  it('refuses a page from another origin', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
  });

  it('answers malformed messages with a reason and keeps the connection', async () => {
    const socket = await connect(`http://127.0.0.1:${server.port}`);
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
    const origin = `http://127.0.0.1:${server.port}`;
    const [driver, watcher] = await Promise.all([connect(origin), connect(origin)]);
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
