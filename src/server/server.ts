// The web shell: serves the built renderer over HTTP and bridges the same Session over a
// WebSocket at /ws. Locked by a secret made at each start (auth.ts, gate.ts); refuses foreign
// Host headers and origins; bounds clients and slow senders; validates every message; lets each
// role call only what it may (roles.ts): a viewer (`--share`) follows and changes nothing.
// Runs in Node (started by `lanes web`, the end-to-end tests and the bench).

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  MAX_WS_MESSAGE_BYTES,
  type CommandName,
  type WebCommandName,
  type Hello,
  type Result,
  type Role,
  type ShareInfo,
  type WsServerMessage,
} from '../core/contract';
import { err, parseWsCall } from '../core/validate';
import type { Endpoint } from '../node/endpoint';
import { securityHeaders, serveStatic } from '../node/static-files';
import { lockedAccess, type Access } from './auth';
import { Fanout } from './fanout';
import {
  cookieName,
  cookieRole,
  loggedInPage,
  loginRequest,
  presenterElsewherePage,
  refusedPage,
  sessionCookie,
  TOKEN_PARAM,
  VIEW_PARAM,
} from './gate';
import { isAllowedHost, isAllowedOrigin, isWildcard } from './origins';
import { qrSvg } from './qr';
import { isLoopbackPeer, MAX_CLIENTS, refusal } from './roles';

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
  /**
   * Called for each operator's accepted WebSocket with its two TCP ports; returns what to run when
   * it closes. Not for viewers: their browsers are not part of what this machine's app costs.
   */
  onClient?: (localPort: number, remotePort: number) => (() => void) | null;
  /**
   * Where an operator may come from. 'loopback' (`--share`): the presenter's secret works on this
   * machine only, so a glimpse of it on the projector, or a cookie sniffed off the classroom's
   * network (plain HTTP), lets no one run programs here. Default 'anywhere' (`--host` chose it).
   */
  operatorsFrom?: 'anywhere' | 'loopback';
  /** Sharing with a class: whose runs they follow, and the host their address names. */
  share?: { presenter: string; viewerHost: string };
  /** Tests shorten these to see a slow sender dropped; everyone else keeps the defaults. */
  timeouts?: { headersMs: number; requestMs: number };
}

export interface WebServer {
  /** The address to open: carries the login secret when the server is locked. */
  url: string;
  /** The same for another page of this server (`path` may carry a query). */
  urlFor(path: string): string;
  /** http://host:port, the Origin this server's pages have (loopback when bound to every interface). */
  origin: string;
  port: number;
  /** The viewers' address, their secret included, when sharing; null otherwise. */
  viewerUrl: string | null;
  /** How many WebSockets of a role are connected now. */
  clients(role: Role): number;
  close(): Promise<void>;
}

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
  const operatorsFrom = options.operatorsFrom ?? 'anywhere';
  let port = options.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  const fanout = new Fanout(engine);
  const upgrading: Record<Role, number> = { operator: 0, viewer: 0 };
  /** What hello adds for each role while sharing; set once the port (and so the address) is known. */
  let shareFor: (role: Role) => ShareInfo | null = () => null;

  /** A role, granted by a secret or proved by a cookie, and honoured only from where it may come. */
  const fromHere = (role: Role | null, request: IncomingMessage): Role | null =>
    role === 'operator' && operatorsFrom === 'loopback' && !isLoopbackPeer(request.socket.remoteAddress) ? null : role;

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
      const granted = access.byToken(login.token);
      const role = fromHere(granted, request);
      if (role === null) {
        response.writeHead(403, html).end(body(granted ? presenterElsewherePage() : refusedPage(true)));
        return;
      }
      const cookie = sessionCookie(cookieName(port), access.sessionFor(role)!);
      response.writeHead(200, { ...html, 'Set-Cookie': cookie }).end(body(loggedInPage(login.next)));
      return;
    }
    if (fromHere(cookieRole(access, request, port), request) === null) {
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
    const role = fromHere(cookieRole(access, request, port), request);
    if (role === null) {
      refuseUpgrade(socket, '403 Forbidden');
      return;
    }
    if (fanout.count(role) + upgrading[role] >= MAX_CLIENTS[role]) {
      refuseUpgrade(socket, '503 Service Unavailable');
      return;
    }
    // Counted until the handshake ends either way: ws answers a bad one (400) without calling back.
    upgrading[role]++;
    let pending = true;
    const settled = (): void => {
      if (pending) upgrading[role]--;
      pending = false;
    };
    socket.once('close', settled);
    wss.handleUpgrade(request, socket, head, (ws) => {
      settled();
      accept(ws, request, role);
    });
  });

  /** A command from a client: refused when its role may not call it; hello says who it is. */
  function answer(role: Role, command: CommandName | WebCommandName, payload: unknown): Result<unknown> {
    const refused = refusal(role, command);
    if (refused) return refused;
    const result = engine.call(command, payload);
    if (command !== 'hello' || !result.ok) return result;
    return { ok: true, value: { ...(result.value as Hello), role, share: shareFor(role) } satisfies Hello };
  }

  function accept(socket: WebSocket, request: IncomingMessage, role: Role): void {
    const { localPort, remotePort } = request.socket;
    const detach =
      role === 'operator' && localPort && remotePort ? (options.onClient?.(localPort, remotePort) ?? null) : null;
    const remove = fanout.add(socket, role);
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
      send(socket, { kind: 'reply', id, result: answer(role, command, payload) });
    });
    let closed = false;
    const close = (): void => {
      if (closed) return;
      closed = true;
      remove();
      detach?.();
    };
    socket.on('close', close);
    socket.on('error', close);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  // Bound to every interface, the presenter's address is still this machine's loopback.
  const shown = isWildcard(host) ? '127.0.0.1' : host;
  const origin = `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
  const token = access.tokenFor('operator');
  const urlFor = (path: string): string => {
    const url = new URL(path, origin);
    if (token !== null) url.searchParams.set(TOKEN_PARAM, token);
    return url.href;
  };
  const viewerToken = access.tokenFor('viewer');
  let viewerUrl: string | null = null;
  if (options.share && viewerToken !== null) {
    const url = new URL(`http://${options.share.viewerHost}:${port}/`);
    url.searchParams.set(VIEW_PARAM, viewerToken);
    viewerUrl = url.href;
    const forOperator: ShareInfo = { presenter: options.share.presenter, viewerUrl, qrSvg: await qrSvg(viewerUrl) };
    // A viewer learns whose runs these are, never an address or a secret.
    const forViewer: ShareInfo = { presenter: options.share.presenter, viewerUrl: null, qrSvg: null };
    shareFor = (role) => (role === 'operator' ? forOperator : forViewer);
  }

  return {
    url: urlFor('/'),
    urlFor,
    origin,
    port,
    viewerUrl,
    clients: (role) => fanout.count(role),
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
