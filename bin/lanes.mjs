#!/usr/bin/env node
// The `lanes` command (package bin). Runs in Node. `lanes` or `lanes app [electron args]` starts
// the desktop app (as `npm start` does); anything else (`run`, `web`, `lessons`, `--help`) is the
// Node CLI bundle out/node/lanes.mjs, built first if it is missing. Exit codes pass through.

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

const args = process.argv.slice(2);
if (args.length === 0 || args[0] === 'app') {
  process.exitCode = await startDesktop(args.slice(1));
} else {
  const built = existsSync(CLI_BUNDLE) ? 0 : await buildCli();
  if (built !== 0) {
    process.exitCode = built;
  } else {
    // In this process: the CLI reads process.argv itself, handles Ctrl-C for `lanes web`, and
    // sets process.exitCode, which becomes ours.
    await import(pathToFileURL(CLI_BUNDLE).href);
  }
}
