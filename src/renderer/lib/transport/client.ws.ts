// The web-shell transport: one WebSocket to `lanes web` at /ws. Calls made while disconnected
// wait for the next connection; calls in flight when it drops fail with a sentence; the socket
// reconnects with capped, jittered backoff and tells the UI each time it closes, and whether the
// server is down or up but refusing this page (a browser hides a refused upgrade's 403, so a
// socket that never opened is followed by a plain request that shows it).
// Runs in the browser; the socket, timers and that request are injected so the policy is unit-tested.

import type {
  Client,
  CloseReason,
  CommandName,
  EngineEvent,
  Result,
  WebCommandName,
  WsCall,
} from '../../../core/contract';
import { commandApi, webApi, type WebApi } from './command-api';
import { parseServerMessage } from './wire';

/** The part of the WebSocket API this client uses. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface WsClientOptions {
  url: string;
  createSocket?: (url: string) => SocketLike;
  timers?: Timers;
  /** 0..1; jitter keeps many windows from reconnecting in lock-step after a restart. */
  random?: () => number;
  /**
   * Asked after a socket closed without opening: whether the server answers this page's requests
   * with 403 (true), rather than not at all (false). Without it, every close is a drop.
   */
  refuses?: () => Promise<boolean>;
}

const OPEN = 1;
/** First retry soon (a server restart takes about a second); then back off to at most 5 s. */
export const RECONNECT_BASE_MS = 250;
export const RECONNECT_MAX_MS = 5_000;
/** Every command answers at once; one unanswered this long means the engine is wedged. */
export const CALL_TIMEOUT_MS = 15_000;

export function reconnectDelay(attempt: number, random: number): number {
  const capped = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** attempt);
  return Math.round(capped * (0.5 + random / 2));
}

interface Pending {
  resolve(result: Result<unknown>): void;
  timer: unknown;
  /** The call's frame; null once sent. */
  frame: string | null;
}

export interface WsClient extends Client, WebApi {
  /** Closes for good (page teardown, tests). */
  dispose(): void;
}

export function createWsClient(options: WsClientOptions): WsClient {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const timers: Timers = options.timers ?? {
    set: (callback, ms) => setTimeout(callback, ms),
    clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const random = options.random ?? Math.random;
  const eventListeners = new Set<(events: EngineEvent[]) => void>();
  const closeListeners = new Set<(reason: CloseReason) => void>();
  const pending = new Map<number, Pending>();
  let socket: SocketLike | null = null;
  let nextId = 1;
  let attempt = 0;
  let retryTimer: unknown = null;
  let disposed = false;
  /** The last check found the server refusing this page; cleared when a socket opens. */
  let refused = false;

  const settle = (id: number, result: Result<unknown>): void => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    timers.clear(call.timer);
    call.resolve(result);
  };

  const flushQueued = (): void => {
    for (const call of pending.values()) {
      if (call.frame !== null && socket?.readyState === OPEN) {
        socket.send(call.frame);
        call.frame = null;
      }
    }
  };

  const onMessage = (data: unknown): void => {
    const message = parseServerMessage(data);
    if (!message) return;
    if (message.kind === 'reply') {
      if (message.id !== null) settle(message.id, message.result);
      return;
    }
    for (const listener of eventListeners) {
      try {
        listener(message.events);
      } catch (error) {
        console.error('lanes: an event listener failed', error);
      }
    }
  };

  const tell = (reason: CloseReason): void => {
    for (const listener of closeListeners) listener(reason);
  };

  /** A socket that never opened: ask whether the server is down or refuses this page. */
  const check = (): void => {
    const refuses = options.refuses;
    if (!refuses) return;
    void refuses().then(
      (answer) => {
        // A socket opened meanwhile (or the window closed): the answer is stale.
        if (disposed || socket?.readyState === OPEN || answer === refused) return;
        refused = answer;
        tell(answer ? 'refused' : 'dropped');
      },
      () => undefined,
    );
  };

  const onClose = (opened: boolean): void => {
    socket = null;
    for (const [id, call] of pending) {
      if (call.frame === null)
        settle(id, { ok: false, error: 'Lost connection to the Lanes engine before it answered.' });
    }
    if (disposed) return;
    tell(refused ? 'refused' : 'dropped');
    if (!opened) check();
    retryTimer = timers.set(connect, reconnectDelay(attempt++, random()));
  };

  function connect(): void {
    retryTimer = null;
    if (disposed) return;
    let next: SocketLike;
    try {
      next = createSocket(options.url);
    } catch {
      onClose(false);
      return;
    }
    socket = next;
    let opened = false;
    next.onopen = () => {
      opened = true;
      attempt = 0;
      refused = false;
      flushQueued();
    };
    next.onmessage = (event) => onMessage(event.data);
    next.onerror = () => undefined; // a close event always follows; it carries the handling
    next.onclose = () => {
      if (socket === next) onClose(opened);
    };
  }

  const invoke = <T>(command: CommandName | WebCommandName, payload: unknown): Promise<Result<T>> =>
    new Promise((resolve) => {
      if (disposed) {
        resolve({ ok: false, error: 'This window has closed its connection to the Lanes engine.' });
        return;
      }
      const id = nextId++;
      const call: WsCall = { kind: 'call', id, command, payload };
      const timer = timers.set(
        () => settle(id, { ok: false, error: `The Lanes engine did not answer "${command}" in time.` }),
        CALL_TIMEOUT_MS,
      );
      pending.set(id, { resolve: resolve as (result: Result<unknown>) => void, timer, frame: JSON.stringify(call) });
      flushQueued();
    });

  connect();

  return {
    ...commandApi(invoke),
    ...webApi(invoke),
    onEvents(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onClose(listener) {
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (retryTimer !== null) timers.clear(retryTimer);
      for (const id of [...pending.keys()]) settle(id, { ok: false, error: 'Connection closed.' });
      socket?.close(1000, 'window closed');
      socket = null;
    },
  };
}
