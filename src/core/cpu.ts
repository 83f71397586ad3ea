// CPU accounting maths: parses Linux /proc/stat and /proc/<pid>[/task/<tid>]/stat text and turns
// two readings (or two os.cpus() snapshots) into busy and steal percent per core. Pure, runs
// anywhere; the engine's sampler (src/node/sampler.proc.ts) and every other reader of /proc in
// the engine feed it the text; USER_HZ is defined here once.

/** Linux's USER_HZ: /proc reports CPU time in clock ticks of 1/100 s on every mainstream kernel. */
export const USER_HZ = 100;
/** Milliseconds per /proc clock tick (10 ms: a 100 ms window sees a core in 10 % steps). */
export const MS_PER_TICK = 1000 / USER_HZ;

/** One logical core's cumulative time since boot from /proc/stat, in ticks, grouped as htop does. */
export interface CoreTicks {
  /** Logical core number (the N of `cpuN`; offline cores have no line, so numbers may skip). */
  core: number;
  /** user + nice + system + irq + softirq + guest + guest_nice, counting guest time once. */
  busy: number;
  /** idle + iowait. */
  idle: number;
  /** Time the hypervisor ran someone else while this vCPU wanted to run. */
  steal: number;
}

/** Busy and stolen percent per logical core (index = core number), each 0..100. */
export interface CoreUsage {
  cores: number[];
  steal: number[];
}

/**
 * What a /proc/<pid>/stat or /proc/<pid>/task/<tid>/stat line says, as far as Lanes reads it: the
 * one parser of these lines (the sampler, the browser's CPU, a thread's own CPU clock, an
 * engine's identity all read them through it).
 */
export interface PidStat {
  /** Field 1: the process (or thread) id. */
  pid: number;
  /** Field 2 without its parentheses: the command name, which may hold spaces and parentheses. */
  comm: string;
  /** Field 4: the parent's pid. */
  ppid: number;
  /** Fields 14 + 15, utime + stime: its own CPU time, in ticks. */
  cpuTicks: number;
  /** Fields 16 + 17, cutime + cstime: CPU time of the children it waited for, in ticks. */
  childTicks: number;
  /** Field 22, starttime: when it started, in ticks since boot; null on a line too short to say. */
  startTicks: number | null;
  /** Field 39, processor: the core it last ran on; null on a line too short to say. */
  core: number | null;
}

/** os.cpus()[i].times: cumulative milliseconds since boot (what libuv reports on every OS). */
export interface CpuTimesMs {
  user: number;
  nice: number;
  sys: number;
  idle: number;
  irq: number;
}

/** Converts /proc clock ticks to milliseconds. */
export function ticksToMs(ticks: number): number {
  return ticks * MS_PER_TICK;
}

/** Clamps a percentage to 0..100, mapping NaN and infinities to 0. */
export function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

/** Cores' worth of CPU: `cpuMs` of CPU time used over `elapsedMs` of wall time, never negative. */
export function coresUsed(cpuMs: number, elapsedMs: number): number {
  const cores = cpuMs / elapsedMs;
  return elapsedMs > 0 && Number.isFinite(cores) && cores > 0 ? cores : 0;
}

/** Parses the per-core `cpuN` lines of /proc/stat (the aggregate `cpu` line is ignored), by core. */
export function parseProcStat(text: string): CoreTicks[] {
  const out: CoreTicks[] = [];
  for (const line of text.split('\n')) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    // Older kernels stop after idle (2.4) or irq/softirq (2.6.11); missing columns count as 0.
    const values = match[2]!.trim().split(/\s+/).map(Number);
    const column = (i: number): number => values[i] ?? 0;
    const [user, nice, system, idle, iowait, irq, softirq, steal, guest, guestNice] = [
      column(0),
      column(1),
      column(2),
      column(3),
      column(4),
      column(5),
      column(6),
      column(7),
      column(8),
      column(9),
    ];
    // Guest time is already included in user (and guest_nice in nice): htop subtracts it there
    // and adds it back as "virt", so it is counted exactly once.
    const virt = guest + guestNice;
    const busy = Math.max(0, user - guest) + Math.max(0, nice - guestNice) + system + irq + softirq + virt;
    const ticks = { core: Number(match[1]), busy, idle: idle + iowait, steal };
    if (Object.values(ticks).every(Number.isFinite)) out.push(ticks);
  }
  return out.sort((a, b) => a.core - b.core);
}

/**
 * Busy and steal percent per core between two /proc/stat readings. The result spans the cores
 * of `next`; a core absent from `prev` (just came online), or whose counters went backwards
 * (hotplug reset), reads 0 % for this interval instead of a spike or NaN.
 */
export function procStatUsage(prev: readonly CoreTicks[], next: readonly CoreTicks[]): CoreUsage {
  const size = next.length === 0 ? 0 : next[next.length - 1]!.core + 1;
  const usage: CoreUsage = { cores: new Array<number>(size).fill(0), steal: new Array<number>(size).fill(0) };
  const before = new Map(prev.map((ticks) => [ticks.core, ticks]));
  for (const now of next) {
    const then = before.get(now.core);
    if (!then) continue;
    const busy = now.busy - then.busy;
    const idle = now.idle - then.idle;
    const steal = now.steal - then.steal;
    const total = busy + idle + steal;
    if (busy < 0 || idle < 0 || steal < 0 || total <= 0) continue;
    usage.cores[now.core] = clampPercent((100 * busy) / total);
    usage.steal[now.core] = clampPercent((100 * steal) / total);
  }
  return usage;
}

/**
 * Parses a /proc/<pid>/stat (or /proc/<pid>/task/<tid>/stat) line. Fields are read after the
 * LAST ')' because field 2, the command name, may itself contain spaces and parentheses.
 * Returns null for text that is not a stat line.
 */
export function parsePidStat(text: string): PidStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  // The kernel separates fields by single spaces; after ") " comes field 3, so field N is at N - 3.
  const fields = text.slice(close + 2).split(' ');
  const field = (n: number): number => Number(fields[n - 3] ?? Number.NaN);
  const pid = Number(text.slice(0, open).trim());
  const ppid = field(4);
  const cpuTicks = field(14) + field(15);
  const childTicks = field(16) + field(17);
  if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isFinite(cpuTicks)) return null;
  const start = field(22);
  const core = field(39);
  return {
    pid,
    comm: text.slice(open + 1, close),
    ppid,
    cpuTicks,
    childTicks: Number.isFinite(childTicks) ? childTicks : 0,
    startTicks: Number.isInteger(start) && start >= 0 ? start : null,
    core: Number.isInteger(core) && core >= 0 ? core : null,
  };
}

/**
 * Busy percent per core between two os.cpus() snapshots (steal is not reported there: all 0).
 * `irqInSys`: on Windows libuv's `sys` already contains interrupt time, so `irq` is not added again.
 */
export function cpuTimesUsage(
  prev: readonly CpuTimesMs[],
  next: readonly CpuTimesMs[],
  options: { irqInSys?: boolean } = {},
): CoreUsage {
  const cores = next.map((now, core) => {
    const then = prev[core];
    if (!then) return 0;
    const irq = options.irqInSys ? 0 : now.irq - then.irq;
    const busy = now.user - then.user + (now.nice - then.nice) + (now.sys - then.sys) + irq;
    const idle = now.idle - then.idle;
    if (busy < 0 || idle < 0 || busy + idle <= 0) return 0;
    return clampPercent((100 * busy) / (busy + idle));
  });
  return { cores, steal: cores.map(() => 0) };
}
