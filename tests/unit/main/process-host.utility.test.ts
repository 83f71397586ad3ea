// The utilityProcess ProcessHost adapter. Without an Electron binary, its `fork` is fed (1) the
// child_process.fork stand-in, which reproduces utilityProcess semantics, so the shared contract
// suite checks the adapter keeps them; and (2) a scripted fake for the Electron-only hazards.
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forkProcessHost } from '../../../src/node/hosts/process-host.fork';
import { createUtilityProcessHost, type UtilityProcessLike } from '../../../src/main/process-host.utility';
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
  const host = createUtilityProcessHost((_path, _args, options) => {
    const child = new FakeUtility();
    forked.push({ child, options });
    return child;
  });
  return { host, forked };
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
