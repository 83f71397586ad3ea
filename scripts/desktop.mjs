// Starts the desktop app: builds it when the build is missing or older than the sources, makes
// sure the Electron binary is installed (Electron >= 42 downloads it lazily, and electron-vite
// does not trigger that), then runs Electron on the project and forwards its exit. Where no
// binary can be had, starts the browser version (`lanes web --open`) instead. Runs in Node;
// `npm start` (scripts/start.mjs) and a bare `lanes` (bin/lanes.mjs) call startDesktop().

import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { forwardExit, run } from './spawn.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The one sentence a user sees when no Electron binary can be had; the browser version follows. */
export const NO_BINARY_MESSAGE =
  'Lanes could not start its desktop window (the Electron binary is not installed and could not be ' +
  'downloaded: no access to its release server), so it is starting the browser version instead (`lanes web`).';

/** Electron's zip is ~100 MB: three minutes covers a slow link; a dead one fails in about a second. */
const INSTALL_TIMEOUT_MS = 180_000;
/** A real download takes a while: say so after this long (a refused one has failed by then). */
const INSTALL_NOTICE_MS = 3_000;

/** What the desktop app needs, and what it is built from. */
const OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/node/lanes.mjs'];
const BUILD_CONFIG = /^(package\.json|(electron\.vite|vite\.node|svelte)\.config\.[cm]?[jt]s)$/;

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when an output is missing or any source or build config changed after the oldest output. */
export function needsBuild(root = ROOT) {
  const outputs = OUTPUTS.map((file) => join(root, file));
  if (!outputs.every((file) => existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
  const inputs = [
    join(root, 'src'),
    ...readdirSync(root)
      .filter((name) => BUILD_CONFIG.test(name))
      .map((name) => join(root, name)),
  ];
  return inputs.some((input) => existsSync(input) && newestMtime(input) > built);
}

/** `npm run build:app`, through the npm that runs us when there is one. */
function buildApp() {
  const npmCli = process.env.npm_execpath;
  if (npmCli && /\.[cm]?js$/.test(npmCli)) return run(process.execPath, [npmCli, 'run', 'build:app'], { cwd: ROOT });
  // On Windows npm is a .cmd script, which Node only spawns through a shell.
  return run('npm', ['run', 'build:app'], { cwd: ROOT, shell: process.platform === 'win32' });
}

/** The electron package's folder, or null when it is not installed at all. */
function electronPackageDir() {
  try {
    return dirname(createRequire(join(ROOT, 'package.json')).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/** The Electron executable if present, without the package's own index.js (it would download). */
export function findElectron(packageDir = electronPackageDir()) {
  if (!packageDir) return null;
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  // Same rule as the electron package: a prebuilt dist elsewhere replaces node_modules/electron/dist.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return join(override, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
  if (!relative) return null;
  const executable = join(packageDir, 'dist', relative);
  return existsSync(executable) ? executable : null;
}

/** Runs the electron package's installer, quietly, with a time limit; true if it succeeded. */
async function installElectron(packageDir) {
  const notice = setTimeout(
    () => process.stderr.write('Lanes: downloading the Electron binary (first start only)…\n'),
    INSTALL_NOTICE_MS,
  );
  const output = [];
  const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: INSTALL_TIMEOUT_MS,
  });
  child.stdout.on('data', (chunk) => output.push(chunk));
  child.stderr.on('data', (chunk) => output.push(chunk));
  const code = await new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('close', (status) => resolve(status ?? 1));
  });
  clearTimeout(notice);
  // The installer's stack trace helps nobody in a classroom; LANES_DEBUG shows it to whoever asks.
  if (code !== 0 && process.env.LANES_DEBUG) process.stderr.write(Buffer.concat(output));
  return code === 0;
}

/**
 * Makes sure an Electron binary exists; returns its path, or after printing why not, 'none' (no
 * binary to be had: use the browser) or 'misconfigured' (ELECTRON_OVERRIDE_DIST_PATH is wrong).
 */
export async function ensureElectron() {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const packageDir = electronPackageDir();
  const executable = findElectron(packageDir);
  if (executable && existsSync(executable)) return executable;
  if (override) {
    // Someone pointed us at their own Electron build: downloading ours would not put it there.
    process.stderr.write(
      `Lanes could not start its desktop window: ELECTRON_OVERRIDE_DIST_PATH (${override}) holds no Electron ` +
        'executable. Run `npm run web` (the same as `lanes web`) to use Lanes in your browser instead.\n',
    );
    return 'misconfigured';
  }
  if (packageDir && (await installElectron(packageDir))) {
    const installed = findElectron(packageDir);
    if (installed) return installed;
  }
  process.stderr.write(`${NO_BINARY_MESSAGE}\n`);
  return 'none';
}

/**
 * The browser version, as `lanes web --open` (it opens the default browser where it can and
 * prints the address in any case), until Ctrl-C, which it gets too. `lanes open FILE` passes
 * its own arguments (`open FILE --web --open`: the same, serving that trace).
 */
async function startWeb(webArgs) {
  const lanes = join(ROOT, 'bin', 'lanes.mjs');
  return forwardExit(await run(process.execPath, [lanes, ...webArgs], { cwd: ROOT, forwardSignals: true }));
}

/**
 * `npm start` / `lanes`: build if needed, find Electron, run it with `electronArgs`, or where no
 * Electron can be had, `lanes` with `webArgs`; resolves to the exit code.
 */
export async function startDesktop(electronArgs = [], webArgs = ['web', '--open']) {
  // LANES_SKIP_BUILD: for CI and tests that have just built (or only test the Electron check).
  if (!process.env.LANES_SKIP_BUILD && needsBuild()) {
    const built = forwardExit(await buildApp());
    if (built !== 0) {
      process.stderr.write('Lanes could not build the app; the errors are above.\n');
      return built;
    }
  }
  const electron = await ensureElectron();
  if (electron === 'none') return startWeb(webArgs);
  if (electron === 'misconfigured') return 1;
  const env = { ...process.env };
  // Inherited, this would make Electron a plain Node and run our main script without a window.
  delete env.ELECTRON_RUN_AS_NODE;
  // Only `electron-vite dev` may point the window at a dev server; a stray one in the shell must not.
  delete env.ELECTRON_RENDERER_URL;
  // The project folder, not out/main/index.js: Electron then reads package.json, so the app is
  // named "lanes" and app.getVersion() is ours, not Electron's.
  return forwardExit(await run(electron, [ROOT, ...electronArgs], { cwd: ROOT, env, forwardSignals: true }));
}
