// Says, in words, when the Electron tests will not run (no Electron binary here), so a
// skipped Electron project is never mistaken for a passing one. Runs once before the e2e tests.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export default function globalSetup(): void {
  const dir = resolve('node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const binary = override ? join(override, relative || 'electron') : relative && join(dir, 'dist', relative);
  if (!binary || !existsSync(binary)) {
    console.log('NOTE: Electron binary not installed: the Electron tests were NOT run (reported as skipped).');
  }
}
