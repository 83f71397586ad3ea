// The web shell: serves the built renderer over HTTP and bridges the same Session over a
// WebSocket at /ws. Refuses foreign Host headers and origins; validates every message.
// Runs in Node (started by `lanes web`, and by the end-to-end tests).

import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_WS_MESSAGE_BYTES, type EngineEvent, type WsServerMessage } from '../core/contract';
import { err, parseWsCall } from '../core/validate';
import type { Endpoint } from '../node/endpoint';
import { isAllowedHost, isAllowedOrigin } from './origins';
import { mimeType, resolveStaticPath, securityHeaders } from './static-files';

export interface WebServerOptions {
  /** The engine behind the socket (a Session's endpoint, or the benchmark's synthetic one). */
  engine: Endpoint;
  /** Folder of the built renderer (out/renderer). */
  rendererDir: string;
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Called for each accepted WebSocket with its two TCP ports; returns what to run when it closes. */
  onClient?: (localPort: number, remotePort: number) => (() => void) | null;
}

export interface WebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A client this far behind is too slow to follow a live run; it is closed rather than buffered. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

function send(socket: WebSocket, message: WsServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { engine, rendererDir, host } = options;
  let port = options.port;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void serveFile(request, response);
  });

  async function serveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = securityHeaders(`ws://${request.headers.host ?? `${host}:${port}`}`);
    if (!isAllowedHost(request.headers.host, host, port)) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end('Unknown host.\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD', ...headers }).end();
      return;
    }
    const path = resolveStaticPath(rendererDir, request.url ?? '/');
    if (!path) {
      response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end('Bad path.\n');
      return;
    }
    try {
      const body = await readFile(path);
      response.writeHead(200, { 'Content-Type': mimeType(path), ...headers });
      response.end(request.method === 'HEAD' ? undefined : body);
    } catch {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...headers }).end('Not found.\n');
    }
  }

  server.on('upgrade', (request, socket, head) => {
    const { origin, host: hostHeader } = request.headers;
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/ws' || !isAllowedOrigin(origin, hostHeader, host, port)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
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
  const shownHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${shownHost}:${port}/`,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
