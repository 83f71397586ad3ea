// The Electron shell as built: electron-vite builds main and the preload with the project's own
// config (into a temporary folder, beside a stub renderer), then the main bundle runs under plain
// Node with a scripted `electron` (fixtures/shell-harness.mjs). This checks the wiring in
// index.ts (order of registration, window options and state, IPC, events, the menu, the file
// dialogs, a launched trace, quit) where no binary exists.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/protocol';

const ROOT = resolve('.');
const ELECTRON_VITE = resolve('node_modules/electron-vite/bin/electron-vite.js');
const HARNESS = resolve('tests/unit/main/fixtures/shell-harness.mjs');
/** Building main (with its two task-entry sub-builds) and the preload takes a few seconds. */
const BUILD_LIMIT_MS = 120_000;

let dir: string;
/** The harness's JSON report (fixtures/shell-harness.mjs); checked field by field below. */
interface Report {
  order: string[];
  privileged: unknown;
  loaded: unknown;
  traversal: number;
  options: { webPreferences: Record<string, unknown> } & Record<string, unknown>;
  shown: boolean;
  permissionGranted: boolean;
  openHandler: unknown;
  navigationPrevented: unknown;
  titleKept: boolean;
  channels: string[];
  foreign: unknown;
  hello: unknown;
  threadingPrints: string[];
  multiprocessingPrints: string[];
  forks: unknown[];
  maxSelf: number;
  quitPrevented: boolean[];
  exitCode: number;
  taskPid: number;
  taskAliveAfterQuit: boolean;
  handlersLeft: number;
  postedAfterExit: boolean;
  permissionCheck: boolean;
  strayGuard: unknown;
  menu: {
    label: string;
    items: { label: string; accelerator?: string; registerAccelerator?: boolean; visible?: boolean }[];
  }[];
  launchAction: unknown[];
  shareActions: unknown[];
  shareChecked: boolean | null;
  shareStatus: number;
  sharePresenterStatus: number;
  shareRefusedAfterQuit: boolean;
  shareOff: unknown;
  shareOffRefused: boolean;
  shareOffChecked: boolean;
  shareOn: unknown;
  shareIpcActions: unknown[];
  menuActions: unknown[];
  messageBoxes: { message: string; detail: string }[];
  dialogs: { kind: string; modal: boolean; options: Record<string, unknown> }[];
  launchedOpen: unknown;
  launchedAgain: unknown;
  dialogOpen: unknown;
  foreignOpen: unknown;
  saved: unknown;
  savedBytes: number[] | null;
  badSave: unknown;
  dialogsForBadSave: number;
  cancelled: unknown;
  savedState: unknown;
  calibrationCache: Record<string, number> | null;
}
let report: Report;
const TRACE_TEXT = '{"traceEvents":[]}';
/** The harness's one display (fixtures/shell-harness.mjs), as window-state.ts keys it. */
const DISPLAY_KEY = '1920x1080@1+0+0';

