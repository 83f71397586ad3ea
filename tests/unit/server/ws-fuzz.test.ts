// Property-based fuzzing of the web shell's WebSocket, against the real `lanes web` (the built
// CLI in a child process, logged in with the secret it prints): malformed frames on a raw
// socket, malformed messages in good frames, and random HTTP request targets and headers. The server must not crash, must answer every
// malformed call with an error reply, must start no run, and must still serve a good client.
// Bounded: a fixed number of runs each, with fixed seeds' worth of time limits.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { connect as tcpConnect, type Socket } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  COMMAND_NAMES,
  EXECUTORS,
  LIMITS,
  MAX_WS_MESSAGE_BYTES,
  WORKLOADS,
  type EngineEvent,
  type WsServerMessage,
} from '../../../src/core/contract';
import { LESSONS } from '../../../src/core/lessons';
import { login } from './login';

const CLI = 'out/node/lanes.mjs';
/** Enough cases to cover every frame and message shape many times, within a unit test's time. */
const FRAME_RUNS = 80;
const MESSAGE_RUNS = 80;
const HTTP_RUNS = 100;
/** A frame the server neither rejects nor answers (it waits for the rest) is left after this long. */
const RAW_IDLE_MS = 100;

let server: ChildProcessWithoutNullStreams;
let origin: string;
let port: number;
let cookie: string;
let stderr = '';
/** A client connected throughout: it sees every event, so a run started by any request shows here. */
let observer: WebSocket;
const observed: EngineEvent[] = [];

beforeAll(async () => {
  server = spawn(process.execPath, [CLI, 'web', '--port', '0'], { stdio: ['pipe', 'pipe', 'pipe'] });
  server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving at (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    server.once('exit', () => reject(new Error(`lanes web exited: ${stderr}`)));
  });
  origin = new URL(url).origin;
  port = Number(new URL(url).port);
  cookie = await login(url);
  observer = await open();
  observer.on('message', (data) => {
    const message = JSON.parse(data.toString()) as WsServerMessage;
    if (message.kind === 'events') observed.push(...message.events);
  });
});

afterAll(() => {
  observer?.close();
  server?.kill('SIGINT');
});

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { origin, headers: { cookie } });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Calls `hello` on a socket; resolves with the reply's result (ok) within 5 s, else rejects. */
function hello(socket: WebSocket, id: number): Promise<{ ok: boolean }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply to hello')), 5_000);
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as WsServerMessage;
      if (message.kind === 'reply' && message.id === id) {
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve(message.result);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ kind: 'call', id, command: 'hello' }));
  });
}

function expectServerWell(): void {
  expect(server.exitCode, stderr).toBeNull();
  expect(server.signalCode).toBeNull();
  expect(observed.filter((event) => event.kind === 'run-start')).toEqual([]);
  expect(stderr).not.toMatch(/\n\s+at |Error/);
}

