// Finds the python3 that real-Python runs use, once: `LANES_PYTHON` if set, else `python3` on
// PATH. Runs in the engine; the session reports it in hello and refuses Python runs without it.

import { spawnSync } from 'node:child_process';
import type { PythonInfo } from '../../core/contract';

/** Python 3.8 is the oldest with threading.get_native_id(), which the tracer needs. */
const MIN_MINOR = 8;
/**
 * A python3 that does not answer --version in this long is as good as missing. Generous: on a
 * machine whose cores are all busy, starting an interpreter has taken over 5 s.
 */
const PROBE_TIMEOUT_MS = 20_000;

export interface PythonCommand extends PythonInfo {
  command: string;
}

/** One probe per command: the answer does not change while the app runs. */
const probed = new Map<string, PythonCommand>();

export function findPython(env: NodeJS.ProcessEnv = process.env): PythonCommand {
  const command = env.LANES_PYTHON || 'python3';
  const known = probed.get(command);
  if (known) return known;
  const probe = spawnSync(command, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
    encoding: 'utf8',
    timeout: PROBE_TIMEOUT_MS,
  });
  const version = probe.status === 0 ? probe.stdout.trim() : null;
  const minor = version ? Number(version.split('.')[1]) : 0;
  let found: PythonCommand;
  if (!version || !version.startsWith('3.') || minor < MIN_MINOR) {
    found = {
      command,
      available: false,
      version,
      note: version
        ? `Python ${version} is too old for real-Python runs: install Python 3.${MIN_MINOR} or newer as python3 (or set LANES_PYTHON), then restart Lanes.`
        : 'Real-Python runs need python3: install Python 3 (e.g. apt-get install python3), or set LANES_PYTHON to its path, then restart Lanes.',
    };
  } else {
    found = {
      command,
      available: true,
      version,
      note:
        `CPython ${version}: programs run as written; a small tracer reports prints, sleeps, thread and process starts and ends, ` +
        (minor >= 12
          ? 'and when a thread waits for the GIL (seen at its function calls, with sys.monitoring).'
          : 'and when a thread waits for the GIL (seen at its function calls, with sys.setprofile, which slows loops by about a third; Python 3.12+ does not).'),
    };
  }
  probed.set(command, found);
  return found;
}
