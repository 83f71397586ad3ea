// Entry of the Electron shell (main process): builds the engine Session (worker threads, and
// utilityProcess children for task processes), serves the renderer on app://lanes, opens the
// one window and connects it over IPC. Started by `npm start` / `lanes` (scripts/desktop.mjs)
// or `electron-vite dev`; the preload is the only thing that talks to it.

import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { app, BrowserWindow, ipcMain, protocol, session as electronSession, utilityProcess } from 'electron';
import threadEntry from '../workers/task-thread?modulePath';
import processEntry from '../workers/task-process?modulePath';
import { createSampler } from '../node/sampler.proc';
import { Session } from '../node/session';
import { createExtraSelf } from './app-metrics';
import { bridgeEvents } from './events';
import { registerCommandHandlers } from './ipc';
import { installQuitGuard } from './lifecycle';
import { APP_INDEX_URL, APP_SCHEME, createOriginCheck } from './origin';
import { createUtilityProcessHost } from './process-host.utility';
import { APP_SCHEME_PRIVILEGES, createAppHandler } from './protocol';
import { createMainWindow, denyAllPermissions } from './window';

// Security: the dev server URL is honoured only in an unpackaged app (electron-vite dev sets
// it); a packaged app never loads, and never trusts IPC from, a page named by the environment.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const isOurUrl = createOriginCheck(devServerUrl);

// Privileged schemes must be registered before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// A second `lanes` focuses the running window instead of starting a second engine.
if (app.requestSingleInstanceLock()) startShell();
else app.quit();

function startShell(): void {
  const processHost = createUtilityProcessHost((modulePath, args, options) =>
    utilityProcess.fork(modulePath, args, options),
  );
  const extraSelf = createExtraSelf({
    getMetrics: () => app.getAppMetrics(),
    isTaskProcess: (pid, name) => processHost.isTaskProcess(pid, name),
    nowMs: () => performance.now(),
  });
  const engine = new Session({
    shell: 'electron',
    version: app.getVersion(),
    threadEntry,
    processEntry,
    processHost,
    sampler: createSampler({ extraSelf }),
    // extraSelf adds the renderer, GPU and other Electron helpers: the window is counted.
    selfCovers: () => 'engine+window',
    // Unpackaged, the app path is the project folder, which holds resources/python.
    pythonDir: join(app.getAppPath(), 'resources', 'python'),
  });

  let window: BrowserWindow | null = null;
  const unregisterIpc = registerCommandHandlers({
    ipcMain,
    session: engine,
    trustedContents: () => (window && !window.isDestroyed() ? window.webContents : null),
    isOurUrl,
  });

  installQuitGuard(app, async () => {
    unregisterIpc();
    await engine.dispose();
    // Session.dispose() stopped the run; anything still alive past its timeout goes now.
    processHost.killAll();
  });

  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('child-process-gone', (_event, details) => {
    const name = details.name ?? details.serviceName ?? details.type;
    console.warn(`[lanes] ${details.type} process "${name}" gone: ${details.reason} (exit code ${details.exitCode})`);
  });

  void app.whenReady().then(() => {
    protocol.handle(APP_SCHEME, createAppHandler(join(__dirname, '../renderer')));
    denyAllPermissions(electronSession.defaultSession);
    window = openWindow(engine);
    window.on('closed', () => {
      window = null;
    });
  });
}

function openWindow(engine: Session): BrowserWindow {
  const win = createMainWindow({ preload: join(__dirname, '../preload/index.cjs'), isOurUrl });
  const contents = win.webContents;
  const bridge = bridgeEvents(engine, contents);
  contents.on('did-start-loading', () => bridge.pageLoading());
  contents.on('did-finish-load', () => bridge.pageReady());
  win.on('closed', () => bridge.close());
  win.loadURL(devServerUrl ?? APP_INDEX_URL).catch((error: unknown) => {
    console.error(`[lanes] could not load the window: ${error instanceof Error ? error.message : String(error)}`);
  });
  return win;
}
