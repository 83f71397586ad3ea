// Starts a task worker thread: one worker_threads Worker hosting one unit (one task, or all
// tasks of the sequential/async executors). Runs in the engine process.

import { Worker } from 'node:worker_threads';
import type { UnitStart } from '../../core/contract';

/** Each worker's JS heap is capped so a runaway task fails alone instead of taking the app down. */
const WORKER_HEAP_MB = 256;

export function startThread(entry: string, start: UnitStart): Worker {
  return new Worker(entry, {
    workerData: start,
    resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    stdout: false,
    stderr: false,
  });
}
