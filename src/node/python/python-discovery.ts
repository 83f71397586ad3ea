// Which Python interpreter real-Python runs use, on each system: LANES_PYTHON if set; else on
// Windows the `py -3` launcher, then python3, then python (python.org's installer puts `py` on
// PATH; the Store's python3.exe may be an alias that only opens the Store, and fails the probe);
// elsewhere python3, then python. Runs in the engine; pure but for the injected `run`, so every
// system's path is tested on Linux (tests/unit/node/python-discovery.test.ts).

export interface PythonCandidate {
  command: string;
  /** Arguments that select the interpreter (`-3` for the Windows launcher). */
  args: readonly string[];
}

/** Prints the version, then the interpreter's own path: `py -3` is resolved to the python.exe it runs. */
export const PYTHON_PROBE = 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)';

export function pythonCandidates(platform: string, env: Record<string, string | undefined>): PythonCandidate[] {
  if (env.LANES_PYTHON) return [{ command: env.LANES_PYTHON, args: [] }];
  const plain = [
    { command: 'python3', args: [] },
    { command: 'python', args: [] },
  ];
  return platform === 'win32' ? [{ command: 'py', args: ['-3'] }, ...plain] : plain;
}

export interface ProbeAnswer {
  version: string;
  executable: string;
}

/** The probe's output, or null for anything that is not a version line and a path. */
export function parseProbe(stdout: string | null): ProbeAnswer | null {
  if (stdout === null) return null;
  const [version = '', executable = ''] = stdout.split(/\r?\n/).map((line) => line.trim());
  return /^\d+\.\d+\.\d+$/.test(version) && executable !== '' ? { version, executable } : null;
}

/** Python 3.8 is the oldest with threading.get_native_id(), which the tracer needs. */
export const MIN_PYTHON_MINOR = 8;

export function isUsable(version: string): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major === 3 && (minor ?? 0) >= MIN_PYTHON_MINOR;
}

/** A command's exit status and stdout. */
export interface CommandAnswer {
  status: number | null;
  stdout: string;
}

/** Runs a command and answers its exit status and stdout (spawnSync in the engine). */
export type RunCommand = (command: string, args: string[]) => CommandAnswer;

/** The same, without blocking the thread that asks (execFile). */
export type RunCommandLater = (command: string, args: string[]) => Promise<CommandAnswer>;

export interface Discovered {
  /** What to spawn: the candidate itself, or the interpreter a launcher (py -3) resolved to. */
  command: string;
  /** The version of the usable Python, or of the first Python found (too old), or null. */
  version: string | null;
  usable: boolean;
}

/** A probe to run: the command and its arguments. */
type Probe = [command: string, args: string[]];

/**
 * The discovery, one probe at a time: yields each command to run and takes its answer, so that
 * the same steps run blocking (discoverPython) or not (discoverPythonLater).
 */
function* discovery(
  platform: string,
  env: Record<string, string | undefined>,
): Generator<Probe, Discovered, CommandAnswer> {
  const candidates = pythonCandidates(platform, env);
  let tooOld: Discovered | null = null;
  for (const candidate of candidates) {
    const result = yield [candidate.command, [...candidate.args, '-c', PYTHON_PROBE]];
    const answer = parseProbe(result.status === 0 ? result.stdout : null);
    if (!answer) continue;
    const command = candidate.args.length > 0 ? answer.executable : candidate.command;
    if (isUsable(answer.version)) return { command, version: answer.version, usable: true };
    tooOld ??= { command, version: answer.version, usable: false };
  }
  return tooOld ?? { command: candidates[0]!.command, version: null, usable: false };
}

/** Probes the candidates in order; the first usable one wins. */
export function discoverPython(platform: string, env: Record<string, string | undefined>, run: RunCommand): Discovered {
  const steps = discovery(platform, env);
  let step = steps.next();
  while (!step.done) step = steps.next(run(...step.value));
  return step.value;
}

/** The same discovery, waiting for each probe without blocking. */
export async function discoverPythonLater(
  platform: string,
  env: Record<string, string | undefined>,
  run: RunCommandLater,
): Promise<Discovered> {
  const steps = discovery(platform, env);
  let step = steps.next();
  while (!step.done) step = steps.next(await run(...step.value));
  return step.value;
}

/** What to do when no Python was found, in the words of each system. */
export function missingPythonNote(platform: string): string {
  if (platform === 'win32') {
    return 'Real-Python runs need Python 3: install it from python.org (which adds the py launcher), or set LANES_PYTHON to its path, then restart Lanes.';
  }
  const install = platform === 'darwin' ? 'python.org, or brew install python' : 'e.g. apt-get install python3';
  return `Real-Python runs need python3: install Python 3 (${install}), or set LANES_PYTHON to its path, then restart Lanes.`;
}
