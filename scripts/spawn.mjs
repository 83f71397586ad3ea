// Runs a child program with inherited stdio and reports how it ended, optionally passing our
// Ctrl-C / SIGTERM on to it. Runs in Node; scripts/desktop.mjs and bin/lanes.mjs use it to run
// the build and Electron so their exit codes and signals reach whoever started `lanes`.

import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** Signals a terminal or a process manager sends that the child should get too. */
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `command` to completion; resolves to `{ code, signal }` (code 1 if it could not start).
 * With `forwardSignals`, our SIGINT/SIGTERM/SIGHUP go to the child instead of killing us first,
 * so the child (Electron) can shut its task processes down before we exit.
 */
export function run(command, args, { forwardSignals = false, ...options } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const handlers = forwardSignals
      ? FORWARDED_SIGNALS.map((signal) => {
          const handler = () => child.kill(signal);
          process.on(signal, handler);
          return [signal, handler];
        })
      : [];
    let settled = false;
    const done = (result) => {
      if (settled) return;
      settled = true;
      for (const [signal, handler] of handlers) process.off(signal, handler);
      resolve(result);
    };
    child.once('error', (error) => {
      process.stderr.write(`Lanes could not run ${command}: ${error.message}\n`);
      done({ code: 1, signal: null });
    });
    child.once('exit', (code, signal) => done({ code, signal }));
  });
}

/**
 * The exit code to leave with. A child killed by a signal is reported the shell's way
 * (128 + signal number) rather than re-raising the signal at ourselves.
 */
export function forwardExit({ code, signal }) {
  if (code !== null && code !== undefined) return code;
  return signal ? 128 + (constants.signals[signal] ?? 0) : 1;
}
