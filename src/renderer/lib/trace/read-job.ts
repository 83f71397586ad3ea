// One opened trace being read: handed to the reading worker (trace-reader.worker.ts) with its
// progress passed on, cancellable (the worker is ended), and read on the page's own thread
// instead where a worker cannot start or fails. Runs in the renderer; the worker is injected,
// so the policy is unit-tested with a stand-in.

import type { Result } from '../../../core/contract';
import type { OpenedTrace } from '../../../core/trace-read';
import type { ReadReply, ReadRequest } from './read-in-worker';

/** The part of a Worker this uses. */
export interface WorkerLike {
  postMessage(message: ReadRequest): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export interface ReadProgress {
  /** 'reading': bytes from the file; 'checking': parsing and checking what was read. */
  stage: 'reading' | 'checking';
  /** Share of the file read, 0..1; null while checking (it says nothing until it ends). */
  fraction: number | null;
}

export interface ReadJob {
  /** The outcome; null when the job was cancelled. */
  readonly done: Promise<Result<OpenedTrace> | null>;
  cancel(): void;
}

export interface ReadOptions {
  onProgress(progress: ReadProgress): void;
  /** A new reading worker, or null where none can start. */
  createWorker?: () => WorkerLike | null;
  /** Reads on this thread (the fallback); answerRead by default. */
  readHere?: (request: ReadRequest, post: (reply: ReadReply) => void) => Promise<void>;
}

/** The reading worker, bundled by Vite; null where this page cannot start one. */
export function createReaderWorker(): WorkerLike | null {
  try {
    return new Worker(new URL('./trace-reader.worker.ts', import.meta.url), {
      type: 'module',
      name: 'lanes trace reader',
    }) as unknown as WorkerLike;
  } catch {
    return null;
  }
}

function isReply(value: unknown): value is ReadReply {
  if (typeof value !== 'object' || value === null) return false;
  const reply = value as Record<string, unknown>;
  if (reply.kind === 'progress') return Number.isFinite(reply.read) && Number.isFinite(reply.total);
  if (reply.kind === 'checking') return true;
  if (reply.kind !== 'done' || typeof reply.result !== 'object' || reply.result === null) return false;
  const result = reply.result as Record<string, unknown>;
  return result.ok === true ? typeof result.value === 'object' : typeof result.error === 'string';
}

/** Starts reading `input` (a file, or a trace's text). */
export function startRead(input: Blob | string, options: ReadOptions): ReadJob {
  const request: ReadRequest =
    typeof input === 'string' ? { kind: 'read', text: input } : { kind: 'read', file: input };
  // The reader is fetched only when this thread must read (no worker): the first screen never does.
  const readHere =
    options.readHere ?? ((req, post) => import('./read-in-worker').then(({ answerRead }) => answerRead(req, post)));
  let settled = false;
  let worker: WorkerLike | null = null;
  let finish: (outcome: Result<OpenedTrace> | null) => void = () => undefined;
  const done = new Promise<Result<OpenedTrace> | null>((resolve) => (finish = resolve));

  const settle = (outcome: Result<OpenedTrace> | null): void => {
    if (settled) return;
    settled = true;
    worker?.terminate();
    worker = null;
    finish(outcome);
  };
  const post = (reply: ReadReply): void => {
    if (settled) return;
    if (reply.kind === 'progress') {
      options.onProgress({ stage: 'reading', fraction: reply.total > 0 ? Math.min(1, reply.read / reply.total) : 1 });
    } else if (reply.kind === 'checking') {
      options.onProgress({ stage: 'checking', fraction: null });
    } else {
      settle(reply.result);
    }
  };
  const here = (): void => {
    worker?.terminate();
    worker = null;
    void readHere(request, post);
  };

  try {
    worker = (options.createWorker ?? createReaderWorker)();
  } catch {
    worker = null;
  }
  if (worker) {
    worker.onmessage = (event) => {
      if (isReply(event.data)) post(event.data);
      else settle({ ok: false, error: 'The trace reader answered with something this page does not understand.' });
    };
    // A worker that cannot load (or dies) leaves the reading to this page.
    worker.onerror = () => {
      if (!settled) here();
    };
    worker.postMessage(request);
  } else {
    here();
  }
  return { done, cancel: () => settle(null) };
}
