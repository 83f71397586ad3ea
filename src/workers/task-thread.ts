// Entry of a task worker thread (threads, gil-threads, sequential and async executors).
// Started by the engine's ThreadHost with a UnitStart as workerData, or by the engine's
// calibration (node/calibration.ts) with a CalibrateStart, to measure the machine's speed.
import { parentPort, workerData } from 'node:worker_threads';
import type { CalibrateStart, UnitStart } from '../core/contract';
import { runCalibration } from '../node/calibration';
import { runUnitFromStart } from '../node/unit-runtime';

const start = workerData as UnitStart | CalibrateStart;
if (start.kind === 'calibrate') {
  runCalibration((message) => parentPort?.postMessage(message));
} else {
  void runUnitFromStart(
    start,
    (message) => parentPort?.postMessage(message),
    (code) => process.exit(code),
  );
}