/** A raw TCP socket that has done the WebSocket handshake (101) with the session cookie. */
function rawSocket(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    let head = '';
    const onData = (chunk: Buffer): void => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
    };
    socket.on('data', onData);
    socket.write(
      `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${origin}\r\nCookie: ${cookie}\r\n` +
        `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
    );
  });
}

interface Frame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  length: 'exact' | 'wide16' | 'wide64' | 'lie';
  claimed: bigint;
  payload: Uint8Array;
}

/** Encodes a frame as told, right or wrong (reserved bits and opcodes, no mask, a lying length). */
function encode(frame: Frame): Buffer {
  const parts: Buffer[] = [Buffer.from([(frame.fin ? 0x80 : 0) | (frame.rsv << 4) | frame.opcode])];
  const maskBit = frame.masked ? 0x80 : 0;
  const n = frame.payload.length;
  if (frame.length === 'exact' && n < 126) parts.push(Buffer.from([maskBit | n]));
  else if (frame.length === 'wide16' || (frame.length === 'exact' && n < 65_536)) {
    const b = Buffer.alloc(3);
    b[0] = maskBit | 126;
    b.writeUInt16BE(n, 1);
    parts.push(b);
  } else {
    const b = Buffer.alloc(9);
    b[0] = maskBit | 127;
    b.writeBigUInt64BE(frame.length === 'lie' ? frame.claimed : BigInt(n), 1);
    parts.push(b);
  }
  const key = randomBytes(4);
  if (frame.masked) parts.push(key);
  parts.push(Buffer.from(frame.payload.map((byte, i) => (frame.masked ? byte ^ key[i % 4]! : byte))));
  return Buffer.concat(parts);
}

const frameArb: fc.Arbitrary<Frame> = fc.record({
  fin: fc.boolean(),
  rsv: fc.integer({ min: 0, max: 7 }),
  opcode: fc.integer({ min: 0, max: 15 }),
  masked: fc.boolean(),
  length: fc.constantFrom('exact', 'wide16', 'wide64', 'lie'),
  claimed: fc.bigInt({ min: 0n, max: 2n ** 63n - 1n }),
  payload: fc.uint8Array({ maxLength: 300 }),
});

/** A well-formed masked text frame around any bytes (often not UTF-8, never a valid call). */
const textFrameArb: fc.Arbitrary<Frame> = fc.uint8Array({ maxLength: 300 }).map((payload) => ({
  fin: true,
  rsv: 0,
  opcode: 1,
  masked: true,
  length: 'exact',
  claimed: 0n,
  payload,
}));

const wireArb = fc.array(
  fc.oneof(
    frameArb.map(encode),
    textFrameArb.map(encode),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  ),
  { minLength: 1, maxLength: 5 },
);

/** Sends bytes on a fresh handshaken socket; waits for the server to close it or go quiet. */
async function sendRaw(chunks: Buffer[]): Promise<void> {
  const socket = await rawSocket();
  await new Promise<void>((resolve) => {
    let timer = setTimeout(resolve, RAW_IDLE_MS);
    socket.on('data', () => {
      clearTimeout(timer);
      timer = setTimeout(resolve, RAW_IDLE_MS);
    });
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    for (const chunk of chunks) socket.write(chunk);
  });
  socket.destroy();
}

// ---- Messages: good frames, bad contents. Each is malformed by construction.

const notJson = fc.string({ maxLength: 200 }).filter((text) => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
});
const notACall = fc.jsonValue().filter((value) => {
  const record = value as Record<string, unknown> | null;
  return typeof record !== 'object' || record === null || Array.isArray(record) || record.kind !== 'call';
});
const badId = fc.oneof(
  fc.constantFrom(-1, 1.5, '1', null, true, 2 ** 53, [], {}),
  fc.integer({ max: -1 }),
  fc.double({ noInteger: true }),
);
const unknownCommand = fc.string({ maxLength: 30 }).filter((name) => !(COMMAND_NAMES as string[]).includes(name));
/** Anything but a whole number from min to max (JSON has no NaN or Infinity: they would be null). */
const badInteger = (min: number, max: number) =>
  fc.oneof(
    fc.constantFrom(min - 1, max + 1, 1.5, '2', true, [], {}),
    fc.integer({ max: min - 1 }),
    fc.integer({ min: max + 1 }),
    fc.double({ noInteger: true, noNaN: true, noDefaultInfinity: true }),
  );
const lessonIds = LESSONS.map((lesson) => lesson.id);
/** A run payload that is wrong in at least one way. */
const badRunPayload = fc.oneof(
  fc.oneof(fc.integer(), fc.string(), fc.array(fc.jsonValue()), fc.boolean(), fc.constant(null)),
  fc.record({ tasks: badInteger(LIMITS.MIN_TASKS, LIMITS.MAX_TASKS) }),
  fc.record({ steps: badInteger(LIMITS.MIN_STEPS, LIMITS.MAX_STEPS), tasks: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ stepMs: badInteger(LIMITS.MIN_STEP_MS, LIMITS.MAX_STEP_MS) }),
  fc.record({ executor: fc.string({ maxLength: 20 }).filter((e) => !(EXECUTORS as readonly string[]).includes(e)) }),
  fc.record({ workload: fc.string({ maxLength: 20 }).filter((w) => !(WORKLOADS as readonly string[]).includes(w)) }),
  fc.record({ lesson: fc.string({ maxLength: 20 }).filter((l) => !lessonIds.includes(l)) }),
  fc.record({
    fault: fc.constantFrom('throw', 7, { kind: 'explode', task: 1, atStep: 1 }, { kind: 'throw', task: 99 }),
  }),
  fc.record({ python: fc.constantFrom('yes', 1, null) }),
  fc.record({ source: fc.constantFrom('', 'print(1)\u0000', 42) }),
  fc
    .dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue(), { minKeys: 1, maxKeys: 3 })
    .filter((d) =>
      Object.keys(d).some(
        (k) => !['lesson', 'workload', 'executor', 'tasks', 'steps', 'stepMs', 'fault', 'python', 'source'].includes(k),
      ),
    ),
);
const malformed: fc.Arbitrary<string | Buffer> = fc.oneof(
  notJson,
  notACall.map((value) => JSON.stringify(value)),
  badId.map((id) => JSON.stringify({ kind: 'call', id, command: 'hello' })),
  unknownCommand.map((command) => JSON.stringify({ kind: 'call', id: 1, command })),
  fc
    .integer({ min: 0, max: 1000 })
    .chain((id) => badRunPayload.map((payload) => JSON.stringify({ kind: 'call', id, command: 'run', payload }))),
  fc
    .constantFrom('stop', 'record', 'hello')
    .map((command) => JSON.stringify({ kind: 'call', id: 5, command, payload: { x: 1 } })),
  fc.uint8Array({ maxLength: 100 }).map((bytes) => Buffer.from(bytes)), // binary
);

describe('the WebSocket of the real `lanes web`, fuzzed', () => {
  it(`survives ${FRAME_RUNS} runs of malformed frames and raw bytes, starts nothing, still serves`, async () => {
    await fc.assert(
      fc.asyncProperty(wireArb, async (chunks) => {
        await sendRaw(chunks);
        expectServerWell();
      }),
      { numRuns: FRAME_RUNS },
    );
    // Every raw socket came and went: none is still counted against the client limit.
    const fresh = await Promise.all(Array.from({ length: 8 }, () => open()));
    for (const [i, socket] of fresh.entries()) expect(await hello(socket, 100 + i)).toMatchObject({ ok: true });
    for (const socket of fresh) socket.close();
    expect(await hello(observer, 1)).toMatchObject({ ok: true });
  });

  it(`answers each malformed message (${MESSAGE_RUNS} batches) with an error reply, and starts no run`, async () => {
    const socket = await open();
    const replies: WsServerMessage[] = [];
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as WsServerMessage;
      if (message.kind === 'reply') replies.push(message);
    });
    await fc.assert(
      fc.asyncProperty(fc.array(malformed, { minLength: 1, maxLength: 5 }), async (messages) => {
        replies.length = 0;
        for (const message of messages) socket.send(message, { binary: Buffer.isBuffer(message) });
        const deadline = Date.now() + 5_000;
        while (replies.length < messages.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
        expect(replies).toHaveLength(messages.length);
        for (const reply of replies) {
          expect(reply.kind === 'reply' && reply.result.ok).toBe(false);
          expect(reply.kind === 'reply' && !reply.result.ok && reply.result.error.length).toBeGreaterThan(0);
        }
        expectServerWell();
      }),
      { numRuns: MESSAGE_RUNS },
    );
    expect(await hello(socket, 7)).toMatchObject({ ok: true });
    socket.close();
  });

  it(`answers ${HTTP_RUNS} random request targets and headers over HTTP and stays up`, async () => {
    // Printable ASCII without spaces: what an HTTP parser lets through to the server as a target.
    const targetChar = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));
    const target = fc.oneof(
      fc.string({ unit: targetChar, maxLength: 60 }).map((t) => `/${t}`),
      fc.string({ unit: targetChar, maxLength: 60 }).map((t) => `//${t}?token=${t}`),
      fc.string({ unit: targetChar, maxLength: 60 }),
    );
    const header = fc.tuple(
      fc.constantFrom('Cookie', 'Origin', 'Upgrade', 'Connection', 'Host', 'X-Anything'),
      fc.string({ unit: targetChar, maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(target, fc.array(header, { maxLength: 4 }), async (path, headers) => {
        const answer = await new Promise<string>((resolve) => {
          const socket = tcpConnect(port, '127.0.0.1');
          let text = '';
          socket.on('error', () => undefined);
          socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
          socket.once('close', () => resolve(text));
          socket.setTimeout(5_000, () => socket.destroy());
          const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...headers.map(([k, v]) => `${k}: ${v}`)];
          socket.write(`${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`);
        });
        expect(answer).toMatch(/^HTTP\/1\.1 [1-5]\d\d /);
        expectServerWell();
      }),
      { numRuns: HTTP_RUNS },
    );
    expect(await hello(observer, 3)).toMatchObject({ ok: true });
  });

  it('closes (1009) a message over the size limit and keeps serving others', async () => {
    const socket = await open();
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('x'.repeat(MAX_WS_MESSAGE_BYTES + 1));
    expect(await closed).toBe(1009);
    expect(await hello(observer, 2)).toMatchObject({ ok: true });
    expectServerWell();
  });
});
