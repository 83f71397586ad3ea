// Where the kernel's OOM kill count is read: the engine's cgroup (v2, v2 beside v1, v1), else the
// whole machine. Each layout is a folder made like a root file system.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { oomKills } from '../../../src/node/oom-kills';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function root(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lanes-oom-'));
  made.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const VMSTAT = 'pgfault 10\noom_kill 7\npgmajfault 1\n';

describe('oomKills', () => {
  it("reads the cgroup v2 memory.events of the engine's cgroup", () => {
    const dir = root({
      'proc/self/cgroup': '0::/user.slice/lanes\n',
      'sys/fs/cgroup/user.slice/lanes/memory.events': 'low 0\nhigh 0\nmax 3\noom 2\noom_kill 2\noom_group_kill 0\n',
      'proc/vmstat': VMSTAT,
    });
    expect(oomKills(dir)).toBe(2);
  });

  it('reads cgroup v2 mounted beside v1 (hybrid), then v1 memory.oom_control', () => {
    const hybrid = root({
      'proc/self/cgroup': '4:memory:/box\n0::/box\n',
      'sys/fs/cgroup/unified/box/memory.events': 'oom 1\noom_kill 1\n',
      'sys/fs/cgroup/memory/box/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 5\n',
    });
    expect(oomKills(hybrid)).toBe(1);
    const v1 = root({
      'proc/self/cgroup': '5:cpuacct,memory:/box\n0::/\n',
      'sys/fs/cgroup/memory/box/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 5\n',
      'proc/vmstat': VMSTAT,
    });
    expect(oomKills(v1)).toBe(5);
  });

  it('falls back to the whole machine, and says null where Linux says nothing', () => {
    expect(oomKills(root({ 'proc/self/cgroup': '0::/\n', 'proc/vmstat': VMSTAT }))).toBe(7);
    expect(oomKills(root({ 'proc/vmstat': 'pgfault 10\n' }))).toBeNull();
    expect(oomKills(root({}))).toBeNull();
  });

  it('reads this machine', () => {
    // Linux here: some count, never a guess.
    expect(oomKills()).toEqual(expect.any(Number));
  });
});
