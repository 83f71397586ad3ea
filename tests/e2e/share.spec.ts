// A class following along (`lanes web --share`), in real Chromium pages: the presenter runs the
// threading lesson and every viewer's Console shows what the presenter's shows; viewers' pages
// have no Run, Stop or run controls, and the server refuses what a viewer's page sends anyway.
// This spec starts its own `lanes web --share` on a free port; every page opens it on 127.0.0.1
// (the printed Viewers address names this machine's network address: only its host is changed).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { consoleLog, printedLines, runStatus, setControls } from './app';

const PRESENTER = 'Ms Rivera';
const VIEWERS = 3;
const START_TIMEOUT_MS = 30_000;

let server: ChildProcessWithoutNullStreams;
let exited: Promise<number | null>;
/** What the terminal shows: the presenter's address, and the Viewers: line's. */
let presenterUrl: string;
let viewerUrl: string;

test.beforeAll(async () => {
  server = spawn(process.execPath, ['out/node/lanes.mjs', 'web', '--share', '--port', '0', '--presenter', PRESENTER], {
    stdio: 'pipe',
  });
  exited = new Promise((resolve) => server.once('exit', (code) => resolve(code)));
  server.stderr.on('data', (chunk: Buffer) => process.stderr.write(`lanes web --share: ${chunk.toString()}`));
  [presenterUrl, viewerUrl] = await new Promise<[string, string]>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`no addresses in ${START_TIMEOUT_MS} ms: ${out}`)),
      START_TIMEOUT_MS,
    );
    server.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const presenter = /^Lanes is serving at (http:\/\/\S+) \(Ctrl-C to stop\)$/m.exec(out)?.[1];
      const viewers = /^Viewers: (http:\/\/\S+)$/m.exec(out)?.[1];
      if (!presenter || !viewers) return;
      clearTimeout(timer);
      resolve([presenter, viewers]);
    });
    void exited.then(() => reject(new Error(`lanes web --share exited: ${out}`)));
  });
});

test.afterAll(async () => {
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
  expect(await exited).toBe(0);
  clearTimeout(timer);
});

/** The viewers' address as these tests open it: the same port and secret, on loopback. */
function viewerOnLoopback(): string {
  const url = new URL(viewerUrl);
  url.hostname = '127.0.0.1';
  return url.href;
}

/** A browser of its own (its own cookies), as each learner's is, opened at `url`. */
async function open(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [] },
    viewport: { width: 1280, height: 720 },
  });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForURL((address) => address.pathname === '/' && address.search === '');
  await expect(page.getByRole('group', { name: 'CPU cores' })).toBeVisible();
  return { context, page };
}

async function openViewer(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const viewer = await open(browser, viewerOnLoopback());
  await expect(viewer.page.getByText(`Viewing ${PRESENTER}’s runs (view only)`)).toBeVisible();
  return viewer;
}

