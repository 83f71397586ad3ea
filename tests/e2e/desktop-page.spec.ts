// The desktop window's page in real Chromium, with the preload's desktop part stood in for
// (openFile, saveFile, shareClass, onAction; the engine stays on the web shell's WebSocket, as
// the preload would carry it over IPC): Open trace and Save trace go through the app's dialogs,
// the menu's Open trace…, Save trace…, a launched trace and Share with class act as the page's own
// buttons do, and Share with class from the window shows the Viewers button, whose dialog stops it.
// Electron itself cannot run here; tests/e2e/electron.spec.ts covers the real window elsewhere.
import { expect, test, type Page } from '@playwright/test';
import type { AppAction, OpenedFile, ShareInfo } from '../../src/core/contract';
import { toTrace } from '../../src/core/trace';
import { readTrace } from '../../src/core/trace-read';
import { openApp, runStatus, setControls } from './app';
import { fixture } from './synthetic';

const SHARE: ShareInfo = {
  presenter: 'Ada',
  viewerUrl: 'http://192.168.1.5:5390/?view=secret',
  qrSvg: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>',
};

interface Calls {
  calls: { command: string; payload: unknown }[];
}

/** Installs the stand-in before the page's scripts run; `file` is what the Open dialog answers. */
async function desktopPage(page: Page, file: OpenedFile, shareError: string | null = null): Promise<void> {
  await page.addInitScript(
    ({ file, share, shareError }) => {
      const record: Calls & { menu: ((action: unknown) => void) | null } = { calls: [], menu: null };
      (window as unknown as Record<string, unknown>).__desktop = record;
      (window as unknown as Record<string, unknown>).lanes = {
        openFile: async (payload: unknown) => {
          record.calls.push({ command: 'openFile', payload });
          return { ok: true, value: file };
        },
        saveFile: async (payload: { suggestedName: string; data: string }) => {
          record.calls.push({ command: 'saveFile', payload });
          return { ok: true, value: { name: payload.suggestedName, bytes: payload.data.length } };
        },
        shareClass: async (payload: { on: boolean }) => {
          record.calls.push({ command: 'shareClass', payload });
          if (shareError) return { ok: false, error: shareError };
          return { ok: true, value: payload.on ? share : null };
        },
        onAction: (listener: (action: unknown) => void) => {
          record.menu = listener;
          return () => (record.menu = null);
        },
      };
    },
    { file, share: SHARE, shareError },
  );
  await openApp(page);
}

const calls = (page: Page): Promise<Calls['calls']> =>
  page.evaluate(() => (window as unknown as { __desktop: Calls }).__desktop.calls);

const menu = (page: Page, action: AppAction): Promise<void> =>
  page.evaluate((action) => {
    (window as unknown as { __desktop: { menu: (a: unknown) => void } }).__desktop.menu(action);
  }, action);

const banner = (page: Page) => page.getByRole('region', { name: 'Opened trace' });
const traceText = JSON.stringify(toTrace(fixture('gil-threads'), { enginePid: 4242, version: '9.9.9' }));

test('Open trace and the menu’s Open trace… use the app’s dialog; a launched trace is fetched from main', async ({
  page,
}) => {
  await desktopPage(page, { name: 'dialog.lanes.json', text: traceText });
  await page.getByRole('button', { name: 'Open trace', exact: true }).click();
  await expect(banner(page)).toContainText('Showing dialog.lanes.json');
  await banner(page).getByRole('button', { name: 'Close trace' }).click();
  await expect(banner(page)).toHaveCount(0);
  await menu(page, { kind: 'open-trace' });
  await expect(banner(page)).toContainText('Showing dialog.lanes.json');
  await menu(page, { kind: 'trace-launched', name: 'dialog.lanes.json' });
  await expect
    .poll(async () => (await calls(page)).map((call) => call.payload))
    .toEqual([{ purpose: 'trace' }, { purpose: 'trace' }, { purpose: 'trace', from: 'launch' }]);
});

test('Save trace and the menu’s Save trace… hand the run to the app’s save dialog', async ({ page }) => {
  await desktopPage(page, { name: 'unused.json', text: '' });
  await setControls(page, { workload: 'io', executor: 'threads', tasks: 2, steps: 1, stepMs: 20 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Save trace', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Trace files' })).toContainText(/^Saved lanes-io-threads-/);
  await menu(page, { kind: 'save-trace' });
  await expect.poll(async () => (await calls(page)).length).toBe(2);
  for (const call of await calls(page)) {
    const payload = call.payload as { purpose: string; suggestedName: string; data: string };
    expect(call.command).toBe('saveFile');
    expect(payload.purpose).toBe('trace');
    expect(payload.suggestedName).toMatch(/^lanes-io-threads-.*\.lanes\.json$/);
    const read = readTrace(payload.data);
    expect(read.ok && read.value.events.at(-1)).toMatchObject({ kind: 'run-end', status: 'done' });
  }
});

test('Share with class: the window’s button and the menu show the Viewers button; its dialog stops sharing', async ({
  page,
}) => {
  await desktopPage(page, { name: 'unused.json', text: '' });
  const viewers = page.getByRole('button', { name: 'Viewers' });
  await expect(viewers).toHaveCount(0);
  await page.getByRole('button', { name: 'Share with class' }).click();
  await expect(viewers).toBeVisible();
  await expect(page.getByRole('button', { name: 'Share with class' })).toHaveCount(0);
  await viewers.click();
  const dialog = page.getByRole('dialog', { name: 'Follow along' });
  await expect(dialog).toContainText(SHARE.viewerUrl!);
  await expect(dialog.getByRole('img', { name: 'QR code of the viewers’ address' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Stop sharing' }).click();
  await expect(viewers).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share with class' })).toBeVisible();
  expect((await calls(page)).map((call) => call.payload)).toEqual([{ on: true }, { on: false }]);

  // File › Share with class: main says so, and the page follows.
  await menu(page, { kind: 'share', share: SHARE });
  await expect(viewers).toBeVisible();
  await menu(page, { kind: 'share', share: null });
  await expect(viewers).toHaveCount(0);
});

test('Share with class that cannot start says why once, and changes nothing else', async ({ page }) => {
  const why = 'Sharing with the class could not start (EADDRINUSE).';
  await desktopPage(page, { name: 'unused.json', text: '' }, why);
  await page.getByRole('button', { name: 'Share with class' }).click();
  await expect(page.getByRole('alert')).toHaveText(why);
  await expect(page.getByRole('button', { name: 'Viewers' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Share with class' })).toBeEnabled();
});

test('at 1024×640 the Share button leaves the status its room: side by side, never over it', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await desktopPage(page, { name: 'unused.json', text: '' });
  const status = await runStatus(page).boundingBox();
  const share = await page.getByRole('button', { name: 'Share with class' }).boundingBox();
  expect(status && share).toBeTruthy();
  // On one row, the status first, and no overlap.
  expect(Math.abs(status!.y - share!.y)).toBeLessThan(share!.height);
  expect(status!.x + status!.width).toBeLessThanOrEqual(share!.x + 1);
  expect(status!.width).toBeGreaterThan(80);
});
