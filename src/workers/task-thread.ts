// Entry of a task worker thread (threads, gil-threads, sequential and async executors).
// Started by the engine's ThreadHost with a UnitStart as workerData.
import { parentPort, workerData } from 'node:worker_threads';
import type { UnitStart } from '../core/contract';
import { runUnitFromStart } from '../node/unit-runtime';

void runUnitFromStart(
  workerData as UnitStart,
  (message) => parentPort?.postMessage(message),
  (code) => process.exit(code),
);
