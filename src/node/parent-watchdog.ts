// The watchdog of a task process: a tiny worker thread that notices the parent's death and ends
// the process, even while the main thread computes and its event loop never turns. Runs in task
// processes (forked by the Node engine, or Electron utility processes); started by parent-port.

import { Worker } from 'node:worker_threads';

/**
 * How often the watchdog looks at its parent. A dead parent is noticed within this (the goal is
 * 1 s); each look is one getppid() call, so ten a second cost nothing measurable.
 */
export const WATCHDOG_PERIOD_MS = 100;

/**
 * The watchdog's heap: it holds a timer and two numbers. 8 MB is the smallest that starts
 * reliably here (4 MB fails at start with ERR_WORKER_OUT_OF_MEMORY).
 */
const WATCHDOG_HEAP_MB = 8;

// CommonJS, evaluated by the worker: no file of its own to bundle for Node and for Electron.
// When the parent dies, the orphan is re-parented (to init or a subreaper), so its ppid changes;
// SIGKILL ends the whole process at once, whatever the main thread is doing.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads');
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL');
}, workerData.periodMs);
`;

/**
 * Starts the watchdog for parent `parent` (the ppid when this process started). Should the thread
 * not start, or end (it never ends by itself), `failed` is called once, so the caller can fall
 * back to watching from the main thread.
 */
export function startParentWatchdog(parent: number, failed: () => void): void {
  let once = false;
  const fail = (): void => {
    if (once) return;
    once = true;
    failed();
  };
  try {
    const worker = new Worker(WATCHDOG_SOURCE, {
      eval: true,
      workerData: { parent, periodMs: WATCHDOG_PERIOD_MS },
      resourceLimits: { maxOldGenerationSizeMb: WATCHDOG_HEAP_MB },
      stdout: false,
      stderr: false,
    });
    // It must not keep an idle process alive, nor crash it should it fail.
    worker.unref();
    worker.on('error', fail);
    worker.on('exit', fail);
  } catch {
    fail();
  }
}
