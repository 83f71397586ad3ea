// Entry of the Electron shell (main process): builds the engine Session (worker threads, and
// utilityProcess children for task processes), serves the renderer on app://lanes, opens the
// one window where it was last, gives it the menu, the file dialogs and Share with class (the
// viewers' server, class-share.ts), and connects it over IPC. Started by `npm start` / `lanes`
// (scripts/desktop.mjs) or `electron-vite dev`; the preload is the only thing that talks to it.

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeTheme,
  protocol,
  screen,
  session as electronSession,
  utilityProcess,
} from 'electron';
import threadEntry from '../workers/task-thread?modulePath';
import processEntry from '../workers/task-process?modulePath';
import { IPC_ACTIONS_CHANNEL, type AppAction, type ThemeChoice } from '../core/contract';
import { LESSONS } from '../core/lessons';
import { sessionEndpoint } from '../node/endpoint';
import { findPython, preparePython } from '../node/python/python-env';
import { createSampler } from '../node/sampler.proc';
import { Session } from '../node/session';
import { startShareServer } from '../server/share';
import { aboutBox } from './about';
import { createExtraSelf } from './app-metrics';
import { createClassShare, presenterName } from './class-share';
import { writeFileAtomic, writeFileAtomicSync } from './atomic-file';
import { registerDesktopHandlers } from './desktop-ipc';
import { bridgeEvents } from './events';
import { createFileCommands, openForReading } from './files';
import { registerCommandHandlers } from './ipc';
import { createLaunchedTrace, traceFromArgv } from './launch-trace';
import { installQuitGuard } from './lifecycle';
import { menuTemplate } from './menu';
import { APP_INDEX_URL, APP_SCHEME, createOriginCheck } from './origin';
import { createUtilityProcessHost } from './process-host.utility';
import { APP_SCHEME_PRIVILEGES, createAppHandler } from './protocol';
import { resourcePaths } from './resources';
import { denyAllPermissions, guardAllContents } from './security';
import { createMainWindow } from './window';
import { createWindowMemory } from './window-memory';

// Security: the dev server URL is honoured only in an unpackaged app (electron-vite dev sets
// it); a packaged app never loads, and never trusts IPC from, a page named by the environment.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const isOurUrl = createOriginCheck(devServerUrl);

// Privileged schemes must be registered before `ready`.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
// Every web contents, the window's included, is guarded from the moment it exists.
guardAllContents(app, isOurUrl);

// A second `lanes` focuses the running window instead of starting a second engine.
if (app.requestSingleInstanceLock()) startShell();
else app.quit();

