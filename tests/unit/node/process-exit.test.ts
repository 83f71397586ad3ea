// The words for how a task process ended, from its host's facts, its stderr and the kernel's OOM
// kill count. The real processes behind them are in faults.test.ts.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ChildExit } from '../../../src/node/hosts/process-host';
import { killedByOomKiller, processExitReason, ProcessStderr } from '../../../src/node/process-exit';

const exit = (facts: Partial<ChildExit>): ChildExit => ({ code: null, signal: null, killedByUs: false, ...facts });

describe('ProcessStderr', () => {
  it("finds Node's out-of-memory line even when it is split across chunks and scrolled out of the tail", async () => {
    const stream = new PassThrough();
    const stderr = new ProcessStderr(stream);
    stream.write('FATAL ERROR: Reached heap limit Allocation failed - JavaScript he');
    stream.write('ap out of memory\n');
    stream.write(`${'----- Native stack trace -----\n'.repeat(100)}`);
    stream.end();
    await stderr.drained();
    expect(stderr.heapExhausted).toBe(true);
    expect(stderr.tail).not.toContain('FATAL ERROR');
  });

  it('waits for the stream to end, but no longer than a moment', async () => {
    const open = new ProcessStderr(new PassThrough());
    const started = performance.now();
    await open.drained();
    expect(performance.now() - started).toBeLessThan(1000);
    await new ProcessStderr(null).drained();
  });
});

describe('processExitReason', () => {
  const quiet = new ProcessStderr(null);

  it('names a signal, says out of memory, or leaves the exit code to speak', () => {
    expect(processExitReason(exit({ signal: 'SIGKILL' }), quiet, false)).toBe(
      'process was killed by SIGKILL (signal 9)',
    );
    expect(processExitReason(exit({ signal: 'SIGKILL' }), quiet, true)).toBe('process ran out of memory');
    expect(processExitReason(exit({ code: 1 }), quiet, false)).toBeNull();
    expect(processExitReason(exit({ signal: 'SIGTERM', killedByUs: true }), quiet, false)).toBeNull();
  });

  it('quotes the last lines of stderr for a non-zero exit', async () => {
    const stream = new PassThrough();
    const stderr = new ProcessStderr(stream);
    stream.end('one\ntwo\nthree\nError: boom\n');
    await stderr.drained();
    expect(processExitReason(exit({ code: 1 }), stderr, false)).toBe('two three Error: boom');
  });
});

describe('killedByOomKiller', () => {
  it('only for a SIGKILL we did not send, while the count rose', () => {
    expect(killedByOomKiller(exit({ signal: 'SIGKILL' }), 3, () => 4)).toBe(true);
    expect(killedByOomKiller(exit({ signal: 9 }), 3, () => 4)).toBe(true);
    expect(killedByOomKiller(exit({ signal: 'SIGKILL' }), 3, () => 3)).toBe(false);
    expect(killedByOomKiller(exit({ signal: 'SIGKILL', killedByUs: true }), 3, () => 4)).toBe(false);
    expect(killedByOomKiller(exit({ signal: 'SIGSEGV' }), 3, () => 4)).toBe(false);
    expect(killedByOomKiller(exit({ signal: 'SIGKILL' }), null, () => 4)).toBe(false);
    expect(killedByOomKiller(exit({ signal: 'SIGKILL' }), 3, () => null)).toBe(false);
  });
});
