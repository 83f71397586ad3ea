// `npm start` where no Electron binary can be had: scripts/start.mjs runs for real as a child
// process, with the real (binary-less) electron package, says so in one sentence and starts the
// browser version (`lanes web`) instead, until Ctrl-C. The download is pointed at a closed local
// port and an empty cache, so it fails fast offline and can never succeed by accident; the build
// step is skipped (out/ is not this test's subject, but the built app is needed to serve it).
import { spawn, spawnSync } from 'node:child_process';
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

/** The environment without any Electron setting of the caller's. */
function baseEnv(): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(npm_config_electron_|npm_package_config_electron_|ELECTRON_)/i.test(key),
    ),
  );
}

/** Where the download of Electron's binary fails at once, offline. */
const NO_DOWNLOAD = { ELECTRON_MIRROR: 'http://127.0.0.1:9/', electron_config_cache: cache };

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [START], {
    env: { ...baseEnv(), LANES_SKIP_BUILD: '1', ...env },
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

const SENTENCE =
  /^Lanes could not start its desktop window \(the Electron binary is not installed and could not be downloaded: no access to its release server\), so it is starting the browser version instead \(`lanes web`\)\.$/;

describe('npm start without an Electron binary', () => {
  it.skipIf(binaryInstalled() || !existsSync(resolve('out/renderer/index.html')))(
    'says so in one sentence, then serves the browser version until Ctrl-C (needs the built app: npm run build:app)',
    async () => {
      // CI set: the browser must not be opened, and the address is printed all the same.
      const child = spawn(process.execPath, [START], {
        env: { ...baseEnv(), LANES_SKIP_BUILD: '1', CI: 'true', ...NO_DOWNLOAD },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a failing test can end `lanes web` too, not only start.mjs.
        detached: true,
      });
      try {
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString();
            const match =
              /^Lanes is serving at (http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}) \(Ctrl-C to stop\)$/m.exec(
                stdout,
              );
            if (match) resolve(match[1]!);
          });
          void exited.then((code) =>
            reject(new Error(`npm start exited (${code}) before serving: ${stdout}${stderr}`)),
          );
        });
        // Said just after the address, on the other stream.
        const deadline = Date.now() + 5_000;
        while (!stderr.includes('no browser opened') && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        const lines = stderr.trim().split('\n');
        expect(lines[0]).toMatch(SENTENCE);
        // The only other line: no browser under CI (the port note appears only if 5390 was taken).
        expect(lines.filter((line) => !/^lanes: port 5390 is in use/.test(line)).slice(1)).toEqual([
          'lanes: no browser opened (CI is set); open the address above.',
        ]);
        expect(stderr).not.toMatch(/\n\s+at |Error:|node_modules|ECONNREFUSED/);
        // It serves, and stays up until Ctrl-C.
        const login = await fetch(url, { redirect: 'manual' });
        expect(login.status).toBe(200);
        await new Promise((r) => setTimeout(r, 500));
        expect(child.exitCode).toBeNull();
        child.kill('SIGINT');
        expect(await exited).toBe(0);
        // The failed attempt left nothing half-installed behind.
        expect(existsSync(resolve('node_modules/electron/path.txt'))).toBe(binaryInstalled());
      } finally {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone, every one of them
        }
      }
    },
  );

  it('names ELECTRON_OVERRIDE_DIST_PATH when it points at no Electron, and exits 1', () => {
    const { code, output } = start({ ELECTRON_OVERRIDE_DIST_PATH: join(cache, 'no-electron-here') });
    expect(code).toBe(1);
    expectOneSentence(
      output,
      /^Lanes could not start its desktop window: ELECTRON_OVERRIDE_DIST_PATH \(.*no-electron-here\) holds no Electron executable\. Run `npm run web`/,
    );
  });
});