beforeAll(() => {
  // Inside the project so the config's own imports (electron-vite, the Svelte plugin) resolve.
  mkdirSync(resolve('node_modules/.cache'), { recursive: true });
  dir = mkdtempSync(resolve('node_modules/.cache/lanes-shell-'));
  mkdirSync(join(dir, 'renderer'));
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>Lanes</title>');
  // The project's config with only the output folders moved and the renderer stubbed.
  writeFileSync(
    join(dir, 'electron.vite.config.mjs'),
    `import base from ${JSON.stringify(join(ROOT, 'electron.vite.config.ts'))};
const out = (section, to) => ({ ...section, build: { ...section.build, outDir: ${JSON.stringify(dir)} + to, emptyOutDir: true } });
export default {
  main: out(base.main, '/out/main'),
  preload: out(base.preload, '/out/preload'),
  renderer: {
    root: ${JSON.stringify(join(dir, 'renderer'))},
    build: {
      outDir: ${JSON.stringify(dir)} + '/out/renderer',
      emptyOutDir: true,
      rolldownOptions: { input: { index: ${JSON.stringify(join(dir, 'renderer', 'index.html'))} } },
    },
  },
};
`,
  );
  const build = spawnSync(
    process.execPath,
    [ELECTRON_VITE, 'build', '-c', join(dir, 'electron.vite.config.mjs'), '--logLevel', 'warn'],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: BUILD_LIMIT_MS,
    },
  );
  if (build.status !== 0) throw new Error(`electron-vite build failed:\n${build.stdout}\n${build.stderr}`);
  // The app's data folder with a remembered window, and a trace the app is started with.
  mkdirSync(join(dir, 'data', 'userData'), { recursive: true });
  mkdirSync(join(dir, 'data', 'documents'));
  writeFileSync(
    join(dir, 'data', 'userData', 'window-state.json'),
    JSON.stringify({
      version: 1,
      last: DISPLAY_KEY,
      displays: {
        [DISPLAY_KEY]: {
          bounds: { x: 50, y: 60, width: 1200, height: 700 },
          maximized: false,
          fullScreen: false,
          presentation: false,
        },
      },
    }),
  );
  writeFileSync(join(dir, 'data', 'lesson.lanes.json'), TRACE_TEXT);
  const harnessArgs = [
    HARNESS,
    join(dir, 'out', 'main', 'index.js'),
    join(dir, 'data'),
    join(dir, 'data', 'lesson.lanes.json'),
  ];
  const run = spawnSync(process.execPath, harnessArgs, {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`the shell harness failed:\n${run.stdout}\n${run.stderr}`);
  report = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Report;
}, BUILD_LIMIT_MS + 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built Electron shell', () => {
  it('builds the preload as one CommonJS file that requires only electron', () => {
    const preload = readFileSync(join(dir, 'out', 'preload', 'index.cjs'), 'utf8');
    expect(preload.match(/require\(\s*["'][^"']+["']\s*\)/g)).toEqual(['require("electron")']);
    expect(preload).not.toMatch(/^\s*(import|export)\b/m);
    expect(preload).toContain('exposeInMainWorld');
  });

  it('builds main to require only electron and Node’s own modules: the package ships no node_modules', () => {
    const main = readFileSync(join(dir, 'out', 'main', 'index.js'), 'utf8');
    const required = [...main.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!);
    const foreign = required.filter(
      (name) => name !== 'electron' && !builtinModules.includes(name.replace(/^node:/, '')),
    );
    expect(foreign).toEqual([]);
  });

  it('registers app:// as privileged before ready, and serves the renderer only after it', () => {
    expect(report.order).toEqual(['privileged-before-ready', 'handle-after-ready', 'window-after-ready']);
    expect(report.privileged).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
    ]);
    expect(report.loaded).toEqual({ url: 'app://lanes/index.html', status: 200, csp: CONTENT_SECURITY_POLICY });
    expect(report.traversal).toBe(403);
  });

  it('opens one hardened window where it was last, shown when ready', () => {
    expect(report.options).toMatchObject({
      x: 50,
      y: 60,
      width: 1200,
      height: 700,
      minWidth: 1024,
      minHeight: 640,
      title: 'Lanes',
      show: false,
      webPreferences: {
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        backgroundThrottling: false,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    expect(report.options.webPreferences.preload).toBe(join(dir, 'out', 'preload', 'index.cjs'));
    expect(report.options.webPreferences).not.toHaveProperty('webSecurity');
    expect(report.shown).toBe(true);
    expect(report.titleKept).toBe(true);
    expect(report.permissionGranted).toBe(false);
    expect(report.openHandler).toEqual({ action: 'deny' });
    expect(report.navigationPrevented).toEqual({ foreign: true, own: false });
    expect(report.permissionCheck).toBe(false);
    expect(report.strayGuard).toEqual({ navigationPrevented: true, openHandler: { action: 'deny' } });
  });

  it('answers our page over IPC, refuses others, and streams runs with real threads and processes', () => {
    expect(report.channels).toEqual([
      'lanes:hello',
      'lanes:openFile',
      'lanes:record',
      'lanes:run',
      'lanes:saveFile',
      'lanes:shareClass',
      'lanes:stop',
    ]);
    expect(report.foreign).toEqual({ ok: false, error: 'Refused: unknown sender.' });
    expect(report.hello).toMatchObject({ ok: true, value: { shell: 'electron', version: '9.9.9-harness' } });
    const lesson = Array.from({ length: 10 }, (_, i) => String(i + 1));
    expect(report.threadingPrints).toEqual([...lesson, 'Thread execution complete!']);
    expect(report.multiprocessingPrints).toEqual([...lesson, 'Process execution complete!']);
    expect(report.forks).toEqual([{ serviceName: 'Lanes task 1', stdio: 'pipe' }]);
  });

  it("adds the renderer's CPU (app metrics) to the app's own, leaving the main process out", () => {
    // The harness's renderer reports five cores' worth; the engine adds its own on top.
    expect(report.maxSelf).toBeGreaterThan(4);
    expect(report.maxSelf).toBeLessThan(5 + 2);
  });

  it('sets the menu: File, Edit, View, Run, Help, with the shared keys and development items', () => {
    expect(report.menu.map((menu) => menu.label)).toEqual(['File', 'Edit', 'View', 'Run', 'help']);
    const file = report.menu[0]!.items;
    expect(file.map((item) => [item.label, item.accelerator ?? null])).toEqual([
      ['Open trace…', 'CmdOrCtrl+O'],
      ['Save trace…', 'CmdOrCtrl+S'],
      ['separator', null],
      ['Export picture…', 'CmdOrCtrl+E'],
      ['Export video…', 'CmdOrCtrl+Shift+E'],
      ['separator', null],
      ['Share with class', null],
      ['separator', null],
      ['Quit Lanes', 'Ctrl+Q'],
    ]);
    const run = report.menu[3]!.items;
    // Bare keys are shown, never registered: the page handles them outside text fields.
    expect(run.slice(0, 2)).toEqual([
      { label: 'Run', accelerator: 'R', registerAccelerator: false },
      { label: 'Stop', accelerator: 'S', registerAccelerator: false },
    ]);
    expect(run.length).toBe(3 + 9); // run, stop, separator, one item per lesson
    // Not packaged (the harness's app.isPackaged is false): reload and devtools are offered.
    expect(report.menu[2]!.items.map((item) => item.label)).toContain('toggleDevTools');
  });

  it("sends the menu's actions to the page and tells it of the trace it was started with", () => {
    expect(report.launchAction).toEqual([{ kind: 'trace-launched', name: 'lesson.lanes.json' }]);
    expect(report.menuActions).toEqual([
      { kind: 'run' },
      { kind: 'stop' },
      { kind: 'open-trace' },
      { kind: 'lesson', lesson: 'threading' },
      { kind: 'presentation', on: true },
    ]);
    expect(report.messageBoxes).toHaveLength(1);
    expect(report.messageBoxes[0]!.message).toBe('Lanes 9.9.9-harness');
    expect(report.messageBoxes[0]!.detail).toMatch(/^Node \d+\.\d+\.\d+$/m);
    expect(report.messageBoxes[0]!.detail).toMatch(/^(Python \d+\.\d+\.\d+|Python: not found.*)$/m);
  });

  it('File › Share with class serves viewers on this engine, tells the page the address, and ends at quit', () => {
    expect(report.shareActions).toEqual([
      {
        kind: 'share',
        share: {
          presenter: expect.any(String),
          viewerUrl: expect.stringMatching(/\?view=/),
          qrSvg: expect.stringMatching(/^<svg/),
        },
      },
    ]);
    expect(report.shareChecked).toBe(true);
    // The viewers' secret opens the page (a redirect that sets the cookie); there is no presenter's.
    expect(report.shareStatus).toBeLessThan(400);
    expect(report.sharePresenterStatus).toBe(403);
    // From the page (shareClass): off frees the port and unticks the item; on again, until quit.
    expect(report.shareOff).toEqual({ ok: true, value: null });
    expect(report.shareOffRefused).toBe(true);
    expect(report.shareOffChecked).toBe(false);
    expect(report.shareOn).toMatchObject({ ok: true, value: { viewerUrl: expect.stringMatching(/\?view=/) } });
    expect(report.shareIpcActions).toEqual([
      { kind: 'share', share: null },
      { kind: 'share', share: (report.shareOn as { value: unknown }).value },
    ]);
    expect(report.shareRefusedAfterQuit).toBe(true);
  });

  it('opens and saves files through native dialogs, for our page only', () => {
    expect(report.launchedOpen).toEqual({ ok: true, value: { name: 'lesson.lanes.json', text: TRACE_TEXT } });
    expect(report.launchedAgain).toEqual({ ok: false, error: 'Lanes was not started with a trace file.' });
    expect(report.dialogOpen).toEqual({ ok: true, value: { name: 'lesson.lanes.json', text: TRACE_TEXT } });
    expect(report.foreignOpen).toEqual({ ok: false, error: 'Refused: unknown sender.' });
    expect(report.saved).toEqual({ ok: true, value: { name: 'saved-picture.png', bytes: 4 } });
    expect(report.savedBytes).toEqual([137, 80, 78, 71]);
    expect(report.badSave).toMatchObject({ ok: false, error: expect.stringContaining('plain name') });
    expect(report.dialogsForBadSave).toBe(0);
    expect(report.cancelled).toEqual({ ok: true, value: null });
    expect(report.dialogs.every((shown) => shown.modal)).toBe(true);
    expect(report.dialogs.map((shown) => shown.kind)).toEqual(['open', 'save', 'open']);
  });

  it('remembers the window as it closes, for its display', () => {
    expect(report.savedState).toEqual({
      version: 1,
      last: DISPLAY_KEY,
      displays: {
        [DISPLAY_KEY]: {
          bounds: { x: 100, y: 140, width: 1300, height: 800 },
          maximized: false,
          fullScreen: false,
          presentation: true,
        },
      },
    });
  });

  it("measures the machine's speed on a worker thread at start and caches it in the data folder", () => {
    const entries = Object.entries(report.calibrationCache ?? {});
    expect(entries).toHaveLength(1);
    const [key, rate] = entries[0]!;
    expect(key).toContain(`node ${process.version}`);
    expect(Number.isInteger(rate) && rate > 1000).toBe(true);
  });

  it('on quit mid-run: holds the quit, stops the task process, removes the handlers, exits 0 once', () => {
    expect(report.quitPrevented).toEqual([true, true]);
    expect(report.exitCode).toBe(0);
    expect(report.taskPid).toBeGreaterThan(0);
    expect(report.taskAliveAfterQuit).toBe(false);
    expect(report.handlersLeft).toBe(0);
    expect(report.postedAfterExit).toBe(false);
  });
});
