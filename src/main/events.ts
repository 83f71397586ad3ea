// Forwards the session's event batches to the window's page over IPC_EVENTS_CHANNEL, holding
// them while the page is (re)loading, as Electron Fiddle does, and never sending to a destroyed
// webContents. Runs in Electron main; the preload's onEvents() receives what this sends.

import { IPC_EVENTS_CHANNEL, type EngineEvent } from '../core/contract';
import type { Session } from '../node/session';

/** The part of a webContents the bridge writes to. */
export interface EventSink {
  send(channel: string, events: EngineEvent[]): void;
  isDestroyed(): boolean;
}

/**
 * Batches held while no page listens: at one batch per 16 ms frame, about 10 s of loading.
 * Past that the oldest go first; a page that missed them catches up with the `record` command.
 */
export const MAX_QUEUED_BATCHES = 600;

export interface EventBridge {
  /** The page started (re)loading: hold batches until it is ready. */
  pageLoading(): void;
  /** The page finished loading (`did-finish-load`): flush what was held, then send live. */
  pageReady(): void;
  /** The window is going away: unsubscribe and drop everything. Idempotent. */
  close(): void;
}

/** Subscribes to the session on behalf of one window's page. */
export function bridgeEvents(session: Pick<Session, 'subscribe'>, sink: EventSink): EventBridge {
  let ready = false;
  let closed = false;
  let queue: EngineEvent[][] = [];

  const send = (batch: EngineEvent[]): void => {
    if (closed || sink.isDestroyed()) return;
    sink.send(IPC_EVENTS_CHANNEL, batch);
  };

  const unsubscribe = session.subscribe((batch) => {
    if (closed) return;
    if (ready) {
      send(batch);
      return;
    }
    queue.push(batch);
    if (queue.length > MAX_QUEUED_BATCHES) queue.shift();
  });

  return {
    pageLoading() {
      ready = false;
    },
    pageReady() {
      if (closed) return;
      ready = true;
      const held = queue;
      queue = [];
      for (const batch of held) send(batch);
    },
    close() {
      if (closed) return;
      closed = true;
      queue = [];
      unsubscribe();
    },
  };
}
