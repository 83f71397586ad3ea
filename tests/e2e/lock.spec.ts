// The lock on `lanes web`, in the browser: without the session cookie a page says what to open;
// the printed address logs in, leaves the secret out of the address bar and the cookie out of
// scripts' reach; the file `lanes web --open` gives the browser (another site) leads in too; an
// open page whose server restarted (a new secret) says what to open, and comes back once it is.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { runStatus } from './app';
import { URL_ENV } from './lanes-web';

// A browser that has never opened the printed address.
test.use({ storageState: { cookies: [], origins: [] } });

function printedUrl(): string {
  const url = process.env[URL_ENV];
  if (!url) throw new Error(`${URL_ENV} is not set: the global setup starts lanes web`);
  return url;
}

async function expectApp(page: Page): Promise<void> {
  await expect(page.getByRole('group', { name: 'CPU cores' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled(); // the socket is open
  expect(page.url()).not.toContain('token');
}

test('without the secret: a page that says what to open, and no app', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Lanes is locked' })).toBeVisible();
  await expect(page.getByText('Open the address that lanes web printed in its terminal')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
  // A script on this very origin cannot open the engine's socket without the cookie either.
  const opened = await page.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const socket = new WebSocket(`ws://${location.host}/ws`);
        socket.onopen = () => resolve(true);
        socket.onerror = () => resolve(false);
      }),
  );
  expect(opened).toBe(false);
});

test('a wrong secret (an earlier start’s) is refused, saying why', async ({ page }) => {
  const stale = new URL(printedUrl());
  stale.searchParams.set('token', '0'.repeat(48));
  expect((await page.goto(stale.href))?.status()).toBe(403);
  await expect(page.getByText('not the one this Lanes was started with')).toBeVisible();
});

test('the printed address opens the app, drops the secret from the address bar, hides the cookie from scripts', async ({
  page,
}) => {
  await page.goto(printedUrl());
  await page.waitForURL((url) => url.pathname === '/' && url.search === '');
  await expectApp(page);
  expect(await page.evaluate(() => document.cookie)).toBe(''); // HttpOnly
  expect(await page.evaluate(() => history.length)).toBe(2); // about:blank and the app: the secret's page was replaced
  // Back in later (a reload, a new tab): the cookie is enough.
  await page.reload();
  await expectApp(page);
});

test('entering from another site (the file lanes web --open gives the browser) still logs in', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'lanes-e2e-open-'));
  try {
    const file = join(dir, 'open.html');
    writeFileSync(file, `<!doctype html><meta http-equiv="refresh" content="0;url=${printedUrl()}">`);
    await page.goto(pathToFileURL(file).href);
    await page.waitForURL((url) => url.protocol === 'http:' && url.pathname === '/' && url.search === '');
    await expectApp(page);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A `lanes web` of this test's own (the shared one must keep its secret): resolves with its address. */
function startServer(port: number, servers: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, ['out/node/lanes.mjs', 'web', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving at (http:\/\/\S+) \(Ctrl-C to stop\)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`lanes web exited (code ${code}) before serving`)));
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

test('after lanes web restarts, an open page says to open the new address, and reconnects once it is opened', async ({
  page,
  context,
}) => {
  const servers: ChildProcess[] = [];
  try {
    const first = await startServer(0, servers);
    const port = Number(new URL(first).port);
    await page.goto(first);
    await expectApp(page);
    await stopServer(servers[0]!);
    // The same port, a new secret: the page's cookie is worthless and its socket is refused.
    const second = await startServer(port, servers);
    await expect(runStatus(page)).toContainText('lanes web was restarted: open the new address it printed', {
      timeout: 20_000,
    });
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeDisabled();
    // Opening the new address (here in another tab: the cookie is the browser's) lets the old page back in.
    const other = await context.newPage();
    await other.goto(second);
    await expectApp(other);
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled({ timeout: 20_000 });
    await expect(runStatus(page)).not.toContainText('restarted');
  } finally {
    for (const server of servers) await stopServer(server);
  }
});
