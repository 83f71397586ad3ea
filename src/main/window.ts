// The app's one window, hardened: sandboxed, context-isolated renderer with no Node (navigation,
// new windows and permissions are refused for every web contents by security.ts). Runs in
// Electron main; index.ts creates it where window-memory.ts says and loads the renderer into it.

import { BrowserWindow } from 'electron';
import { MIN_WINDOW, type Rect } from './window-state';

/**
 * Painted before the page draws, so there is no white flash: the renderer's page background
 * (INK.background in src/renderer/lib/palette.ts; main may not import the renderer).
 */
export const WINDOW_BACKGROUND = '#0d1117';

export interface MainWindowOptions {
  /** The built sandboxed preload (one CommonJS file). */
  preload: string;
  /** Where the window opens (window-memory.ts); the layout needs at least MIN_WINDOW. */
  bounds: Rect;
  /** The window icon on Linux (Windows and macOS take the packaged app's icon). */
  icon?: string;
}

/** Creates the hidden main window; it shows itself once its first frame is ready. */
export function createMainWindow({ preload, bounds, icon }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    ...(icon !== undefined ? { icon } : {}),
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
      // Security: a middle click on a link fires `auxclick`, which could open what will-navigate
      // and the window-open handler are there to refuse; the page has no use for it.
      disableBlinkFeatures: 'Auxclick',
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
  contents.on('render-process-gone', (_event, details) => {
    console.error(`[lanes] renderer process gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  return win;
}
