// Reads a trace off the page's main thread: a dropped or picked file (its size checked before a
// byte is read, then streamed with progress) or a text the desktop shell or `lanes open` handed
// over, through core's readTrace. What the reading worker runs (trace-reader.worker.ts), and
// what the page runs itself where a worker cannot start. Never throws: every failure is a
// message. Runs in a Web Worker or the renderer; pure apart from the Blob it reads.

import type { Result } from '../../../core/contract';
import { readTrace, traceSizeProblem, type OpenedTrace } from '../../../core/trace-read';

/** What the page asks: read this file, or this text. */
export type ReadRequest = { kind: 'read'; file: Blob } | { kind: 'read'; text: string };

/** What the reader answers: how far it has read, that it is checking what it read, and the outcome. */
export type ReadReply =
  | { kind: 'progress'; read: number; total: number }
  | { kind: 'checking' }
  | { kind: 'done'; result: Result<OpenedTrace> };

/** Progress at most this often: a bar moving 20 times a second looks continuous. */
export const PROGRESS_INTERVAL_MS = 50;

const CHANGED = 'The file changed while it was read: open it again once it is saved completely.';

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

/** Whether a message is a read request (the worker checks what it is sent). */
export function isReadRequest(value: unknown): value is ReadRequest {
  if (typeof value !== 'object' || value === null) return false;
  const request = value as Record<string, unknown>;
  return request.kind === 'read' && (typeof request.text === 'string' || isBlob(request.file));
}

/** The file's bytes, streamed with progress; a message when it cannot be read. */
async function readBytes(file: Blob, post: (reply: ReadReply) => void, now: () => number): Promise<Result<Uint8Array>> {
  const total = file.size;
  // A file that grew since it was chosen is caught below, never cut to this size.
  const bytes = new Uint8Array(total);
  let filled = 0;
  let postedAt = -Infinity;
  try {
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.byteLength > total) {
        await reader.cancel();
        return { ok: false, error: CHANGED };
      }
      bytes.set(value, filled);
      filled += value.byteLength;
      if (now() - postedAt >= PROGRESS_INTERVAL_MS) {
        postedAt = now();
        post({ kind: 'progress', read: filled, total });
      }
    }
  } catch {
    return {
      ok: false,
      error: 'The file could not be read: it may have been moved, changed or removed since it was chosen.',
    };
  }
  if (filled !== total) return { ok: false, error: CHANGED };
  post({ kind: 'progress', read: filled, total });
  return { ok: true, value: bytes.subarray(0, filled) };
}

/** Answers one request through `post`: progress, then exactly one 'done'. */
export async function answerRead(
  request: unknown,
  post: (reply: ReadReply) => void,
  now: () => number = () => performance.now(),
): Promise<void> {
  const done = (result: Result<OpenedTrace>): void => post({ kind: 'done', result });
  try {
    if (!isReadRequest(request)) {
      done({ ok: false, error: 'The trace reader was asked for something it does not do.' });
      return;
    }
    if ('text' in request) {
      post({ kind: 'checking' });
      done(readTrace(request.text));
      return;
    }
    const tooLarge = traceSizeProblem(request.file.size);
    if (tooLarge) {
      done({ ok: false, error: tooLarge });
      return;
    }
    const bytes = await readBytes(request.file, post, now);
    if (!bytes.ok) {
      done(bytes);
      return;
    }
    post({ kind: 'checking' });
    done(readTrace(bytes.value));
  } catch {
    // readTrace never throws; only the host's own limits (memory) land here.
    done({ ok: false, error: 'The file could not be read as a trace: it is too large for this window to hold.' });
  }
}
