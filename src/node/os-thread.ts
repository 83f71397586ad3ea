// Who am I, to the OS: the Linux thread id of the calling thread and its CPU time, read from
// /proc/thread-self. Runs inside task units; elsewhere these answer null and the UI says so.

import { readFileSync, readlinkSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms on every mainstream kernel. */
const TICKS_PER_SECOND = 100;

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
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the command name, which may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after "(comm) ".
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}
