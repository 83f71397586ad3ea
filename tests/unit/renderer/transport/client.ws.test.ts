import { describe, expect, it } from 'vitest';
import {
  createWsClient,
  reconnectDelay,
  RECONNECT_MAX_MS,
  type SocketLike,
  type Timers,
} from '../../../../src/renderer/lib/transport/client.ws';
import { parseServerMessage } from '../../../../src/renderer/lib/transport/wire';
import { start } from '../fixtures';

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  reply(id: number, result: unknown): void {
    this.onmessage?.({ data: JSON.stringify({ kind: 'reply', id, result }) });
  }
}

class FakeTimers implements Timers {
  pending: { id: number; ms: number; callback: () => void }[] = [];
  private next = 1;
  set(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.push({ id, ms, callback });
    return id;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }
  /** Fires the timers whose delay is at most `ms` (reconnects, not the 15 s call timeouts). */
  fire(ms: number): void {
    const due = this.pending.filter((timer) => timer.ms <= ms);
    this.pending = this.pending.filter((timer) => timer.ms > ms);
    for (const timer of due) timer.callback();
  }
}

function setup(refuses?: () => Promise<boolean>) {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const client = createWsClient({
    refuses,
    url: 'ws://127.0.0.1:5390/ws',
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    timers,
    random: () => 0.5,
  });
  return { client, sockets, timers, socket: () => sockets[sockets.length - 1]! };
}

describe('WebSocket client', () => {
  it('holds calls until the socket opens, then matches replies by id', async () => {
    const { client, socket } = setup();
    const hello = client.hello();
    expect(socket().sent).toHaveLength(0);
    socket().open();
    const call = JSON.parse(socket().sent[0]!);
    expect(call).toEqual({ kind: 'call', id: call.id, command: 'hello', payload: null });
    socket().reply(call.id, { ok: true, value: { version: 'x' } });
    await expect(hello).resolves.toEqual({ ok: true, value: { version: 'x' } });
  });

  it('sends run requests as the payload', async () => {
    const { client, socket } = setup();
    socket().open();
    const run = client.run({ workload: 'cpu', tasks: 4 });
    const call = JSON.parse(socket().sent[0]!);
    expect(call).toMatchObject({ command: 'run', payload: { workload: 'cpu', tasks: 4 } });
    socket().reply(call.id, { ok: false, error: 'A run is already in progress.' });
    await expect(run).resolves.toEqual({ ok: false, error: 'A run is already in progress.' });
  });

  it('delivers event batches, dropping malformed events', () => {
    const { client, socket } = setup();
    const batches: unknown[][] = [];
    client.onEvents((events) => batches.push(events));
    socket().open();
    socket().onmessage?.({ data: JSON.stringify({ kind: 'events', events: [start(), { kind: 'state', t: 'soon' }] }) });
    socket().onmessage?.({ data: 'not json' });
    expect(batches).toEqual([[start()]]);
  });

  it('on a drop: fails calls in flight, says so, reconnects with backoff and resends waiting calls', async () => {
    const { client, sockets, socket, timers } = setup();
    const reasons: string[] = [];
    client.onClose((reason) => reasons.push(reason));
    socket().open();
    const inFlight = client.stop();
    socket().drop();
    await expect(inFlight).resolves.toMatchObject({ ok: false });
    expect(reasons).toEqual(['dropped']);
    const waiting = client.record();
    timers.fire(RECONNECT_MAX_MS);
    expect(sockets).toHaveLength(2);
    socket().open();
    const call = JSON.parse(socket().sent[0]!);
    expect(call.command).toBe('record');
    socket().reply(call.id, { ok: true, value: null });
    await expect(waiting).resolves.toEqual({ ok: true, value: null });
  });

  it('says when the server is up but refuses this page (restarted with a new secret), until a socket opens', async () => {
    let refusing = true;
    let asked = 0;
    const { client, socket, timers } = setup(async () => {
      asked++;
      return refusing;
    });
    const reasons: string[] = [];
    client.onClose((reason) => reasons.push(reason));
    socket().open();
    // The server stops: the open socket drops. Its restart refuses the next upgrade (a browser
    // shows it as a close without an open); a request to the page gets the 403 that says why.
    socket().drop(1001);
    expect(asked).toBe(0);
    timers.fire(RECONNECT_MAX_MS);
    socket().drop();
    await Promise.resolve();
    expect(asked).toBe(1);
    expect(reasons).toEqual(['dropped', 'dropped', 'refused']);
    // Further refused attempts keep saying so, without a "dropped" in between.
    timers.fire(RECONNECT_MAX_MS);
    socket().drop();
    await Promise.resolve();
    expect(reasons.slice(3)).toEqual(['refused']);
    // The new address was opened (in another tab: the cookie is shared): the next socket opens.
    refusing = false;
    timers.fire(RECONNECT_MAX_MS);
    socket().open();
    socket().drop();
    expect(reasons.slice(4)).toEqual(['dropped']);
  });

  it('keeps a dropped server a drop when nothing answers, and ignores an answer that comes after an open', async () => {
    let answer: (refused: boolean) => void = () => undefined;
    const { client, socket, timers } = setup(() => new Promise((resolve) => (answer = resolve)));
    const reasons: string[] = [];
    client.onClose((reason) => reasons.push(reason));
    socket().drop();
    timers.fire(RECONNECT_MAX_MS);
    socket().open();
    answer(true);
    await Promise.resolve();
    expect(reasons).toEqual(['dropped']);
    const down = setup(async () => false);
    const downReasons: string[] = [];
    down.client.onClose((reason) => downReasons.push(reason));
    down.socket().drop();
    await Promise.resolve();
    expect(downReasons).toEqual(['dropped']);
  });

  it('backs off exponentially up to a cap', () => {
    expect(reconnectDelay(0, 1)).toBe(250);
    expect(reconnectDelay(3, 1)).toBe(2_000);
    expect(reconnectDelay(10, 1)).toBe(RECONNECT_MAX_MS);
    expect(reconnectDelay(10, 0)).toBe(RECONNECT_MAX_MS / 2);
  });

  it('answers with an error after dispose instead of hanging', async () => {
    const { client } = setup();
    const pending = client.hello();
    client.dispose();
    await expect(pending).resolves.toMatchObject({ ok: false });
    await expect(client.hello()).resolves.toMatchObject({ ok: false });
  });
});

