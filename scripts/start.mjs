// `npm start`: the desktop app (build if needed, make sure Electron is installed, run it), or
// where Electron's binary cannot be had, the browser version (`lanes web --open`).
// Runs in Node; the logic lives in desktop.mjs, shared with a bare `lanes` (bin/lanes.mjs).
// Arguments after `npm start --` go to Electron.
import { startDesktop } from './desktop.mjs';

process.exitCode = await startDesktop(process.argv.slice(2));
