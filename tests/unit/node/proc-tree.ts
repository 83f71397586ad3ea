// What Linux's /proc says about a process tree, for the tests that kill the engine and check
// that no task process or thread outlives it. Runs in the test process.
import { readdirSync, readFileSync } from 'node:fs';

/** The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/**
 * Whether a process still exists and has not exited. A zombie (state Z) has exited: only its exit
 * status is left, for a parent to collect (on this machine PID 1 collects orphans' only now and then).
 */
export function living(pid: number): boolean {
  const fields = statFields(pid);
  return fields !== null && fields[0] !== 'Z' && fields[0] !== 'X';
}

/** Living processes whose parent is `pid`. */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === pid && fields[0] !== 'Z') children.push(Number(entry));
  }
  return children;
}

/** CPU time a process has used (user + system), in clock ticks (1/100 s on Linux). */
export function cpuTicks(pid: number): number {
  const fields = statFields(pid);
  return fields ? Number(fields[11]) + Number(fields[12]) : 0;
}

/** Threads of a living process (its /proc/PID/task entries); 0 once it has exited. */
export function threadCount(pid: number): number {
  if (!living(pid)) return 0;
  try {
    return readdirSync(`/proc/${pid}/task`).length;
  } catch {
    return 0;
  }
}

/** Polls `check` every 10 ms until it holds or `ms` pass; resolves with how long it took, or null. */
export async function timeUntil(check: () => boolean, ms: number): Promise<number | null> {
  const started = performance.now();
  while (performance.now() - started < ms) {
    if (check()) return performance.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return check() ? performance.now() - started : null;
}
