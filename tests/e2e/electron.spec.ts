// The Electron shell end to end: the built app (out/) in a real Electron window, driven by
// Playwright's _electron with an explicit executablePath (Playwright's default would
// require('electron'), which downloads). Where no binary is installed, every test here is
// reported as skipped, never as passed. Project `electron` in playwright.config.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { COMMAND_NAMES, DESKTOP_COMMAND_NAMES } from '../../src/core/contract';
import { consoleLog, setControls } from './app';
import { electronBinary } from './electron-binary';

const ROOT = resolve(__dirname, '..', '..');
const executablePath = electronBinary();
if (!executablePath) test.skip(true, 'Electron binary not installed: Electron tests were not run');

test.describe.configure({ mode: 'serial' });

/** Every process whose ancestry leads to `root` (POSIX `ps`), excluding root itself. */
function descendants(root: number): number[] {
  const table = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of table) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  found.delete(root);
  return [...found];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the Console shows `expected` lines, in order (a line may carry a prefix). */
async function expectPrinted(page: Page, expected: string[]): Promise<void> {
  await expect(consoleLog(page)).toContainText(expected.at(-1)!, { timeout: 30_000 });
  const lines = (await consoleLog(page).innerText())
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  let at = 0;
  for (const line of lines)
    if (at < expected.length && (line === expected[at] || line.endsWith(` ${expected[at]}`))) at++;
  expect(lines.length, `Console showed: ${JSON.stringify(lines)}`).toBeGreaterThanOrEqual(expected.length);
  expect(at, `Console showed: ${JSON.stringify(lines)}`).toBe(expected.length);
}

const ONE_TO_TEN = Array.from({ length: 10 }, (_, i) => String(i + 1));

let app: ElectronApplication;
let page: Page;
/** The app's data folder for this run (window state, calibration), never the user's own. */
let userData: string;

test.beforeAll(async () => {
  expect(existsSync(join(ROOT, 'out', 'main', 'index.js')), 'build the app first: npm run build:app').toBe(true);
  userData = mkdtempSync(join(tmpdir(), 'lanes-electron-data-'));
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      // A dev-server URL would load another page; RUN_AS_NODE would start no window at all.
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^ELECTRON_(RENDERER_URL|RUN_AS_NODE)$/.test(entry[0]),
    ),
  );
  app = await _electron.launch({
    executablePath: executablePath!,
    args: [ROOT, `--user-data-dir=${userData}`],
    cwd: ROOT,
    env,
  });
  page = await app.firstWindow();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});

test.afterAll(async () => {
  await app?.close().catch(() => undefined);
  if (userData) rmSync(userData, { recursive: true, force: true });
});

test('opens one hardened window titled Lanes on app://lanes', async () => {
  await expect(page).toHaveTitle(/Lanes/);
  expect(page.url()).toMatch(/^app:\/\/lanes\//);
  const windows = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((win) => ({ title: win.getTitle(), background: win.getBackgroundColor() })),
  );
  expect(windows).toEqual([{ title: 'Lanes', background: expect.stringMatching(/0d1117$/i) }]);
  const csp = await page.evaluate(async () => (await fetch('/index.html')).headers.get('content-security-policy'));
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("default-src 'none'");
});

test('exposes window.lanes and nothing of Node or Electron to the page', async () => {
  const surface = await page.evaluate(() => {
    const scope = globalThis as unknown as Record<string, unknown>;
    const api = scope.lanes as Record<string, unknown> | undefined;
    return {
      api: api ? Object.keys(api).sort() : null,
      functions: api ? Object.values(api).every((value) => typeof value === 'function') : false,
      require: typeof scope.require,
      process: typeof scope.process,
      module: typeof scope.module,
    };
  });
  expect(surface).toEqual({
    api: [...COMMAND_NAMES, ...DESKTOP_COMMAND_NAMES, 'onEvents', 'onAction'].sort(),
    functions: true,
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
  });
  await expect(page.getByRole('combobox', { name: 'Lesson' })).toBeVisible();
});

test('runs the threading lesson through window.lanes and prints it in the Console', async () => {
  const accepted = await page.evaluate(() =>
    (globalThis as unknown as { lanes: { run(request: object): Promise<{ ok: boolean }> } }).lanes.run({
      lesson: 'threading',
      stepMs: 100,
    }),
  );
  expect(accepted).toMatchObject({ ok: true });
  await expectPrinted(page, [...ONE_TO_TEN, 'Thread execution complete!']);
});

