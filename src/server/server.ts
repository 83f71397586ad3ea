// The web shell: serves the built renderer over HTTP and bridges the same Session over a
// WebSocket at /ws. Locked by a secret made at each start (auth.ts, gate.ts); refuses foreign
// Host headers and origins; bounds clients and slow senders; validates every message.
// Runs in Node (started by `lanes web`, the end-to-end tests and the bench).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_WS_MESSAGE_BYTES, type EngineEvent, type WsServerMessage } from '../core/contract';
import { err, parseWsCall } from '../core/validate';
import type { Endpoint } from '../node/endpoint';
import { securityHeaders, serveStatic } from '../node/static-files';
import { lockedAccess, type Access } from './auth';
import { cookieName, cookieRole, loggedInPage, loginRequest, refusedPage, sessionCookie, TOKEN_PARAM } from './gate';
import { isAllowedHost, isAllowedOrigin } from './origins';

export interface WebServerOptions {
  /** The engine behind the socket (a Session's endpoint, or the benchmark's synthetic one). */
  engine: Endpoint;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Who may come in; by default a fresh secret for an operator (`openAccess()` is `--no-token`). */
  access?: Access;
  /** Called for each accepted WebSocket with its two TCP ports; returns what to run when it closes. */
  onClient?: (localPort: number, remotePort: number) => (() => void) | null;
  /** Tests shorten these to see a slow sender dropped; everyone else keeps the defaults. */
  timeouts?: { headersMs: number; requestMs: number };
}

export interface WebServer {
  /** The address to open: carries the login secret when the server is locked. */
  url: string;
  /** The same for another page of this server (`path` may carry a query). */
  urlFor(path: string): string;
  /** http://host:port, the Origin this server's pages have. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

/** A client this far behind is too slow to follow a live run; it is closed rather than buffered. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;
/**
 * More windows than a classroom projector and a few learners need; each client costs a copy of
 * every event batch, so an unbounded number would let one local process exhaust memory and CPU.
 */
export const MAX_CLIENTS = 32;
/** A browser sends its headers at once; a sender still sending them after 10 s is holding a socket. */
const HEADERS_TIMEOUT_MS = 10_000;
/** The largest request here is a header-only GET or upgrade: 30 s is generous on any link. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How often Node checks those two time-outs (its default, 30 s, would let a slow sender stay 3× longer). */
const TIMEOUT_CHECK_MS = 1_000;

function send(socket: WebSocket, message: WsServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

/** Ends a raw upgrade socket with a plain HTTP status. */
function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { engine, rendererDir, host } = options;
  const access = options.access ?? lockedAccess();
  let port = options.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  let upgrading = 0;

  const timeouts = options.timeouts ?? { headersMs: HEADERS_TIMEOUT_MS, requestMs: REQUEST_TIMEOUT_MS };
  const server = createServer(
    {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, timeouts.headersMs),
    },
    (request: IncomingMessage, response: ServerResponse) => {
      // Last resort: a request that breaks serve() gets a 500; it never takes the server down.
      serve(request, response).catch(() => {
        if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end();
      });
    },
  );

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = securityHeaders();
    const text = { 'Content-Type': 'text/plain; charset=utf-8', ...headers };
    const html = { 'Content-Type': 'text/html; charset=utf-8', ...headers, 'Cache-Control': 'no-store' };
    if (!isAllowedHost(request.headers.host, host, port)) {
      response.writeHead(421, text).end('Unknown host.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...headers }).end();
      return;
    }
    const body = (page: string): string | undefined => (request.method === 'HEAD' ? undefined : page);
    const login = access.locked ? loginRequest(request.url ?? '/') : null;
    if (login) {
      const role = access.byToken(login.token);
      if (role === null) {
        response.writeHead(403, html).end(body(refusedPage(true)));
        return;
      }
      const cookie = sessionCookie(cookieName(port), access.sessionFor(role)!);
      response.writeHead(200, { ...html, 'Set-Cookie': cookie }).end(body(loggedInPage(login.next)));
      return;
    }
    if (cookieRole(access, request, port) === null) {
      response.writeHead(403, html).end(body(refusedPage(false)));
      return;
    }
    const file = await serveStatic(rendererDir, request.method, request.url ?? '/');
    response.writeHead(file.status, file.headers).end(file.body ?? undefined);
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not take the server down with an unhandled error.
    socket.on('error', () => socket.destroy());
    const { origin, host: hostHeader } = request.headers;
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/ws' || !isAllowedOrigin(origin, hostHeader, host, port)) {
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    if (cookieRole(access, request, port) === null) {
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    if (wss.clients.size + upgrading >= MAX_CLIENTS) {
      refuseUpgrade(socket, '503 Service Unavailable');
      return;
    }
    // Counted until the handshake ends either way: ws answers a bad one (400) without calling back.
    upgrading++;
    let pending = true;
    const settled = (): void => {
      if (pending) upgrading--;
      pending = false;
    };
    socket.once('close', settled);
    wss.handleUpgrade(request, socket, head, (ws) => {
      settled();
      wss.emit('connection', ws, request);
    });
  });

  wss.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const { localPort, remotePort } = request.socket;
    const detach = localPort && remotePort ? (options.onClient?.(localPort, remotePort) ?? null) : null;
    const unsubscribe = engine.subscribe((events: EngineEvent[]) => {
      if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        socket.close(1013, 'Client too slow to follow the run.');
        return;
      }
      send(socket, { kind: 'events', events });
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        send(socket, { kind: 'reply', id: null, result: err('Messages must be JSON text.') });
        return;
      }
      const call = parseWsCall(data.toString());
      if (!call.ok) {
        send(socket, { kind: 'reply', id: null, result: call });
        return;
      }
      const { id, command, payload } = call.value;
      send(socket, { kind: 'reply', id, result: engine.call(command, payload) });
    });
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      detach?.();
    };
    socket.on('close', close);
    socket.on('error', close);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const token = access.tokenFor('operator');
  const urlFor = (path: string): string => {
    const url = new URL(path, origin);
    if (token !== null) url.searchParams.set(TOKEN_PARAM, token);
    return url.href;
  };

  return {
    url: urlFor('/'),
    urlFor,
    origin,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
