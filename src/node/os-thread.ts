// Who am I, to the OS: the Linux thread id of the calling thread and its CPU time, read from
// /proc/thread-self. Runs inside task units; elsewhere these answer null and the UI says so.

import { readFileSync, readlinkSync } from 'node:fs';
import { parsePidStat, ticksToMs } from '../core/cpu';

/** The calling thread's Linux tid, or null where /proc/thread-self does not exist. */
export function currentTid(): number | null {
  try {
    // "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) ? tid : null;
  } catch {
    return null;
  }
}

/** CPU time (user + system) of the calling thread in ms, or null where it cannot be read. */
export function currentThreadCpuMs(): number | null {
  try {
    const stat = parsePidStat(readFileSync('/proc/thread-self/stat', 'utf8'));
    return stat ? ticksToMs(stat.cpuTicks) : null;
  } catch {
    return null;
  }
}
