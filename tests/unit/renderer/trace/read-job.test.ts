// Reading an opened trace off the page's thread: a file is streamed with progress and checked by
// core's readTrace, a file over 200 MB is refused by its size before a byte is read, a file that
// grows while it is read is refused, a text is checked as it is; the job passes the worker's
// progress on, falls back to the page's thread when the worker cannot start or dies, refuses a
// reply it does not understand, and Cancel ends the worker and settles with nothing.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../../../src/core/contract';
import { toTrace } from '../../../../src/core/trace';
import type { OpenedTrace } from '../../../../src/core/trace-read';
import { answerRead, type ReadReply, type ReadRequest } from '../../../../src/renderer/lib/trace/read-in-worker';
import { lessonRun } from '../fixtures';
import { startRead, type ReadProgress, type WorkerLike } from '../../../../src/renderer/lib/trace/read-job';

/** The threading lesson's record, as the engine sends it. */
const RECORD = lessonRun();
const TEXT = JSON.stringify(toTrace(RECORD, { enginePid: 4242, version: '9.9.9' }));

async function answers(request: unknown): Promise<ReadReply[]> {
  const replies: ReadReply[] = [];
  let clock = 0;
  await answerRead(
    request,
    (reply) => replies.push(reply),
    () => (clock += 100),
  );
  return replies;
}

function outcome(replies: ReadReply[]): Result<OpenedTrace> {
  const done = replies.filter((reply) => reply.kind === 'done');
  expect(done).toHaveLength(1);
  expect(replies.at(-1)).toBe(done[0]);
  return (done[0] as Extract<ReadReply, { kind: 'done' }>).result;
}

/** A Blob that claims `size` bytes and hands out `chunks` when streamed (no memory spent). */
function fakeBlob(size: number, chunks: Uint8Array[] = [], stream?: () => ReadableStream<Uint8Array>): Blob {
  const blob = new Blob([]);
  Object.defineProperty(blob, 'size', { value: size });
  Object.defineProperty(blob, 'stream', {
    value:
      stream ??
      (() =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const chunk of chunks) controller.enqueue(chunk);
            controller.close();
          },
        })),
  });
  return blob;
}

describe('answerRead', () => {
  it('streams a file with progress, then checks it: the record comes back whole', async () => {
    const replies = await answers({ kind: 'read', file: new Blob([TEXT.slice(0, 1000), TEXT.slice(1000)]) });
    const progress = replies.filter((reply) => reply.kind === 'progress');
    expect(progress.at(-1)).toEqual({ kind: 'progress', read: TEXT.length, total: TEXT.length });
    expect(replies.some((reply) => reply.kind === 'checking')).toBe(true);
    const result = outcome(replies);
    expect(result.ok && result.value.events).toEqual(RECORD);
  });

  it('refuses a file over 200 MB by its size: not a byte is streamed', async () => {
    let streamed = false;
    const huge = fakeBlob(200_000_001, [], () => {
      streamed = true;
      throw new Error('read');
    });
    const replies = await answers({ kind: 'read', file: huge });
    expect(streamed).toBe(false);
    expect(replies).toEqual([
      { kind: 'done', result: { ok: false, error: 'The file is 201 MB; Lanes opens traces up to 200 MB.' } },
    ]);
  });

  it('refuses a file that grew or shrank while it was read', async () => {
    const grew = outcome(await answers({ kind: 'read', file: fakeBlob(4, [new Uint8Array(3), new Uint8Array(3)]) }));
    expect(grew).toEqual({ ok: false, error: expect.stringMatching(/changed while it was read/) });
    const shrank = outcome(await answers({ kind: 'read', file: fakeBlob(10, [new Uint8Array(3)]) }));
    expect(shrank).toEqual({ ok: false, error: expect.stringMatching(/changed while it was read/) });
  });

  it('says so when the file cannot be read at all', async () => {
    const gone = fakeBlob(
      10,
      [],
      () => new ReadableStream({ pull: (controller) => controller.error(new Error('EIO')) }),
    );
    expect(outcome(await answers({ kind: 'read', file: gone }))).toEqual({
      ok: false,
      error: expect.stringMatching(/could not be read/),
    });
  });

  it('checks a text as it is, and refuses what it was not asked for', async () => {
    const text = outcome(await answers({ kind: 'read', text: TEXT.slice(0, 500) }));
    expect(text).toEqual({ ok: false, error: expect.stringMatching(/cut short/) });
    for (const request of [null, { kind: 'read' }, { kind: 'write', text: 'x' }, { kind: 'read', file: 'x' }]) {
      expect(outcome(await answers(request))).toEqual({ ok: false, error: expect.stringMatching(/does not do/) });
    }
  });
});

/** A stand-in worker that answers each request on the page's own thread, as the real one would. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  terminated = false;
  requests: ReadRequest[] = [];
  postMessage(message: ReadRequest): void {
    this.requests.push(message);
  }
  reply(data: unknown): void {
    this.onmessage?.({ data });
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('startRead', () => {
  it('passes the worker’s progress on, settles with its outcome and ends it', async () => {
    const worker = new FakeWorker();
    const progress: ReadProgress[] = [];
    const job = startRead('{}', { createWorker: () => worker, onProgress: (p) => progress.push(p) });
    expect(worker.requests).toEqual([{ kind: 'read', text: '{}' }]);
    worker.reply({ kind: 'progress', read: 50, total: 200 });
    worker.reply({ kind: 'checking' });
    worker.reply({ kind: 'done', result: { ok: false, error: 'no' } });
    expect(await job.done).toEqual({ ok: false, error: 'no' });
    expect(progress).toEqual([
      { stage: 'reading', fraction: 0.25 },
      { stage: 'checking', fraction: null },
    ]);
    expect(worker.terminated).toBe(true);
  });

  it('refuses a reply it does not understand', async () => {
    const worker = new FakeWorker();
    const job = startRead('{}', { createWorker: () => worker, onProgress: () => undefined });
    worker.reply({ kind: 'done', result: 'yes' });
    expect(await job.done).toEqual({ ok: false, error: expect.stringMatching(/does not understand/) });
  });

  it('reads on the page when no worker starts, or when the worker dies', async () => {
    const none = startRead(TEXT, { createWorker: () => null, onProgress: () => undefined });
    const read = await none.done;
    expect(read?.ok && read.value.source).toBe('lanes');

    const worker = new FakeWorker();
    const dies = startRead(TEXT, { createWorker: () => worker, onProgress: () => undefined });
    worker.onerror?.(new Error('could not load'));
    expect(worker.terminated).toBe(true);
    const again = await dies.done;
    expect(again?.ok).toBe(true);

    const throws = startRead(TEXT, {
      createWorker: () => {
        throw new Error('no workers here');
      },
      onProgress: () => undefined,
    });
    expect((await throws.done)?.ok).toBe(true);
  });

  it('Cancel ends the worker and settles with nothing; later replies change nothing', async () => {
    const worker = new FakeWorker();
    const progress: ReadProgress[] = [];
    const job = startRead('{}', { createWorker: () => worker, onProgress: (p) => progress.push(p) });
    job.cancel();
    worker.reply({ kind: 'progress', read: 1, total: 2 });
    worker.reply({ kind: 'done', result: { ok: false, error: 'late' } });
    expect(await job.done).toBeNull();
    expect(worker.terminated).toBe(true);
    expect(progress).toEqual([]);
  });
});
