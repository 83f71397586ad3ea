// The child side of a task process: Electron's process.parentPort in a utilityProcess, or a
// stand-in over Node's IPC channel in a child_process.fork child with the same shape
// ({ data, ports } events, queued until the first listener). Also makes the child exit when its
// parent goes away, so no task process outlives the app or the server. Runs in task processes.

import { EventEmitter } from 'node:events';
import { startParentWatchdog } from './parent-watchdog';

export interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown; ports: unknown[] }) => void): void;
  postMessage(message: unknown): void;
}

/** How often the main thread checks its parent, should the watchdog thread fail to start. */
const PARENT_WATCH_MS = 500;

let shim: ParentPort | undefined;

function forkShim(): ParentPort {
  const emitter = new EventEmitter();
  const queued: unknown[] = [];
  process.on('message', (data) => {
    if (emitter.listenerCount('message') === 0) queued.push(data);
    else emitter.emit('message', { data, ports: [] });
  });
  return {
    on(event, listener) {
      emitter.on(event, listener);
      while (queued.length > 0) listener({ data: queued.shift(), ports: [] });
    },
    postMessage(message) {
      process.send?.(message);
    },
  };
}

/**
 * Exit as soon as the parent disappears (killed, crashed): re-parenting changes our ppid. A
 * watchdog thread looks, since a computing task blocks this thread's event loop for seconds.
 */
export function watchParent(): void {
  const parent = process.ppid;
  process.on('disconnect', () => process.exit(0));
  startParentWatchdog(parent, () => {
    const timer = setInterval(() => {
      if (process.ppid !== parent) process.exit(0);
    }, PARENT_WATCH_MS);
    timer.unref();
  });
}

export function getParentPort(): ParentPort {
  // Present only inside an Electron utility process.
  const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (electronPort) return electronPort;
  shim ??= forkShim();
  return shim;
}
