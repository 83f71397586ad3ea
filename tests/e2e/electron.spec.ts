// The Electron shell end to end: the built app (out/) in a real Electron window, driven by
// Playwright's _electron with an explicit executablePath (Playwright's default would
// require('electron'), which downloads). Where no binary is installed, every test here is
// reported as skipped, never as passed. Project `electron` in playwright.config.ts.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { COMMAND_NAMES } from '../../src/core/contract';
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

test.beforeAll(async () => {
  expect(existsSync(join(ROOT, 'out', 'main', 'index.js')), 'build the app first: npm run build:app').toBe(true);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      // A dev-server URL would load another page; RUN_AS_NODE would start no window at all.
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !/^ELECTRON_(RENDERER_URL|RUN_AS_NODE)$/.test(entry[0]),
    ),
  );
  app = await _electron.launch({ executablePath: executablePath!, args: [ROOT], cwd: ROOT, env });
  page = await app.firstWindow();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});

test.afterAll(async () => {
  await app?.close().catch(() => undefined);
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
    api: [...COMMAND_NAMES, 'onEvents'].sort(),
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
});
