// The ProcessHost for Node (web server, CLI, tests): child_process.fork behaving like Electron's
// utilityProcess — pid only after 'spawn', kill() false before it, exit code 0 when we killed
// it, one numeric 'exit', V8 serialization, unhandled rejections warn instead of crashing. Its
// 'exit' also says which signal ended the child: Node knows it exactly.

import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { constants } from 'node:os';
import type { Readable } from 'node:stream';
import type { ChildEvents, ChildExit, ForkOptions, ProcessHost, TaskChild } from './process-host';

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 1;
}

class ForkedChild extends EventEmitter<ChildEvents> implements TaskChild {
  private spawned = false;
  private exited = false;
  private killedByUs = false;
  private readonly child: ChildProcess;
  stdout: Readable | null;
  stderr: Readable | null;

  constructor(modulePath: string, args: string[], options: ForkOptions) {
    super();
    const stdio = options.stdio ?? 'inherit';
    this.child = fork(modulePath, args, {
      env: options.env ?? process.env,
      execArgv: ['--unhandled-rejections=warn-with-error-code', ...(options.execArgv ?? [])],
      serialization: 'advanced',
      stdio: [stdio === 'pipe' ? 'ignore' : stdio, stdio, stdio, 'ipc'],
    });
    this.stdout = this.child.stdout;
    this.stderr = this.child.stderr;
    this.child.once('spawn', () => {
      this.spawned = true;
      this.emit('spawn');
    });
    this.child.on('message', (message) => this.emit('message', message));
    this.child.once('exit', (code, signal) => this.finish(code, signal));
    // A failed launch ('error' before 'spawn') still ends in one exit, as utilityProcess does.
    this.child.on('error', () => {
      if (!this.spawned) this.finish(1, null);
    });
  }

  get pid(): number | undefined {
    return this.spawned && !this.exited ? this.child.pid : undefined;
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    this.stdout = null;
    this.stderr = null;
    let result = code ?? (signal ? signalNumber(signal) : 1);
    if (this.killedByUs && (signal === 'SIGTERM' || signal === 'SIGKILL')) result = 0;
    const how: ChildExit = { code, signal, killedByUs: this.killedByUs };
    this.emit('exit', result, how);
  }

  postMessage(message: unknown): void {
    if (this.exited || !this.child.connected) return;
    this.child.send(message as never);
  }

  kill(): boolean {
    return this.signal('SIGTERM');
  }

  forceKill(): boolean {
    return this.signal('SIGKILL');
  }

  private signal(signal: 'SIGTERM' | 'SIGKILL'): boolean {
    if (!this.spawned || this.exited) return false;
    this.killedByUs = true;
    return this.child.kill(signal);
  }
}

export const forkProcessHost: ProcessHost = {
  name: 'child_process.fork',
  fork(modulePath, args, options) {
    if (typeof options.serviceName !== 'string') throw new TypeError('serviceName must be a string');
    if (options.execArgv !== undefined && !Array.isArray(options.execArgv))
      throw new TypeError('execArgv must be an array');
    return new ForkedChild(modulePath, args, options);
  },
};