test('every viewer’s Console follows the presenter’s lesson; no viewer page can run or stop', async ({ browser }) => {
  const presenter = await open(browser, presenterUrl);
  const viewers = await Promise.all(Array.from({ length: VIEWERS }, () => openViewer(browser)));
  try {
    const run = presenter.page.getByRole('button', { name: 'Run', exact: true });
    await expect(run).toBeEnabled();
    for (const { page } of viewers) {
      await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Stop', exact: true })).toHaveCount(0);
      await expect(page.getByRole('combobox', { name: 'Lesson' })).toHaveCount(0);
      await expect(page.getByRole('combobox', { name: 'Workload' })).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Viewers' })).toHaveCount(0);
    }

    await setControls(presenter.page, { lesson: 'threading', stepMs: 100 });
    await run.click();
    await expect(runStatus(presenter.page)).toContainText('done in', { timeout: 30_000 });
    const expected = [...Array.from({ length: 10 }, (_, i) => String(i + 1)), 'Thread execution complete!'];
    await expect(consoleLog(presenter.page).locator('[data-who]')).toHaveCount(expected.length);
    const shown = await printedLines(presenter.page);
    expect(shown.map((line) => line.trim())).toEqual(expected);
    for (const { page } of viewers) {
      await expect(runStatus(page)).toContainText('done in');
      await expect(consoleLog(page).locator('[data-who]')).toHaveCount(expected.length);
      expect(await printedLines(page)).toEqual(shown);
    }

    // A viewer's keys and views start nothing either: R, and the Compare and Code views' own buttons.
    const [first] = viewers;
    await first!.page.keyboard.press('r');
    await first!.page.keyboard.press('5');
    await expect(first!.page.getByRole('button', { name: /^Sweep/ })).toHaveCount(0);
    await expect(first!.page.getByRole('button', { name: /Run the lesson/ })).toHaveCount(0);
    await first!.page.keyboard.press('6');
    await expect(first!.page.getByRole('button', { name: /Run program/ })).toHaveCount(0);
    await expect(runStatus(presenter.page)).toContainText('done in');
    await expect(run).toBeEnabled();

    // A viewer who joins later sees the last run too.
    const late = await openViewer(browser);
    await expect(consoleLog(late.page).locator('[data-who]')).toHaveCount(expected.length);
    expect(await printedLines(late.page)).toEqual(shown);
    viewers.push(late);
  } finally {
    await presenter.context.close();
    for (const { context } of viewers) await context.close();
  }
});

test('the presenter’s page shows the viewers’ address and its QR code; Escape closes it, not the run', async ({
  browser,
}) => {
  const presenter = await open(browser, presenterUrl);
  try {
    // A run in progress behind the dialog: Escape (which stops a run elsewhere) must only close it.
    await setControls(presenter.page, { lesson: 'threading', stepMs: 1000 });
    await presenter.page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(runStatus(presenter.page)).toContainText(/running/i);
    await presenter.page.getByRole('button', { name: 'Viewers' }).click();
    const dialog = presenter.page.getByRole('dialog', { name: 'Follow along' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(viewerUrl, { exact: true })).toBeVisible();
    const qr = dialog.getByRole('img', { name: 'QR code of the viewers’ address' });
    await expect(qr).toBeVisible();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await presenter.page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await presenter.page.waitForTimeout(300); // a stop would have been sent at once
    await expect(runStatus(presenter.page)).toContainText(/running/i);
    await presenter.page.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(runStatus(presenter.page)).toContainText(/stopped/i);
  } finally {
    await presenter.context.close();
  }
});

test('the server refuses what a viewer’s page sends: run, code and stop', async ({ browser }) => {
  const viewer = await openViewer(browser);
  try {
    const replies = await viewer.page.evaluate(
      () =>
        new Promise<unknown[]>((resolve, reject) => {
          const socket = new WebSocket(`ws://${location.host}/ws`);
          const calls = [
            { command: 'run', payload: { lesson: 'threading', stepMs: 10 } },
            { command: 'run', payload: { source: 'print("hi")\n', tasks: 1 } },
            { command: 'stop', payload: null },
            { command: 'hello', payload: null },
          ];
          const got: unknown[] = [];
          socket.onerror = () => reject(new Error('socket refused'));
          socket.onopen = () =>
            calls.forEach((call, i) => socket.send(JSON.stringify({ kind: 'call', id: i + 1, ...call })));
          socket.onmessage = (event) => {
            const message = JSON.parse(String(event.data)) as { kind: string };
            if (message.kind !== 'reply') return;
            got.push(message);
            if (got.length === calls.length) {
              socket.close();
              resolve(got);
            }
          };
        }),
    );
    const byId = new Map((replies as { id: number; result: { ok: boolean; error?: string } }[]).map((r) => [r.id, r]));
    for (const id of [1, 2, 3]) {
      expect(byId.get(id)?.result.ok).toBe(false);
      expect(byId.get(id)?.result.error).toMatch(/^Forbidden \(403\): this page only follows the presenter's runs/);
    }
    expect(byId.get(4)?.result).toMatchObject({ ok: true, value: { role: 'viewer', share: { presenter: PRESENTER } } });
  } finally {
    await viewer.context.close();
  }
});