function startShell(): void {
  const resources = resourcePaths({
    packaged: app.isPackaged,
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
  });
  const dataFile = (name: string): string => join(app.getPath('userData'), name);
  const processHost = createUtilityProcessHost((modulePath, args, options) =>
    utilityProcess.fork(modulePath, args, options),
  );
  const extraSelf = createExtraSelf({
    getMetrics: () => app.getAppMetrics(),
    isTaskProcess: (pid, name) => processHost.isTaskProcess(pid, name),
    nowMs: () => performance.now(),
  });
  // Which python3 real-Python runs use, probed now without blocking this process (a probe can
  // take seconds on a busy machine); the window opens once it is known, so no hello waits for it.
  const pythonKnown = preparePython();
  const engine = new Session({
    shell: 'electron',
    version: app.getVersion(),
    threadEntry,
    processEntry,
    processHost,
    sampler: createSampler({ extraSelf }),
    // extraSelf adds the renderer, GPU and other Electron helpers: the window is counted.
    selfCovers: () => 'engine+window',
    pythonDir: resources.python,
    // The machine's measured speed, kept in the app's data folder: measured once per machine.
    calibrationCache: {
      read: () => readFile(dataFile('calibration.json'), 'utf8'),
      write: (text) => writeFileAtomic(dataFile('calibration.json'), text),
    },
  });

  let window: BrowserWindow | null = null;
  const liveWindow = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null);
  const send = (action: AppAction): void => {
    const contents = liveWindow()?.webContents;
    if (contents && !contents.isDestroyed()) contents.send(IPC_ACTIONS_CHANNEL, action);
  };
  const launched = createLaunchedTrace((name) => send({ kind: 'trace-launched', name }));
  const initialTrace = traceFromArgv(process.argv, process.cwd());
  if (initialTrace) launched.offer(initialTrace);
  // File › Share with class: viewers follow this window's runs; the page shows their address.
  let setMenu = (): void => undefined;
  const classShare = createClassShare({
    presenter: presenterName(),
    start: (presenter) =>
      startShareServer({
        engine: sessionEndpoint(engine),
        rendererDir: join(__dirname, '../renderer'),
        port: 0,
        presenter,
        operatorPage: false,
      }),
    onChange: (share) => {
      send({ kind: 'share', share });
      setMenu();
    },
  });
  // macOS hands files over as events, from before `ready` on.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    launched.offer(path);
  });

  const unregisterIpc = registerCommandHandlers({
    ipcMain,
    session: engine,
    trustedContents: () => liveWindow()?.webContents ?? null,
    isOurUrl,
  });
  const unregisterDesktop = registerDesktopHandlers({
    ipcMain,
    trustedContents: () => liveWindow()?.webContents ?? null,
    isOurUrl,
    files: createFileCommands({
      showOpenDialog: async (options) => {
        const parent = liveWindow();
        const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
      showSaveDialog: async (options) => {
        const parent = liveWindow();
        const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
        return result.canceled ? null : (result.filePath ?? null);
      },
      openForReading,
      writeFile: writeFileAtomic,
      defaultFolder: () => app.getPath('documents'),
      launchedTrace: () => launched.path(),
      clearLaunchedTrace: () => launched.clear(),
    }),
    share: (on) => classShare.set(on),
  });

  installQuitGuard(app, async () => {
    unregisterIpc();
    unregisterDesktop();
    await classShare.close();
    await engine.dispose();
    // Session.dispose() stopped the run; anything still alive past its timeout goes now.
    processHost.killAll();
  });

  app.on('window-all-closed', () => app.quit());
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const trace = traceFromArgv(argv, workingDirectory);
    if (trace) launched.offer(trace);
    const win = liveWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('child-process-gone', (_event, details) => {
    const name = details.name ?? details.serviceName ?? details.type;
    console.warn(`[lanes] ${details.type} process "${name}" gone: ${details.reason} (exit code ${details.exitCode})`);
  });

  void app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, createAppHandler(join(__dirname, '../renderer')));
    denyAllPermissions(electronSession.defaultSession, APP_SCHEME);
    // Measure the machine's speed now, on a worker thread, so the first CPU run need not wait.
    engine.prepare();
    const memory = createWindowMemory({
      screen,
      file: {
        read: () => readFileSync(dataFile('window-state.json'), 'utf8'),
        write: (text) => writeFileAtomic(dataFile('window-state.json'), text),
        writeSync: (text) => writeFileAtomicSync(dataFile('window-state.json'), text),
      },
    });
    let theme: ThemeChoice = 'system';
    setMenu = (): void => {
      Menu.setApplicationMenu(
        Menu.buildFromTemplate(
          menuTemplate({
            platform: process.platform,
            packaged: app.isPackaged,
            lessons: LESSONS.map((lesson) => ({ id: lesson.id, title: lesson.title })),
            presentation: memory.presentation(),
            theme,
            send,
            setPresentation: (on) => memory.setPresentation(on),
            sharing: classShare.current() !== null,
            setSharing: (on) => {
              void classShare.set(on).then((answer) => {
                // The checkbox flipped itself: put it back to what is true, and say why.
                setMenu();
                if (!answer.ok) void dialog.showMessageBox({ type: 'warning', message: answer.error });
              });
            },
            setTheme: (choice) => {
              theme = choice;
              // The page's prefers-color-scheme follows; the page's own theme is the page's.
              nativeTheme.themeSource = choice;
            },
            showAbout: () => {
              const box = aboutBox({
                lanes: app.getVersion(),
                electron: process.versions.electron ?? '?',
                chrome: process.versions.chrome ?? '?',
                node: process.versions.node,
                python: findPython().version,
              });
              const parent = liveWindow();
              void (parent ? dialog.showMessageBox(parent, box) : dialog.showMessageBox(box));
            },
          }),
        ),
      );
    };
    setMenu();
    await pythonKnown;
    window = openWindow(engine, memory, resources.icon, {
      pageReady: () => {
        launched.pageReady();
        if (memory.presentation()) send({ kind: 'presentation', on: true });
        // A reloaded page learns the class is still following.
        const share = classShare.current();
        if (share) send({ kind: 'share', share });
      },
      pageLoading: () => launched.pageLoading(),
    });
    window.on('closed', () => {
      window = null;
    });
  });
}

function openWindow(
  engine: Session,
  memory: ReturnType<typeof createWindowMemory>,
  icon: string,
  page: { pageReady(): void; pageLoading(): void },
): BrowserWindow {
  const { placement } = memory;
  const win = createMainWindow({ preload: join(__dirname, '../preload/index.cjs'), bounds: placement.bounds, icon });
  if (placement.maximized) win.maximize();
  if (placement.fullScreen) win.setFullScreen(true);
  memory.track(win);
  const contents = win.webContents;
  const bridge = bridgeEvents(engine, contents);
  contents.on('did-start-loading', () => {
    bridge.pageLoading();
    page.pageLoading();
  });
  contents.on('did-finish-load', () => {
    bridge.pageReady();
    page.pageReady();
  });
  win.on('closed', () => bridge.close());
  win.loadURL(devServerUrl ?? APP_INDEX_URL).catch((error: unknown) => {
    console.error(`[lanes] could not load the window: ${error instanceof Error ? error.message : String(error)}`);
  });
  return win;
}
