// The `lanes` command: `lanes run` (headless run printing what the program prints, optional
// Chrome trace), `lanes web` (the app in a browser), `lanes lessons`. Runs in Node; bin/lanes.mjs
// starts it (and starts the desktop app for a bare `lanes`).

import { UsageError } from './flags';
import { runCommand } from './run-command';
import { lessonsCommand } from './lessons-command';
import { webCommand } from './web-command';

const USAGE = `Usage:
  lanes                      start the desktop app
  lanes web [--port N] [--host H]
                             serve the app to a browser (default http://127.0.0.1:5390)
  lanes run [LESSON] [--workload W] [--executor E] [--tasks N]
            [--steps N] [--step-ms N] [--trace FILE] [--fail throw|exit:TASK[:STEP]]
                             run headless; prints what the tasks print
  lanes run LESSON --python  the lesson's real Python program, traced (needs python3)
  lanes run --python-file PATH [--tasks N]
                             your own Python program, run as \`python3 PATH\`, traced;
                             N lanes show its first N threads/processes (default 8);
                             exits with the program's own exit status, as python3 would
  lanes lessons              list the lesson ids
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run':
      return runCommand(rest);
    case 'web':
      return webCommand(rest);
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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`lanes: ${error.message}\n${error.showUsage ? `\n${USAGE}` : ''}`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`lanes: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