describe('parseServerMessage', () => {
  it('accepts replies (id may be null for a refused frame) and event batches', () => {
    expect(
      parseServerMessage('{"kind":"reply","id":null,"result":{"ok":false,"error":"Message is not valid JSON."}}'),
    ).toEqual({
      kind: 'reply',
      id: null,
      result: { ok: false, error: 'Message is not valid JSON.' },
    });
    expect(parseServerMessage('{"kind":"events","events":[]}')).toEqual({ kind: 'events', events: [] });
  });

  it('rejects anything else', () => {
    expect(parseServerMessage('{"kind":"reply","id":1,"result":{"ok":"yes"}}')).toBeNull();
    expect(parseServerMessage('{"kind":"other"}')).toBeNull();
    expect(parseServerMessage(42)).toBeNull();
  });
});

describe('answers checked at the edge', () => {
  it('accepts a hello with its lists, refuses one without', async () => {
    const { isHello, cleanSnapshot } = await import('../../../../src/renderer/lib/transport/wire');
    const hello = {
      lessons: [],
      workloads: [{ id: 'cpu' }],
      executors: [{ id: 'threads' }],
      defaults: {},
      limits: {},
      cores: 2,
      role: 'operator',
      share: null,
    };
    expect(isHello(hello)).toBe(true);
    expect(isHello({ ...hello, lessons: undefined })).toBe(false);
    expect(isHello({ ...hello, cores: 0 })).toBe(false);
    const share = { presenter: 'Ada', viewerUrl: null, qrSvg: null };
    expect(isHello({ ...hello, role: 'viewer', share })).toBe(true);
    expect(isHello({ ...hello, role: 'admin' })).toBe(false);
    expect(isHello({ ...hello, role: undefined })).toBe(false);
    expect(isHello({ ...hello, share: { ...share, presenter: 7 } })).toBe(false);
    expect(cleanSnapshot({ events: [start(), { kind: 'bogus' }], truncated: true })).toEqual({
      events: [start()],
      truncated: true,
    });
    expect(cleanSnapshot('nope')).toBeNull();
  });

  it('takes a launched trace only as a name and a text', async () => {
    const { webApi } = await import('../../../../src/renderer/lib/transport/command-api');
    const answering = (value: unknown) => webApi(async () => ({ ok: true, value }));
    expect(await answering(null).launchTrace()).toEqual({ ok: true, value: null });
    expect(await answering({ name: 'a.json', text: '{}', extra: 1 }).launchTrace()).toEqual({
      ok: true,
      value: { name: 'a.json', text: '{}' },
    });
    for (const bad of [{ name: 'a.json' }, { name: 1, text: '' }, 'a.json', []]) {
      expect(await answering(bad).launchTrace()).toEqual({
        ok: false,
        error: 'The Lanes server handed over a trace this page does not understand.',
      });
    }
    const refused = webApi(async () => ({ ok: false, error: 'Viewers may not do that.' }));
    expect(await refused.launchTrace()).toEqual({ ok: false, error: 'Viewers may not do that.' });
  });
});
