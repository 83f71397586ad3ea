// Words for how a task's thread or process ended, shared by every path that reports one (worker
// threads, Node task processes, CPython processes). Runs anywhere: no Node, so the signal table is
// Linux's own numbering (the same on macOS for every signal listed but SIGBUS, SIGUSR1/2).

/** Signals a task process meets in practice, by their Linux numbers. */
const SIGNALS: Readonly<Record<number, string>> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
  24: 'SIGXCPU',
  25: 'SIGXFSZ',
};

const NUMBERS: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(SIGNALS).map(([number, name]) => [name, Number(number)]),
);

/** "killed by SIGKILL (signal 9)" from a signal's name or number; unknown ones keep what is known. */
export function describeSignal(signal: string | number): string {
  const name = typeof signal === 'number' ? SIGNALS[signal] : signal;
  const number = typeof signal === 'number' ? signal : NUMBERS[signal];
  if (name && number !== undefined) return `killed by ${name} (signal ${number})`;
  if (name) return `killed by ${name}`;
  return `killed by signal ${number ?? signal}`;
}

/** How a task's thread or process ended, as measured. */
export interface ExitFacts {
  /** Exit code, when it exited by itself. */
  code: number | null;
  /** The signal that ended it, by name or number, when one did. */
  signal: string | number | null;
  /** It ran out of memory (a worker thread's resourceLimits, or the kernel's OOM killer). */
  outOfMemory?: boolean;
}

/** "ran out of memory", "killed by SIGSEGV (signal 11)", "exited with code 3", for `what`. */
export function describeExit(what: string, facts: ExitFacts): string {
  if (facts.outOfMemory) return `${what} ran out of memory`;
  if (facts.signal !== null) return `${what} was ${describeSignal(facts.signal)}`;
  if (facts.code !== null && facts.code !== 0) return `${what} exited with code ${facts.code}`;
  return `${what} ended before the task finished`;
}
