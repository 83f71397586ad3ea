// Finds the python3 that real-Python runs use, once: `LANES_PYTHON` if set, else what
// python-discovery.ts finds on PATH for this system. Runs in the engine; the session reports it
// in hello and refuses Python runs without it.

import { spawnSync } from 'node:child_process';
import type { PythonInfo } from '../../core/contract';
import { discoverPython, MIN_PYTHON_MINOR as MIN_MINOR, missingPythonNote } from './python-discovery';

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

export function findPython(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): PythonCommand {
  const key = `${platform} ${env.LANES_PYTHON ?? ''}`;
  const known = probed.get(key);
  if (known) return known;
  const discovered = discoverPython(platform, env, (command, args) => {
    const probe = spawnSync(command, args, { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, windowsHide: true });
    return { status: probe.status, stdout: probe.stdout ?? '' };
  });
  const { command, version } = discovered;
  const minor = version ? Number(version.split('.')[1]) : 0;
  let found: PythonCommand;
  if (!version || !version.startsWith('3.') || minor < MIN_MINOR) {
    found = {
      command,
      available: false,
      version,
      note: version
        ? `Python ${version} is too old for real-Python runs: install Python 3.${MIN_MINOR} or newer as python3 (or set LANES_PYTHON), then restart Lanes.`
        : missingPythonNote(platform),
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
  probed.set(key, found);
  return found;
}
