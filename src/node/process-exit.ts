// Why a task process ended, in words: what its host says (exit code, signal), what it wrote to
// stderr (Node's line when its V8 heap is exhausted), and whether the kernel's OOM killer was at
// work. Runs in the engine; the Run keeps one ProcessStderr per task process.

import type { Readable } from 'node:stream';
import { describeExit, type ExitFacts } from '../core/exit-reason';
import type { ChildExit } from './hosts/process-host';

/** Last characters of a task process's stderr kept for its failure message. */
const STDERR_TAIL_CHARS = 600;

/** What Node prints when a process's V8 heap is exhausted (it then aborts). */
const NODE_HEAP_EXHAUSTED = 'JavaScript heap out of memory';

/** How long an exited process's stderr may take to reach its end (it normally has already). */
const STDERR_DRAIN_MS = 100;

/** A task process's stderr as it streams: its last lines, and whether Node said its heap ran out. */
export class ProcessStderr {
  tail = '';
  /** Node's line comes before a long native stack trace, so it is looked for as it streams. */
  heapExhausted = false;

  constructor(private readonly stream: Readable | null) {
    stream?.on('data', (chunk: Buffer) => {
      const text = this.tail + chunk.toString();
      this.heapExhausted ||= text.includes(NODE_HEAP_EXHAUSTED);
      this.tail = text.slice(-STDERR_TAIL_CHARS);
    });
  }

  /**
   * Resolves once the stream has ended, or after STDERR_DRAIN_MS: what a dying process wrote may
   * still be in the pipe when its exit is known, and a pipe kept open elsewhere must not hold up the run.
   */
  drained(): Promise<void> {
    const stream = this.stream;
    if (!stream || stream.readableEnded || stream.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, STDERR_DRAIN_MS);
      stream.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Its last three lines, on one line. */
  lastLines(): string {
    return this.tail.trim().split('\n').slice(-3).join(' ');
  }
}

/**
 * A SIGKILL no one in Lanes sent, while the kernel's OOM kill count rose since `before`: as far as
 * can be known, its OOM killer. Counts are null where Linux does not say.
 */
export function killedByOomKiller(how: ChildExit, before: number | null, now: () => number | null): boolean {
  if (how.killedByUs || (how.signal !== 'SIGKILL' && how.signal !== 9) || before === null) return false;
  const after = now();
  return after !== null && after > before;
}

/**
 * Why a task process ended, when it did not end by our hand: out of memory (its V8 heap, or the
 * kernel's OOM killer), killed by a signal by name, else the last lines it wrote to stderr. null
 * leaves the exit code to speak.
 */
export function processExitReason(how: ChildExit, stderr: ProcessStderr, oomKilled: boolean): string | null {
  if (how.killedByUs) return null;
  const facts: ExitFacts = { ...how, outOfMemory: how.outOfMemory === true || stderr.heapExhausted || oomKilled };
  if (facts.outOfMemory || facts.signal !== null) return describeExit('process', facts);
  if (how.code !== 0 && stderr.tail.trim()) return stderr.lastLines();
  return null;
}
