// The `lanes` command: `lanes run` (headless run printing what the program prints, optional
// Chrome trace), `lanes web` (the app in a browser), `lanes open` (a saved trace), `lanes lessons`.
// Runs in Node; bin/lanes.mjs starts it (and starts the desktop app for a bare `lanes`, and for
// `lanes open FILE` / `lanes FILE.json` after `lanes open FILE --check`). Whatever goes wrong, a user reads
// one line, never a stack trace (LANES_DEBUG=1 adds it, for whoever is fixing Lanes).

import { UsageError } from './flags';
import { runCommand } from './run-command';
import { lessonsCommand } from './lessons-command';
import { openCommand } from './open-command';
import { webCommand } from './web-command';

const USAGE = `Usage:
  lanes                      start the desktop app
  lanes web [--port N] [--host H] [--open]
                             serve the app to a browser (default http://127.0.0.1:5390);
                             prints the address to open, which carries a secret key;
                             --open opens it in the default browser
  lanes web --share [--presenter NAME]
                             also let a class follow along on the network, view only:
                             prints a Viewers: address and its QR code
  lanes web --no-token       UNSAFE: no key; anyone who can reach the port can run
                             programs as you (see Security in the README)
  lanes run [LESSON] [--workload W] [--executor E] [--tasks N]
            [--steps N] [--step-ms N] [--trace FILE] [--fail throw|exit:TASK[:STEP]]
                             run headless; prints what the tasks print
  lanes run LESSON --python  the lesson's real Python program, traced (needs python3)
  lanes run --python-file PATH [--tasks N]
                             your own Python program, run as \`python3 PATH\`, traced;
                             N lanes show its first N threads/processes (default 8);
                             exits with the program's own exit status, as python3 would
  lanes open FILE            open a saved trace (Chrome Trace Event JSON, at most 200 MB) in
  lanes FILE.json            the desktop app, or in the browser version where it cannot start
  lanes open FILE --web [--port N] [--host H] [--open]
                             serve the browser version with that trace ready to open
  lanes open FILE --check    say what the trace holds (and lacks) without opening it
  lanes lessons              list the lesson ids
`;

/** Exit code for a mistake in how `lanes` was called (as the README says). */
const EXIT_USAGE = 2;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(rest);
    case 'web':
      return webCommand(rest);
    case 'open':
      return openCommand(rest);
    case 'lessons':
      return lessonsCommand(rest);
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      throw new UsageError(`Unknown command "${command ?? ''}".`, true);
  }
}

/** One line for anything unexpected; the stack only when asked for. */
function reportUnexpected(error: unknown): void {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  process.stderr.write(`lanes: unexpected error: ${message} (set LANES_DEBUG=1 to see where)\n`);
  if (process.env.LANES_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}

// A closed pipe (`lanes lessons | head -1`) is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  reportUnexpected(error);
  process.exit(1);
});
// Last resort for an error outside main's promise (a stream, a timer): still one line.
process.on('uncaughtException', (error) => {
  reportUnexpected(error);
  process.exit(1);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      const hint = error.showUsage ? ' See `lanes --help`.' : '';
      process.stderr.write(`lanes: ${error.message}${hint}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    reportUnexpected(error);
    process.exitCode = 1;
  },
);
