// How many processes the kernel's OOM killer has ended, read where Linux counts them: the engine's
// cgroup (v2 memory.events, v1 memory.oom_control), else the whole machine (/proc/vmstat). A task
// process SIGKILLed by no one in Lanes while this count rose was, as far as can be known, one of
// them. Runs in the engine (the Run reads it when a run starts and when a process is SIGKILLed).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The number after `oom_kill ` in a counters file, or null. */
function oomKillField(text: string | null): number | null {
  const match = text === null ? null : /^oom_kill (\d+)$/m.exec(text);
  return match ? Number(match[1]) : null;
}

/**
 * OOM kills counted so far, or null where Linux does not say (another OS, an old kernel). `root`
 * is the file system's root (tests pass a folder laid out like one); `self` the process whose
 * cgroup counts (task processes stay in the engine's).
 */
export function oomKills(root = '/', self = 'self'): number | null {
  const cgroups = read(join(root, 'proc', self, 'cgroup')) ?? '';
  const unified = /^0::(\/.*)$/m.exec(cgroups)?.[1];
  const memoryV1 = /^\d+:(?:[^:]*,)?memory(?:,[^:]*)?:(\/.*)$/m.exec(cgroups)?.[1];
  // cgroup v2 is mounted at /sys/fs/cgroup, or at /sys/fs/cgroup/unified beside v1 (hybrid).
  const v2 = (mount: string): number | null =>
    unified === undefined ? null : oomKillField(read(join(root, mount, unified, 'memory.events')));
  return (
    v2('sys/fs/cgroup') ??
    v2('sys/fs/cgroup/unified') ??
    (memoryV1 !== undefined
      ? oomKillField(read(join(root, 'sys/fs/cgroup/memory', memoryV1, 'memory.oom_control')))
      : null) ??
    oomKillField(read(join(root, 'proc/vmstat')))
  );
}
