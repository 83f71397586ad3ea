// Runs a unit's tasks inside a worker thread or child process: builds the TaskEnv (clock, real
// sleeps, posting, the shared locks) and reports the thread's OS identity and CPU time.
// Called by the tiny entry files in src/workers; talks to the engine through `post`.

import { setTimeout as sleep } from 'node:timers/promises';
import { AmdahlSync } from '../core/amdahl';
import type { UnitMessage, UnitStart } from '../core/contract';
import { GilLock } from '../core/gil';
import { runUnit, type TaskEnv } from '../core/program';
import { msSince } from './clock';
import { currentThreadCpuMs, currentTid } from './os-thread';

export async function runUnitFromStart(
  start: UnitStart,
  post: (message: UnitMessage) => void,
  exit: (code: number) => never,
): Promise<void> {
  const origin = BigInt(start.originNs);
  const { runId } = start;
  const env: TaskEnv = {
    now: () => msSince(origin),
    emit: (event) => post({ ...event, runId }),
    sleep: async (ms) => {
      await sleep(ms);
    },
    exit,
    itersPerMs: start.itersPerMs,
    gil: start.gil ? new GilLock(start.gil) : null,
    switchIntervalMs: start.switchIntervalMs,
    amdahl: start.amdahl ? new AmdahlSync(start.amdahl) : null,
  };
  const tid = currentTid();
  for (const task of start.tasks) {
    post({ kind: 'task-os', runId, t: env.now(), task, pid: process.pid, tid });
  }
  const cpuBefore = currentThreadCpuMs();
  await runUnit(start.tasks, start.mode, start.spec, env);
  const cpuAfter = currentThreadCpuMs();
  const cpuMs = cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : null;
  post({ kind: 'finished', runId, unit: start.unit, cpuMs });
}
