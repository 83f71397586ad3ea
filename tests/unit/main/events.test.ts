// The session -> page event bridge with a fake session and a fake webContents: batches wait for
// the page, flush in order when it is ready, and stop for good when the window goes.
import { describe, expect, it } from 'vitest';
import { IPC_EVENTS_CHANNEL, type EngineEvent } from '../../../src/core/contract';
import { bridgeEvents, MAX_QUEUED_BATCHES, type EventSink } from '../../../src/main/events';
import type { EventListener } from '../../../src/node/session';

function fakeSession() {
  const listeners = new Set<EventListener>();
  return {
    listeners,
    subscribe(listener: EventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(batch: EngineEvent[]) {
      for (const listener of listeners) listener(batch);
    },
  };
}

function fakeSink(): EventSink & { sent: EngineEvent[][]; destroyed: boolean } {
  return {
    sent: [],
    destroyed: false,
    send(channel, events) {
      expect(channel).toBe(IPC_EVENTS_CHANNEL);
      this.sent.push(events);
    },
    isDestroyed() {
      return this.destroyed;
    },
  };
}

const notice = (text: string): EngineEvent[] => [{ kind: 'notice', level: 'info', text }];

describe('event bridge', () => {
  it('holds batches until the page has loaded, then sends them in order and live', () => {
    const session = fakeSession();
    const sink = fakeSink();
    const bridge = bridgeEvents(session, sink);
    session.emit(notice('a'));
    session.emit(notice('b'));
    expect(sink.sent).toEqual([]);
    bridge.pageReady();
    session.emit(notice('c'));
    expect(sink.sent).toEqual([notice('a'), notice('b'), notice('c')]);
  });

  it('holds batches again while the page reloads', () => {
    const session = fakeSession();
    const sink = fakeSink();
    const bridge = bridgeEvents(session, sink);
    bridge.pageReady();
    bridge.pageLoading();
    session.emit(notice('during reload'));
    expect(sink.sent).toEqual([]);
    bridge.pageReady();
    expect(sink.sent).toEqual([notice('during reload')]);
  });

  it('keeps only the newest batches while waiting', () => {
    const session = fakeSession();
    const sink = fakeSink();
    const bridge = bridgeEvents(session, sink);
    for (let i = 0; i < MAX_QUEUED_BATCHES + 5; i++) session.emit(notice(String(i)));
    bridge.pageReady();
    expect(sink.sent).toHaveLength(MAX_QUEUED_BATCHES);
    expect(sink.sent[0]).toEqual(notice('5'));
  });

  it('never sends to a destroyed webContents, and unsubscribes once on close', () => {
    const session = fakeSession();
    const sink = fakeSink();
    const bridge = bridgeEvents(session, sink);
    bridge.pageReady();
    sink.destroyed = true;
    session.emit(notice('lost'));
    expect(sink.sent).toEqual([]);
    bridge.close();
    bridge.close();
    expect(session.listeners.size).toBe(0);
    bridge.pageReady();
    expect(sink.sent).toEqual([]);
  });
});