test('runs the multiprocessing lesson in utility processes from the Run button', async () => {
  await setControls(page, { lesson: 'multiprocessing', stepMs: 100 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expectPrinted(page, [...ONE_TO_TEN, 'Process execution complete!']);
});

/** The application menu as Electron holds it: each menu's label and its items' labels and keys. */
function menuShape() {
  return app.evaluate(({ Menu }) =>
    (Menu.getApplicationMenu()?.items ?? []).map((menu) => ({
      label: menu.label,
      items: (menu.submenu?.items ?? []).map((item) => ({ label: item.label, accelerator: item.accelerator ?? null })),
    })),
  );
}

/** Clicks a menu item (not a menu) by its label, as the user would. */
function clickMenuItem(label: string) {
  return app.evaluate(({ Menu, BrowserWindow }, wanted) => {
    const walk = (items: Electron.MenuItem[]): Electron.MenuItem | undefined =>
      items
        .map((item) => (item.submenu ? walk(item.submenu.items) : item.label === wanted ? item : undefined))
        .find(Boolean);
    const item = walk(Menu.getApplicationMenu()?.items ?? []);
    if (!item) throw new Error(`no menu item ${wanted}`);
    const win = BrowserWindow.getAllWindows()[0];
    item.click(undefined, win, win?.webContents);
  }, label);
}

test('has the application menu, with the shared keys, and About names the versions', async () => {
  const menus = await menuShape();
  expect(menus.map((menu) => menu.label)).toEqual(
    process.platform === 'darwin'
      ? ['Lanes', 'File', 'Edit', 'View', 'Run', 'Help']
      : ['File', 'Edit', 'View', 'Run', 'Help'],
  );
  const file = menus.find((menu) => menu.label === 'File')!.items;
  expect(file.find((item) => item.label === 'Open trace…')?.accelerator).toBe('CmdOrCtrl+O');
  const run = menus.find((menu) => menu.label === 'Run')!.items.map((item) => item.label);
  expect(run).toEqual(expect.arrayContaining(['A thread that prints and sleeps', 'A process that prints and sleeps']));
  // The About box, answered here instead of on screen; what it would have shown is kept in main.
  await app.evaluate(({ dialog }) => {
    const shown: unknown[] = [];
    (globalThis as { aboutShown?: unknown[] }).aboutShown = shown;
    dialog.showMessageBox = (async (...args: unknown[]) => {
      shown.push(args.at(-1));
      return { response: 0, checkboxChecked: false };
    }) as typeof dialog.showMessageBox;
  });
  await clickMenuItem('About Lanes');
  const shown = await app.evaluate(
    () => (globalThis as { aboutShown?: { message: string; detail: string }[] }).aboutShown ?? [],
  );
  expect(shown).toHaveLength(1);
  expect(shown[0]!.message).toMatch(/^Lanes \d+\.\d+\.\d+/);
  for (const name of ['Electron', 'Chromium', 'Node'])
    expect(shown[0]!.detail).toMatch(new RegExp(`^${name} \\d+\\.`, 'm'));
  expect(shown[0]!.detail).toMatch(/^Python/m);
});

test("the menu's Run item runs, and a lesson item chooses the lesson", async () => {
  await clickMenuItem('A thread that prints and sleeps');
  await expect(page.getByRole('combobox', { name: 'Lesson' })).toHaveValue('threading');
  await setControls(page, { stepMs: 100 });
  await clickMenuItem(process.platform === 'darwin' ? 'Run  (R)' : 'Run');
  await expectPrinted(page, [...ONE_TO_TEN, 'Thread execution complete!']);
});

test('opens and saves files through the native dialogs (answered by the test), and refuses bad names', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lanes-electron-files-'));
  try {
    const trace = join(dir, 'run.lanes.json');
    writeFileSync(trace, '{"traceEvents":[]}');
    await app.evaluate(
      ({ dialog }, paths) => {
        dialog.showOpenDialog = (async () => ({
          canceled: false,
          filePaths: [paths.trace],
        })) as typeof dialog.showOpenDialog;
        dialog.showSaveDialog = (async () => ({
          canceled: false,
          filePath: paths.saved,
        })) as typeof dialog.showSaveDialog;
      },
      { trace, saved: join(dir, 'picture') },
    );
    const results = await page.evaluate(async () => {
      type Desktop = {
        openFile(request: object): Promise<unknown>;
        saveFile(request: object): Promise<unknown>;
      };
      const lanes = (globalThis as unknown as { lanes: Desktop }).lanes;
      return {
        opened: await lanes.openFile({ purpose: 'trace' }),
        saved: await lanes.saveFile({
          purpose: 'picture',
          suggestedName: 'lanes.png',
          data: new Uint8Array([137, 80, 78, 71]),
        }),
        refused: await lanes.saveFile({ purpose: 'picture', suggestedName: '../x.png', data: new Uint8Array([1]) }),
      };
    });
    expect(results.opened).toEqual({ ok: true, value: { name: 'run.lanes.json', text: '{"traceEvents":[]}' } });
    expect(results.saved).toEqual({ ok: true, value: { name: 'picture.png', bytes: 4 } });
    expect([...readFileSync(join(dir, 'picture.png'))]).toEqual([137, 80, 78, 71]);
    expect(results.refused).toMatchObject({ ok: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The OS pids of the current run's task processes, from the engine's own record. */
function taskProcessPids(): Promise<number[]> {
  return page.evaluate(async () => {
    type Snapshot = { ok: boolean; value: { events: { kind: string; unitKind?: string; pid?: number }[] } | null };
    const lanes = (globalThis as unknown as { lanes: { record(): Promise<Snapshot> } }).lanes;
    const snapshot = await lanes.record();
    const events = snapshot.ok && snapshot.value ? snapshot.value.events : [];
    return events.filter((e) => e.kind === 'unit' && e.unitKind === 'process').map((e) => e.pid ?? 0);
  });
}

test('leaves no child process behind when closed mid-run', async () => {
  test.skip(process.platform === 'win32', 'process tree read with POSIX ps');
  const mainPid = app.process().pid!;
  const accepted = await page.evaluate(() =>
    (globalThis as unknown as { lanes: { run(request: object): Promise<{ ok: boolean }> } }).lanes.run({
      lesson: 'multiprocessing',
      stepMs: 1000,
    }),
  );
  expect(accepted).toMatchObject({ ok: true });
  await expect.poll(taskProcessPids).toHaveLength(1);
  const [taskPid] = await taskProcessPids();
  const children = descendants(mainPid);
  expect(children).toContain(taskPid);
  await app.close();
  await expect.poll(() => [mainPid, ...children].filter(alive), { timeout: 15_000 }).toEqual([]);
  // The window's place was saved as it closed, for its display.
  const state = JSON.parse(readFileSync(join(userData, 'window-state.json'), 'utf8')) as {
    version: number;
    last: string;
  };
  expect(state).toMatchObject({ version: 1, last: expect.any(String) });
});
