// One subscription to the engine shared by every WebSocket client: each event batch is turned
// into bytes once and the same bytes go to every client, operators first; a client too far
// behind is dropped, never buffered for, so the engine and the presenter never wait for a viewer.
// Runs in the Node web server (server.ts adds each client and removes it when it closes).

import type { WebSocket } from 'ws';
import type { EngineEvent, Role, WsEvents } from '../core/contract';
import type { Endpoint } from '../node/endpoint';
import { MAX_BUFFERED_BYTES } from './roles';

export class Fanout {
  private readonly clients: Record<Role, Set<WebSocket>> = { operator: new Set(), viewer: new Set() };
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly engine: Endpoint) {}

  count(role: Role): number {
    return this.clients[role].size;
  }

  /**
   * Sends `socket` every batch from now on; returns what removes it. The engine is subscribed to
   * only while someone listens: the real session samples the CPU only then.
   */
  add(socket: WebSocket, role: Role): () => void {
    this.clients[role].add(socket);
    this.unsubscribe ??= this.engine.subscribe((events) => this.broadcast(events));
    return () => {
      this.clients[role].delete(socket);
      if (this.clients.operator.size + this.clients.viewer.size > 0) return;
      this.unsubscribe?.();
      this.unsubscribe = null;
    };
  }

  private broadcast(events: EngineEvent[]): void {
    // Text frames from one Buffer: ws writes it as is to each socket (no copy, no re-encoding).
    const frame = Buffer.from(JSON.stringify({ kind: 'events', events } satisfies WsEvents));
    for (const role of ['operator', 'viewer'] as const) {
      for (const socket of this.clients[role]) {
        if (socket.readyState !== socket.OPEN) continue;
        if (socket.bufferedAmount > MAX_BUFFERED_BYTES[role]) drop(socket, role);
        else socket.send(frame, { binary: false });
      }
    }
  }
}

/**
 * An operator is told why (its page says so and reconnects). A viewer is cut off at once: one
 * that stopped reading would never read a closing message either, and its buffered bytes are
 * freed now rather than after the closing handshake times out.
 */
function drop(socket: WebSocket, role: Role): void {
  if (role === 'operator') socket.close(1013, 'Client too slow to follow the run.');
  else socket.terminate();
}
