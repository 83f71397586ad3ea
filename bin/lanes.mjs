#!/usr/bin/env node
// The `lanes` command (package bin). Runs in Node. `lanes` or `lanes app [electron args]` starts
// the desktop app (as `npm start` does); `lanes open FILE` or `lanes FILE.json` checks the trace
// (`lanes open FILE --check`, exit 2 and one line if it cannot be opened) and then starts the
// desktop app with it, or the browser version serving it where Electron cannot start; anything
// else (`run`, `web`, `open … --web`, `lessons`, `--help`) is the Node CLI bundle
// out/node/lanes.mjs, built first if it is missing. Exit codes pass through.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, startDesktop } from '../scripts/desktop.mjs';
import { forwardExit, run } from '../scripts/spawn.mjs';

const CLI_BUNDLE = join(ROOT, 'out', 'node', 'lanes.mjs');

/** The Node bundle's Vite config (the name has moved between .ts and .mts). */
function nodeBuildConfig() {
  return ['vite.node.config.mts', 'vite.node.config.ts'].find((name) => existsSync(join(ROOT, name)));
}

/** Builds out/node with the project's Vite; resolves to an exit code. */
async function buildCli() {
  process.stderr.write('lanes: the command-line bundle is not built yet; building it first (out/node)…\n');
  const config = nodeBuildConfig();
  let viteBin;
  try {
    // vite's `exports` hide bin/; its package.json names the CLI.
    const manifest = createRequire(join(ROOT, 'package.json')).resolve('vite/package.json');
    viteBin = join(dirname(manifest), JSON.parse(readFileSync(manifest, 'utf8')).bin.vite);
  } catch {
    viteBin = null;
  }
  if (!config || !viteBin) {
    process.stderr.write('lanes: cannot build it here (Vite or its config is missing); run `npm install` first.\n');
    return 1;
  }
  return forwardExit(
    await run(process.execPath, [viteBin, 'build', '-c', config, '--logLevel', 'warn'], { cwd: ROOT }),
  );
}

/** The switch Electron main reads a trace from (src/main/launch-trace.ts OPEN_TRACE_SWITCH). */
const OPEN_TRACE_SWITCH = '--open-trace=';

/** `lanes open FILE` or `lanes FILE.json` (nothing else): the trace for the desktop app, or null. */
function desktopTrace(args) {
  if (args.length === 2 && args[0] === 'open' && !args[1].startsWith('-')) return args[1];
  if (args.length === 1 && /\.json$/i.test(args[0]) && !args[0].startsWith('-')) return args[0];
  return null;
}

/** The trace checked by the CLI before anything starts, then the desktop app (or browser) with it. */
async function openInDesktop(trace) {
  const checked = forwardExit(await run(process.execPath, [CLI_BUNDLE, 'open', trace, '--check']));
  if (checked !== 0) return checked;
  const path = resolve(trace);
  return startDesktop([`${OPEN_TRACE_SWITCH}${path}`], ['open', path, '--web', '--open']);
}

const args = process.argv.slice(2);
const trace = desktopTrace(args);
if (args.length === 0 || args[0] === 'app') {
  process.exitCode = await startDesktop(args.slice(1));
} else {
  const built = existsSync(CLI_BUNDLE) ? 0 : await buildCli();
  if (built !== 0) {
    process.exitCode = built;
  } else if (trace !== null) {
    process.exitCode = await openInDesktop(trace);
  } else {
    // In this process: the CLI reads process.argv itself, handles Ctrl-C for `lanes web`, and
    // sets process.exitCode, which becomes ours.
    await import(pathToFileURL(CLI_BUNDLE).href);
  }
}
