// Entry of a task child process (processes executor): a utilityProcess in Electron, a
// child_process.fork child in the web server and CLI. Waits for its UnitStart, runs, exits —
// by itself only with 0 or 1 (the 'exit' fault, an uncaught error), which is how the utilityProcess
// host tells its exit codes from signals (process-host.utility.ts).
import type { UnitStart } from '../core/contract';
import { getParentPort, watchParent } from '../node/parent-port';
import { runUnitFromStart } from '../node/unit-runtime';

/** How long a finished child waits to be reaped by the engine before leaving on its own. */
const FINISHED_EXIT_FALLBACK_MS = 5_000;

watchParent();
const port = getParentPort();
port.on('message', ({ data }) => {
  const start = data as UnitStart;
  if (start?.kind !== 'start') return;
  void runUnitFromStart(
    start,
    (message) => port.postMessage(message),
    (code) => process.exit(code),
  ).then(() => {
    // The engine kills us once it has our last message (exiting here could drop it); should it
    // not, leave anyway: a utility process never exits when idle (electron#47228).
    setTimeout(() => process.exit(0), FINISHED_EXIT_FALLBACK_MS);
  });
});
