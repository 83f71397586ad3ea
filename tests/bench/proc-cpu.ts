// CPU time of a whole process tree from Linux /proc: the browser process and every descendant
// (zygote, renderers, GPU and utility processes). Runs in Node (the bench harness).
// Time of children that exited is still counted: it moves into their parent's cutime/cstime.

import { readdirSync, readFileSync } from 'node:fs';
import { parsePidStat, USER_HZ } from '../../src/core/cpu';

interface StatLine {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime, in ticks. */
  ticks: number;
}

/** Parses /proc/<pid>/stat (src/core/cpu.ts): its own ticks and its reaped children's. */
export function parseStat(text: string): StatLine | null {
  const stat = parsePidStat(text);
  return stat ? { pid: stat.pid, ppid: stat.ppid, ticks: stat.cpuTicks + stat.childTicks } : null;
}

function readAll(): StatLine[] {
  const lines: StatLine[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const line = parseStat(readFileSync(`/proc/${name}/stat`, 'utf8'));
      if (line) lines.push(line);
    } catch {
      // The process exited between listing and reading: its time is now in its parent's.
    }
  }
  return lines;
}

/** The pids of `root` and all its descendants. */
export function processTree(root: number, lines: readonly StatLine[] = readAll()): number[] {
  const children = new Map<number, number[]>();
  for (const { pid, ppid } of lines) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    tree.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU seconds used so far by `root` and its descendants (alive or reaped by them). */
export function treeCpuSeconds(root: number): number {
  const lines = readAll();
  const inTree = new Set(processTree(root, lines));
  const ticks = lines.filter((line) => inTree.has(line.pid)).reduce((sum, line) => sum + line.ticks, 0);
  return ticks / USER_HZ;
}

/** Chromium's name for a process's role (`--type=renderer`, `gpu-process`…), or "browser". */
function processType(pid: number): string {
  try {
    // Chromium rewrites its children's command lines into one space-separated string.
    const type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1];
    return type ?? 'browser';
  } catch {
    return 'gone';
  }
}

/** CPU seconds used so far by the tree, per process role (reaped children count in their parent's). */
export function treeCpuByType(root: number): Map<string, number> {
  const lines = readAll();
  const inTree = new Set(processTree(root, lines));
  const byType = new Map<string, number>();
  for (const line of lines) {
    if (!inTree.has(line.pid)) continue;
    const type = processType(line.pid);
    byType.set(type, (byType.get(type) ?? 0) + line.ticks / USER_HZ);
  }
  return byType;
}

/** Cores per process role over the time `during` takes (the roles that used any). */
export async function cpuCoresByType(root: number, during: () => Promise<void>): Promise<Record<string, number>> {
  const start = treeCpuByType(root);
  const startWall = performance.now();
  await during();
  const seconds = (performance.now() - startWall) / 1000;
  const result: Record<string, number> = {};
  for (const [type, cpu] of treeCpuByType(root)) {
    const cores = (cpu - (start.get(type) ?? 0)) / seconds;
    if (cores > 0) result[type] = Math.round(cores * 1000) / 1000;
  }
  return result;
}

/** Measures the tree's CPU use in cores over the time `during` takes. */
export async function cpuCores(root: number, during: () => Promise<void>): Promise<number> {
  const startCpu = treeCpuSeconds(root);
  const startWall = performance.now();
  await during();
  const cpu = treeCpuSeconds(root) - startCpu;
  return cpu / ((performance.now() - startWall) / 1000);
}

/** CPU seconds the whole machine has been busy (every core, every process), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  // cpu user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return [user, nice, system, irq, softirq, steal].reduce((sum: number, ticks) => sum + (ticks ?? 0), 0) / USER_HZ;
}
