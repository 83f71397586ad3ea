// Finding the browser behind a WebSocket and measuring its CPU: /proc parsing with fixtures,
// then for real: a "browser" of two processes connects to a real server, one spins, and the
// tracker must find both and see the spin.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/core/contract';
import { BrowserCpu, browserRoot, descendants, socketInode, type ProcStat } from '../../../src/node/browser-cpu';
import { openAccess } from '../../../src/server/auth';
import { startWebServer, type WebServer } from '../../../src/server/server';

const TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 0100007F:1506 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1 0000000000000000 100 0 0 10 0
   1: 0100007F:C350 0100007F:1506 01 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 20 4 30 10 -1
   2: 0100007F:1506 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 5151 1 0000000000000000 20 4 30 10 -1`;

describe('parsing', () => {
  it('finds the socket whose local end is the given port', () => {
    // 0x1506 = 5382 (the server), 0xC350 = 50000 (the browser's end).
    expect(socketInode([TCP], 50000, 5382)).toBe(4242);
    expect(socketInode([TCP], 5382, 50000)).toBe(5151);
    expect(socketInode([TCP], 50001, 5382)).toBeNull();
  });

  it('climbs to the browser root and lists its whole tree, and nothing else', () => {
    const stats = new Map<number, ProcStat>(
      [
        { pid: 1, comm: 'systemd', ppid: 0, cpuTicks: 0 },
        { pid: 10, comm: 'node', ppid: 1, cpuTicks: 0 },
        { pid: 20, comm: 'chromium', ppid: 10, cpuTicks: 0 },
        { pid: 21, comm: 'chromium', ppid: 20, cpuTicks: 0 },
        { pid: 22, comm: 'chromium', ppid: 21, cpuTicks: 0 },
        { pid: 23, comm: 'chromium', ppid: 20, cpuTicks: 0 },
        { pid: 30, comm: 'node', ppid: 10, cpuTicks: 0 },
      ].map((s) => [s.pid, s]),
    );
    expect(browserRoot(stats, 22)).toBe(20);
    expect(descendants(stats, 20).sort()).toEqual([20, 21, 22, 23]);
  });
});

describe('on this machine', () => {
  let server: WebServer | null = null;
  let browser: ChildProcess | null = null;
  afterEach(async () => {
    try {
      if (browser?.pid) process.kill(-browser.pid, 'SIGKILL'); // the whole group, spinner included
    } catch {
      // already gone
    }
    await server?.close();
  });

  it.skipIf(process.platform !== 'linux')('finds a connected "browser" process tree and measures its CPU', async () => {
    const tracker = new BrowserCpu();
    let attached: (() => void) | null = null;
    const noEvents = (_listener: (events: EngineEvent[]) => void) => () => undefined;
    server = await startWebServer({
      engine: { call: () => ({ ok: true, value: null }), subscribe: noEvents },
      rendererDir: '/nonexistent',
      host: '127.0.0.1',
      port: 0,
      access: openAccess(), // this test is about CPU, not the lock (tests/unit/server)
      onClient: (local, remote) => (attached = tracker.attach(local, remote)),
    });
    // The "browser": a process named fakebrowser that connects, and a child of it (same name) that spins.
    const script = `
      process.title = 'fakebrowser';
      const { spawn } = require('node:child_process');
      spawn(process.execPath, ['-e', "process.title='fakebrowser'; for(;;){}"], { stdio: 'ignore' });
      const WebSocket = require(${JSON.stringify(require.resolve('ws'))});
      const ws = new WebSocket('ws://127.0.0.1:${server.port}/ws', { origin: 'http://127.0.0.1:${server.port}' });
      setInterval(() => {}, 1000);`;
    browser = spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
    const deadline = Date.now() + 5000;
    while (!tracker.active && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(attached).not.toBeNull();
    expect(tracker.active).toBe(true);
    tracker.cores();
    await new Promise((r) => setTimeout(r, 2000));
    // The spinner is the root's child: it is only seen if the whole tree is measured. On an idle
    // machine it reads ~1 core; the bound leaves room for a busy CI neighbour.
    expect(tracker.cores()).toBeGreaterThan(0.1);
  });

  it.skipIf(process.platform !== 'linux')('does not count a client that is the engine’s own ancestor', async () => {
    // Here the engine is this test process, and the client a child of it: pretend the engine is
    // the client's child instead by naming the client's pid as the engine.
    const noEvents = (_listener: (events: EngineEvent[]) => void) => () => undefined;
    let tracker: BrowserCpu | null = null;
    let attached: (() => void) | null | undefined;
    server = await startWebServer({
      engine: { call: () => ({ ok: true, value: null }), subscribe: noEvents },
      rendererDir: '/nonexistent',
      host: '127.0.0.1',
      port: 0,
      access: openAccess(), // this test is about CPU, not the lock (tests/unit/server)
      onClient: (local, remote) => (attached = tracker!.attach(local, remote)),
    });
    const script = `
      process.title = 'fakebrowser';
      const WebSocket = require(${JSON.stringify(require.resolve('ws'))});
      new WebSocket('ws://127.0.0.1:${server.port}/ws', { origin: 'http://127.0.0.1:${server.port}' });
      setInterval(() => {}, 1000);`;
    browser = spawn(process.execPath, ['-e', script], { stdio: 'ignore', detached: true });
    tracker = new BrowserCpu(undefined, undefined, browser.pid!);
    const deadline = Date.now() + 5000;
    while (attached === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(attached).toBeNull();
    expect(tracker.active).toBe(false);
  });
});
