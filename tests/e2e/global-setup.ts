// Runs once before the e2e tests. Starts the real `lanes web` (the built out/node/lanes.mjs) and
// reads the address it prints, secret included, as a user would; logs in once and keeps the
// session cookie as the browser state every web test starts with, so specs open '/' as before
// (the lock itself is tested in lock.spec.ts). Says, in words, when the Electron tests will not
// run. Returns the teardown: Ctrl-C to the server, as a user would stop it.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { electronBinary } from './electron-binary';
import { E2E_PORT, URL_ENV, WEB_STATE_FILE } from './lanes-web';

/** A built server prints its address within a second or two; this covers a loaded machine. */
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!electronBinary()) {
    console.log('NOTE: Electron binary not installed: the Electron tests were NOT run (reported as skipped).');
  }
  const server = spawn(process.execPath, ['out/node/lanes.mjs', 'web', '--port', String(E2E_PORT)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(`lanes web: ${chunk.toString()}`);
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    server.kill('SIGINT');
    const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };
  try {
    await logIn(server.stdout, exited, () => stderr);
  } catch (error) {
    // No teardown runs after a failed setup: the server must not outlive it.
    await stop();
    throw error;
  }
  return stop;
}

/** Reads the printed address, logs in with it, and keeps the session cookie for the web project's pages. */
async function logIn(stdout: Readable, exited: Promise<void>, stderr: () => string): Promise<void> {
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`lanes web printed no address in ${START_TIMEOUT_MS} ms`)),
      START_TIMEOUT_MS,
    );
    stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^Lanes is serving at (http:\/\/\S+) \(Ctrl-C to stop\)$/m.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`lanes web exited before serving (run npm run build:app first?): ${stderr().trim()}`));
    });
  });
  process.env[URL_ENV] = url;

  // What a browser keeps after opening the printed address: the session cookie.
  const login = await fetch(url, { redirect: 'manual' });
  const [pair] = (login.headers.get('set-cookie') ?? '').split(';');
  const eq = pair!.indexOf('=');
  if (eq < 0) throw new Error(`logging in at ${url} failed (HTTP ${login.status})`);
  const host = new URL(url).hostname;
  mkdirSync(dirname(WEB_STATE_FILE), { recursive: true });
  writeFileSync(
    WEB_STATE_FILE,
    JSON.stringify({
      cookies: [
        {
          name: pair!.slice(0, eq),
          value: pair!.slice(eq + 1),
          domain: host,
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: 'Strict',
        },
      ],
      origins: [],
    }),
    { mode: 0o600 },
  );
}
