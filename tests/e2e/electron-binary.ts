// Where the Electron binary is, found the way the electron package finds it (path.txt, or
// ELECTRON_OVERRIDE_DIST_PATH) without loading the package, whose index.js would download it.
// Used by the Electron spec and the e2e global setup; scripts/desktop.mjs does the same at start.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const PLATFORM_BINARY: Record<string, string> = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/** The installed Electron executable, or null where none is installed. */
export function electronBinary(root = resolve(__dirname, '..', '..')): string | null {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override
    ? join(override, relative || (PLATFORM_BINARY[process.platform] ?? 'electron'))
    : relative && join(dir, 'dist', relative);
  return binary && existsSync(binary) ? binary : null;
}
