// The ProcessHost contract (utilityProcess semantics: a pid only after spawn, one exit) as one suite,
// run against the child_process.fork stand-in and against the utilityProcess adapter (fed that
// stand-in). Real utilityProcess children are only exercised by the Electron
// spec's multiprocessing run, where an Electron binary exists.
import { describe, expect, it } from 'vitest';
import { describeSignal } from '../../../src/core/exit-reason';
import type { ChildExit, ProcessHost, TaskChild } from '../../../src/node/hosts/process-host';

function nextMessage(child: TaskChild): Promise<unknown> {
  return new Promise((resolve) => child.once('message', resolve));
}

function exitOf(child: TaskChild): Promise<number> {
  return new Promise((resolve) => child.once('exit', resolve));
}

function endOf(child: TaskChild): Promise<[number, ChildExit]> {
  return new Promise((resolve) => child.once('exit', (code, how) => resolve([code, how])));
}

function spawned(child: TaskChild): Promise<void> {
  return new Promise((resolve) => child.once('spawn', resolve));
}

export function processHostContract(name: string, host: () => ProcessHost, childPath: () => string): void {
  describe(`ProcessHost contract: ${name}`, () => {
    const fork = (stdio: 'pipe' | 'ignore' = 'pipe'): TaskChild =>
      host().fork(childPath(), [], { serviceName: 'contract test', stdio });

    it('has no pid and refuses kill() until spawned, then has a pid', async () => {
      const child = fork();
      expect(child.pid).toBeUndefined();
      expect(child.kill()).toBe(false);
      await spawned(child);
      expect(child.pid).toBeGreaterThan(0);
      expect(child.kill()).toBe(true);
      await exitOf(child);
    });

    it('reports exit code 0 when our kill() ended it, and forgets its pid and pipes', async () => {
      const child = fork();
      await spawned(child);
      const exits: number[] = [];
      child.on('exit', (code) => exits.push(code));
      child.kill();
      expect(await exitOf(child)).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(exits).toEqual([0]);
      expect(child.pid).toBeUndefined();
      expect(child.stdout).toBeNull();
      expect(child.kill()).toBe(false);
    });

    it('reports a non-zero exit code, and the signal number of a crash', async () => {
      const exiting = fork();
      await spawned(exiting);
      exiting.postMessage({ cmd: 'exit', code: 3 });
      expect(await exitOf(exiting)).toBe(3);

      const crashing = fork();
      await spawned(crashing);
      crashing.postMessage({ cmd: 'crash' });
      expect(await exitOf(crashing)).toBe(11);
    });

    it('says which signal ended a child killed from outside, and that an exit by itself was not one', async () => {
      const killed = fork();
      await spawned(killed);
      const killedEnd = endOf(killed);
      process.kill(killed.pid!, 'SIGKILL');
      const [code, how] = await killedEnd;
      expect(code).toBe(9);
      expect(how).toMatchObject({ code: null, killedByUs: false });
      expect(describeSignal(how.signal!)).toBe('killed by SIGKILL (signal 9)');

      const crashing = fork();
      await spawned(crashing);
      const crashEnd = endOf(crashing);
      crashing.postMessage({ cmd: 'crash' });
      expect(describeSignal((await crashEnd)[1].signal!)).toBe('killed by SIGSEGV (signal 11)');

      const exiting = fork();
      await spawned(exiting);
      const exitEnd = endOf(exiting);
      exiting.postMessage({ cmd: 'exit', code: 1 });
      expect(await exitEnd).toEqual([1, { code: 1, signal: null, killedByUs: false }]);
    });

    it('forceKill() ends a stuck child that kill() cannot, and reports it as our kill', async () => {
      const child = fork();
      expect(child.forceKill()).toBe(false);
      await spawned(child);
      const end = endOf(child);
      let exited = false;
      child.once('exit', () => (exited = true));
      const reply = nextMessage(child);
      child.postMessage({ cmd: 'ignore-sigterm' });
      await reply;
      // Stopped, with SIGTERM handled: the signal stays pending (unhandled, it would still kill).
      process.kill(child.pid!, 'SIGSTOP');
      expect(child.kill()).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(exited).toBe(false);
      expect(child.forceKill()).toBe(true);
      const [code, how] = await end;
      expect(code).toBe(0);
      expect(how.killedByUs).toBe(true);
      expect(child.forceKill()).toBe(false);
    });

    it('round-trips structured-clone values (Map, BigInt, typed arrays) both ways', async () => {
      const child = fork();
      const payload = { map: new Map([['a', 1]]), big: 2n ** 70n, bytes: new Uint8Array([1, 2, 3]) };
      const reply = nextMessage(child);
      child.postMessage(payload);
      expect(await reply).toMatchObject({ echo: payload });
      child.kill();
      await exitOf(child);
    });

    it('pipes stdout and stderr when asked', async () => {
      const child = fork('pipe');
      let err = '';
      child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
      await spawned(child);
      const reply = nextMessage(child);
      child.postMessage({ cmd: 'stderr', text: 'to stderr' });
      await reply;
      child.kill();
      await exitOf(child);
      expect(err).toContain('to stderr');
    });

    it('does not exit on its own when idle (the engine must end it)', async () => {
      const child = fork();
      await spawned(child);
      let exited = false;
      child.once('exit', () => (exited = true));
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(exited).toBe(false);
      child.kill();
      await exitOf(child);
    });
  });
}
