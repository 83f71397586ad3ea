// Finds the browser showing the web shell and measures its CPU, so the app's own cost (the
// observer effect) includes the page drawing the lesson, not just the engine. Linux only: the
// WebSocket's peer port leads to a socket inode in /proc/net/tcp, the inode to the process that
// holds it, and that process to its browser's whole process tree. Runs in the Node web server.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { parsePidStat, ticksToMs, type PidStat } from '../core/cpu';
/** Renderer and helper processes come and go: the tree is re-listed this often. */
const TREE_REFRESH_MS = 2_000;

export interface ProcFs {
  read(path: string): string;
  list(path: string): string[];
  link(path: string): string;
}

const realProc: ProcFs = {
  read: (path) => readFileSync(path, 'utf8'),
  list: (path) => readdirSync(path),
  link: (path) => readlinkSync(path),
};

/** The inode of the TCP socket whose local end is 127.0.0.1/::1 port `port`, from /proc/net/tcp[6] text. */
export function socketInode(tables: string[], localPort: number, remotePort: number): number | null {
  const hex = (port: number): string => port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of tables) {
    for (const line of table.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const [local, remote, inode] = [fields[1]!, fields[2]!, fields[9]!];
      if (local.endsWith(`:${hex(localPort)}`) && remote.endsWith(`:${hex(remotePort)}`)) return Number(inode) || null;
    }
  }
  return null;
}

/** What the browser's tree needs of a process: who it is, its parent, and its CPU ticks. */
export type ProcStat = Pick<PidStat, 'pid' | 'comm' | 'ppid' | 'cpuTicks'>;

function readStat(proc: ProcFs, pid: number): ProcStat | null {
  try {
    return parsePidStat(proc.read(`/proc/${pid}/stat`));
  } catch {
    return null;
  }
}

function allStats(proc: ProcFs): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of proc.list('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(proc, Number(name));
    if (stat) stats.push(stat);
  }
  return stats;
}

/** The process holding socket `inode`, by scanning /proc/<pid>/fd (once per connection). */
export function socketOwner(proc: ProcFs, inode: number): number | null {
  const target = `socket:[${inode}]`;
  for (const name of proc.list('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = proc.list(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (proc.link(`/proc/${name}/fd/${fd}`) === target) return Number(name);
      } catch {
        // The descriptor closed while we looked.
      }
    }
  }
  return null;
}

/** Walks up from `pid` while the parent runs the same program: the browser's root process. */
export function browserRoot(stats: Map<number, ProcStat>, pid: number): number {
  let current = stats.get(pid);
  while (current) {
    const parent = stats.get(current.ppid);
    if (!parent || parent.comm !== current.comm) return current.pid;
    current = parent;
  }
  return pid;
}

/** `root` and every process descended from it. */
export function descendants(stats: Map<number, ProcStat>, root: number): number[] {
  const children = new Map<number, number[]>();
  for (const stat of stats.values()) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (!stats.has(pid)) continue;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/** Tracks the browsers connected to the web shell and reports the cores they use. */
export class BrowserCpu {
  private readonly roots = new Map<number, number>(); // browser root pid -> connections
  private tree: number[] = [];
  private treeAt = -Infinity;
  private lastTicks: Map<number, number> = new Map();
  private lastAt: number | null = null;

  constructor(
    private readonly proc: ProcFs = realProc,
    private readonly now: () => number = () => performance.now(),
    private readonly enginePid: number = process.pid,
  ) {}

  /** Registers a loopback connection (our port, the peer's port); returns its detach, or null if not found. */
  attach(localPort: number, remotePort: number): (() => void) | null {
    const tables = ['/proc/net/tcp', '/proc/net/tcp6'].map((path) => {
      try {
        return this.proc.read(path);
      } catch {
        return '';
      }
    });
    // The browser's end of the connection: its local port is our peer's port.
    const inode = socketInode(tables, remotePort, localPort);
    const owner = inode === null ? null : socketOwner(this.proc, inode);
    if (owner === null) return null;
    const stats = new Map(allStats(this.proc).map((stat) => [stat.pid, stat]));
    const root = browserRoot(stats, owner);
    // A client that started the engine (a test harness, a script) is not a browser showing it:
    // its tree holds the engine and its tasks, which must never count as the app's overhead.
    if (descendants(stats, root).includes(this.enginePid)) return null;
    this.roots.set(root, (this.roots.get(root) ?? 0) + 1);
    this.treeAt = -Infinity;
    return () => {
      const left = (this.roots.get(root) ?? 1) - 1;
      if (left > 0) this.roots.set(root, left);
      else this.roots.delete(root);
      this.treeAt = -Infinity;
    };
  }

  get active(): boolean {
    return this.roots.size > 0;
  }

  /** Cores' worth of CPU the attached browsers used since the previous call (0 on the first). */
  cores(): number {
    const at = this.now();
    if (this.roots.size === 0) {
      this.lastAt = null;
      return 0;
    }
    if (at - this.treeAt > TREE_REFRESH_MS) {
      const stats = new Map(allStats(this.proc).map((stat) => [stat.pid, stat]));
      this.tree = [...this.roots.keys()].flatMap((root) => descendants(stats, root));
      this.treeAt = at;
    }
    let usedTicks = 0;
    const ticks = new Map<number, number>();
    for (const pid of this.tree) {
      const stat = readStat(this.proc, pid);
      if (!stat) continue;
      ticks.set(pid, stat.cpuTicks);
      const before = this.lastTicks.get(pid);
      if (before !== undefined && stat.cpuTicks >= before) usedTicks += stat.cpuTicks - before;
    }
    const elapsed = this.lastAt === null ? 0 : at - this.lastAt;
    this.lastTicks = ticks;
    this.lastAt = at;
    return elapsed > 0 ? ticksToMs(usedTicks) / elapsed : 0;
  }
}
