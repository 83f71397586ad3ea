// Finds the python3 that real-Python runs use, once: `LANES_PYTHON` if set, else what
// python-discovery.ts finds on PATH for this system. Runs in the engine; the session reports it
// in hello and refuses Python runs without it. The desktop app probes ahead, without blocking.

import { execFile, spawnSync } from 'node:child_process';
import type { PythonInfo } from '../../core/contract';
import {
  discoverPython,
  discoverPythonLater,
  MIN_PYTHON_MINOR as MIN_MINOR,
  missingPythonNote,
} from './python-discovery';

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

function probeOptions() {
  return { encoding: 'utf8' as const, timeout: PROBE_TIMEOUT_MS, windowsHide: true };
}

/** The python3 that real-Python runs use; probed once per LANES_PYTHON and system, then known. */
export function findPython(env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): PythonCommand {
  const key = `${platform} ${env.LANES_PYTHON ?? ''}`;
  const known = probed.get(key);
  if (known) return known;
  const discovered = discoverPython(platform, env, (command, args) => {
    const probe = spawnSync(command, args, probeOptions());
    return { status: probe.status, stdout: probe.stdout ?? '' };
  });
  const found = describePython(discovered.command, discovered.version, platform);
  probed.set(key, found);
  return found;
}

/**
 * Probes without blocking the calling thread, so that findPython later answers at once: the
 * desktop app's main process does this at start (a probe can take seconds on a busy machine).
 */
export async function preparePython(
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
): Promise<PythonCommand> {
  const key = `${platform} ${env.LANES_PYTHON ?? ''}`;
  const known = probed.get(key);
  if (known) return known;
  const discovered = await discoverPythonLater(
    platform,
    env,
    (command, args) =>
      new Promise((answer) => {
        execFile(command, args, probeOptions(), (error, stdout) =>
          answer({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout: stdout ?? '' }),
        );
      }),
  );
  const found = probed.get(key) ?? describePython(discovered.command, discovered.version, platform);
  probed.set(key, found);
  return found;
}

function describePython(command: string, version: string | null, platform: string): PythonCommand {
  const minor = version ? Number(version.split('.')[1]) : 0;
  if (!version || !version.startsWith('3.') || minor < MIN_MINOR) {
    return {
      command,
      available: false,
      version,
      note: version
        ? `Python ${version} is too old for real-Python runs: install Python 3.${MIN_MINOR} or newer as python3 (or set LANES_PYTHON), then restart Lanes.`
        : missingPythonNote(platform),
    };
  }
  return {
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
