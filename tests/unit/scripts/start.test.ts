// `npm start` where no Electron binary can be had: scripts/start.mjs runs for real as a child
// process, with the real (binary-less) electron package, and must say one sentence and exit 1.
// The download is pointed at a closed local port and an empty cache, so it fails fast offline
// and can never succeed by accident; the build step is skipped (out/ is not this test's subject).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const START = resolve('scripts/start.mjs');
/** Generous for a process that should fail within about a second. */
const TIME_LIMIT_MS = 20_000;

const cache = mkdtempSync(join(tmpdir(), 'lanes-electron-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

/** Whether this machine really has the binary (then the download path cannot be exercised). */
function binaryInstalled(): boolean {
  const dir = resolve('node_modules/electron');
  const pathFile = join(dir, 'path.txt');
  return existsSync(pathFile) && existsSync(join(dir, 'dist', readFileSync(pathFile, 'utf8').trim()));
}

function start(env: Record<string, string>) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm_config_electron_|npm_package_config_electron_|ELECTRON_)/i.test(key),
    ),
  );
  const result = spawnSync(process.execPath, [START], {
    env: { ...base, LANES_SKIP_BUILD: '1', ...env },
    encoding: 'utf8',
    timeout: TIME_LIMIT_MS,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, error: result.error };
}

function expectOneSentence(output: string, sentence: RegExp): void {
  const lines = output.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(sentence);
  // No stack trace, no installer noise.
  expect(output).not.toMatch(/\n\s+at |Error:|node_modules|ECONNREFUSED/);
}

describe('npm start without an Electron binary', () => {
  it.skipIf(binaryInstalled())('tries to download Electron, then says one sentence and exits 1', () => {
    const { code, output, error } = start({ ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache });
    expect(error).toBeUndefined();
    expect(code).toBe(1);
    expectOneSentence(
      output,
      /^Lanes could not start its desktop window: the Electron binary is not installed and could not be downloaded \(no access to its release server\)\. Run `npm run web` \(the same as `lanes web`\) to use Lanes in your browser instead\.$/,
    );
    // The failed attempt left nothing half-installed behind.
    expect(existsSync(resolve('node_modules/electron/path.txt'))).toBe(binaryInstalled());
  });

  it('names ELECTRON_OVERRIDE_DIST_PATH when it points at no Electron, and exits 1', () => {
    const { code, output } = start({ ELECTRON_OVERRIDE_DIST_PATH: join(cache, 'no-electron-here') });
    expect(code).toBe(1);
    expectOneSentence(
      output,
      /^Lanes could not start its desktop window: ELECTRON_OVERRIDE_DIST_PATH \(.*no-electron-here\) holds no Electron executable\. Run `npm run web`/,
    );
  });
});
