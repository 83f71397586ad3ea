// The utilityProcess ProcessHost adapter. Without an Electron binary, its `fork` is fed (1) the
// child_process.fork stand-in, which reproduces utilityProcess semantics, so the shared contract
// suite checks the adapter keeps them; and (2) a scripted fake for the Electron-only hazards.
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forkProcessHost } from '../../../src/node/hosts/process-host.fork';
import { describeExit } from '../../../src/core/exit-reason';
import { createUtilityProcessHost, utilityExit, type UtilityProcessLike } from '../../../src/main/process-host.utility';
import type { ChildExit } from '../../../src/node/hosts/process-host';
import { processHostContract } from '../node/process-host.contract';

const overStandIn = createUtilityProcessHost(
  (modulePath, args, options) =>
    // The stand-in is an EventEmitter with utilityProcess's shape; only its typings are narrower.
    forkProcessHost.fork(modulePath, args, {
      serviceName: options.serviceName ?? 'test',
      stdio: options.stdio === 'pipe' || options.stdio === 'ignore' ? options.stdio : 'inherit',
    }) as unknown as UtilityProcessLike,
);

processHostContract(
  'utilityProcess adapter over the fork stand-in',
  () => overStandIn,
  () => resolve('out/test-fixtures/child-echo.mjs'),
);

/** A scripted utility process: spawns and exits when told; records what was posted. */
class FakeUtility extends EventEmitter {
  pid: number | undefined = undefined;
  stdout = new PassThrough();
  stderr = new PassThrough();
  posted: unknown[] = [];
  kills = 0;
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.kills++;
    return this.pid !== undefined;
  }
  spawn(pid: number): void {
    this.pid = pid;
    this.emit('spawn');
  }
  exit(code: number): void {
    this.pid = undefined;
    this.emit('exit', code);
  }
}

function fakeHost() {
  const forked: { child: FakeUtility; options: unknown }[] = [];
  const signals: [number, string][] = [];
  const host = createUtilityProcessHost(
    (_path, _args, options) => {
      const child = new FakeUtility();
      forked.push({ child, options });
      return child;
    },
    (pid, signal) => signals.push([pid, signal]),
  );
  return { host, forked, signals };
}

describe('utilityProcess adapter', () => {
  it('passes serviceName and stdio through to utilityProcess.fork', () => {
    const { host, forked } = fakeHost();
    host.fork('/x.js', [], { serviceName: 'Lanes task 1', stdio: 'pipe' });
    expect(forked[0]!.options).toEqual({ serviceName: 'Lanes task 1', stdio: 'pipe' });
    expect(() => host.fork('/x.js', [], { serviceName: 3 as unknown as string })).toThrow(TypeError);
  });

  it('drops postMessage from an exit listener (posting there crashes Electron main, #53923)', () => {
    const { host, forked } = fakeHost();
    const child = host.fork('/x.js', [], { serviceName: 'Lanes task 1', stdio: 'pipe' });
    const fake = forked[0]!.child;
    fake.spawn(101);
    child.postMessage('before exit');
    child.on('exit', () => child.postMessage('from exit'));
    fake.exit(0);
    child.postMessage('after exit');
    expect(fake.posted).toEqual(['before exit']);
    expect(child.pid).toBeUndefined();
    expect(child.stdout).toBeNull();
    expect(child.kill()).toBe(false);
  });

  it('knows its task processes for the app-metrics filter, and kills the live ones on request', () => {
    const { host, forked } = fakeHost();
    host.fork('/x.js', [], { serviceName: 'Lanes task 1', stdio: 'pipe' });
    host.fork('/x.js', [], { serviceName: 'Lanes task 2', stdio: 'pipe' });
    const [first, second] = forked.map((f) => f.child);
    first!.spawn(201);
    second!.spawn(202);
    expect(host.isTaskProcess(201, undefined)).toBe(true);
    expect(host.isTaskProcess(999, 'Lanes task 2')).toBe(true);
    expect(host.isTaskProcess(999, 'Network Service')).toBe(false);
    first!.exit(0);
    expect(host.isTaskProcess(201, undefined)).toBe(false);
    expect(host.killAll()).toBe(1);
    expect(second!.kills).toBe(1);
  });
});

describe("utilityProcess's one exit number, read", () => {
  const words = (code: number, fatal: string | null = null): string =>
    describeExit('process', utilityExit(code, false, fatal));

  it('names the signal Electron reports as the wait status (with or without a core dump)', () => {
    expect(words(9)).toBe('process was killed by SIGKILL (signal 9)');
    expect(words(15)).toBe('process was killed by SIGTERM (signal 15)');
    expect(words(11)).toBe('process was killed by SIGSEGV (signal 11)');
    expect(words(128 + 6)).toBe('process was killed by SIGABRT (signal 6)');
  });

  it("keeps a task process's own exit codes (0, 1) and any code no signal can give", () => {
    expect(words(1)).toBe('process exited with code 1');
    expect(words(42)).toBe('process exited with code 42');
    expect(words(768)).toBe('process exited with code 768');
    expect(utilityExit(0, false, null)).toEqual({ code: 0, signal: null, killedByUs: false });
  });

  it('says a process ran out of memory when V8 reported its heap limit before the crash', () => {
    expect(words(11, 'Reached heap limit')).toBe('process ran out of memory');
    expect(words(11, 'v8::ToLocalChecked Empty MaybeLocal')).toBe('process was killed by SIGSEGV (signal 11)');
  });
});

describe('utilityProcess adapter: ending a child', () => {
  it('forceKill() SIGKILLs the pid itself (utilityProcess cannot), and reports the end as ours', () => {
    const { host, forked, signals } = fakeHost();
    const child = host.fork('/x.js', [], { serviceName: 'Lanes task 1', stdio: 'pipe' });
    const fake = forked[0]!.child;
    expect(child.forceKill()).toBe(false);
    fake.spawn(301);
    const ends: [number, ChildExit][] = [];
    child.on('exit', (code, how) => ends.push([code, how]));
    expect(child.forceKill()).toBe(true);
    expect(signals).toEqual([[301, 'SIGKILL']]);
    // Electron saw no kill() of its own, so it reports the signal's number.
    fake.exit(9);
    expect(ends).toEqual([[0, { code: 0, signal: null, killedByUs: true }]]);
    expect(child.forceKill()).toBe(false);
  });

  it('reports a signal from outside by name, with the number Electron gives', () => {
    const { host, forked } = fakeHost();
    const child = host.fork('/x.js', [], { serviceName: 'Lanes task 1', stdio: 'pipe' });
    const fake = forked[0]!.child;
    fake.spawn(302);
    const ends: [number, ChildExit][] = [];
    child.on('exit', (code, how) => ends.push([code, how]));
    fake.exit(9);
    expect(ends).toEqual([[9, { code: null, signal: 9, killedByUs: false }]]);
  });
});
