// The app's one window, hardened: sandboxed, context-isolated renderer with no Node, no
// navigation away from our page, no new windows, no permissions. Runs in Electron main;
// index.ts creates it and loads the renderer into it.

import { BrowserWindow, type Session } from 'electron';

/**
 * Painted before the page draws, so there is no white flash: the renderer's page background
 * (INK.background in src/renderer/lib/palette.ts; main may not import the renderer).
 */
export const WINDOW_BACKGROUND = '#0d1117';

/** Comfortable on a 1080p projector at 100 % zoom; the layout needs at least the minimum. */
const WINDOW_SIZE = { width: 1440, height: 900, minWidth: 1024, minHeight: 640 } as const;

export interface MainWindowOptions {
  /** The built sandboxed preload (one CommonJS file). */
  preload: string;
  /** Whether a URL is our page; navigation anywhere else is refused. */
  isOurUrl: (url: string) => boolean;
}

/** Creates the hidden main window; it shows itself once its first frame is ready. */
export function createMainWindow({ preload, isOurUrl }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...WINDOW_SIZE,
    title: 'Lanes',
    backgroundColor: WINDOW_BACKGROUND,
    // Shown on ready-to-show so the first thing seen is the app, not an empty frame.
    show: false,
    webPreferences: {
      preload,
      // The renderer is web content: no Node, its own JS world, and Chromium's OS sandbox.
      // These are Electron's defaults, stated so no refactor can silently turn them off.
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      // webSecurity stays at its default (on).
      // A projected or screencast window is often unfocused or covered; it must keep drawing
      // at full rate, or the lesson's live view stutters while the tasks run on.
      backgroundThrottling: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  // The OS window (taskbar, window switcher, screencast title bar) is "Lanes" whatever the page's
  // <title> says; the page title is for the web shell's browser tab.
  win.on('page-title-updated', (event) => event.preventDefault());

  const contents = win.webContents;
  // Security: the page never leaves our origin (a link, a redirect, a drag-and-dropped file).
  contents.on('will-navigate', (event) => {
    if (!isOurUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isOurUrl(event.url)) event.preventDefault();
  });
  // Security: no window.open / target=_blank windows; the app has nothing to open.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[lanes] renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  return win;
}

/**
 * Security: the app needs no camera, microphone, notifications, geolocation, MIDI, … so every
 * permission request from web content in this session is refused.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
