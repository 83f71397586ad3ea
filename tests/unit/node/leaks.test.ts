// What a run leaves behind in the engine's own process: file descriptors. Worker threads stopped
// at every moment of their start (while Node still loads their modules, or once they run) must
// leave none open. Linux only (reads /proc/self/fd). Found by the soak (tests/bench/soak.ts).
import { readdirSync, readlinkSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testSessions } from './test-sessions';

const made = testSessions();
const BUNDLE = resolve('out/node');

/** File descriptors this process holds on the built bundle's files (the task entries, their chunks). */
function bundleFds(): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(BUNDLE)) open.push(`${fd} -> ${target}`);
    } catch {
      // closed meanwhile (the readdir's own fd)
    }
  }
  return open;
}

describe('file descriptors', () => {
  it('Stop at any moment of worker threads starting leaves none open on their module files', async () => {
    const { session } = made();
    const before = bundleFds();
    // 4 threads a run, stopped from at once to well after they run: the loading window is covered.
    for (let i = 0; i < 24; i++) {
      const accepted = session.start({ workload: 'cpu', executor: 'threads', tasks: 4, steps: 20, stepMs: 100 });
      expect(accepted.ok).toBe(true);
      await new Promise((r) => setTimeout(r, (i * 13) % 260));
      session.stop();
      await session.current;
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(bundleFds()).toEqual(before);
  });
});
