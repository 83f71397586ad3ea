// Keeps window-state.ts's record up to date for the one window: reads it once at start, saves a
// moment after the window stops moving or resizing, and once more, synchronously, as it closes.
// Runs in Electron main; index.ts gives it the window, the screen and the file.

import {
  displayKey,
  parseWindowState,
  placeWindow,
  rememberDisplay,
  type DisplayLike,
  type Placement,
  type Rect,
  type WindowState,
} from './window-state';

/** Saves wait this long after the last move or resize: a drag is one save, not a hundred. */
export const SAVE_DELAY_MS = 500;

/** The parts of a BrowserWindow the memory reads and listens to. */
export interface TrackedWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isFullScreen(): boolean;
  on(
    event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'enter-full-screen' | 'leave-full-screen' | 'close',
    listener: () => void,
  ): unknown;
}

/** The parts of Electron's screen module used. */
export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
  getPrimaryDisplay(): DisplayLike;
  getDisplayMatching(rect: Rect): DisplayLike;
}

/** Where the state lives; read and write failures are the caller's to swallow (see below). */
export interface StateFile {
  read(): string | null;
  write(text: string): Promise<void>;
  writeSync(text: string): void;
}

export interface WindowMemory {
  /** Where to open the window, from what was saved. */
  readonly placement: Placement;
  /** Presentation mode as last saved or set. */
  presentation(): boolean;
  setPresentation(on: boolean): void;
  /** Follow a window: save its state as it changes, and as it closes. */
  track(window: TrackedWindow): void;
}

/** Reads the saved state once and places the window; track() then keeps the file up to date. */
export function createWindowMemory(options: {
  file: StateFile;
  screen: ScreenLike;
  saveDelayMs?: number;
  /** Told when a save fails (the app carries on: the state is a convenience). */
  onError?: (message: string) => void;
}): WindowMemory {
  const { file, screen } = options;
  const report = options.onError ?? ((message: string) => console.warn(`[lanes] ${message}`));
  let text: string | null;
  try {
    text = file.read();
  } catch {
    text = null; // missing or unreadable counts as absent
  }
  let state: WindowState = parseWindowState(text);
  const placement = placeWindow(state, screen.getAllDisplays(), screen.getPrimaryDisplay());
  let presentation = placement.presentation;
  let tracked: TrackedWindow | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const snapshot = (): void => {
    if (!tracked) return;
    const bounds = tracked.getNormalBounds();
    const display = displayKey(screen.getDisplayMatching(bounds));
    state = rememberDisplay(state, display, {
      bounds: {
        x: Math.round(bounds.x),
        y: Math.round(bounds.y),
        width: Math.round(bounds.width),
        height: Math.round(bounds.height),
      },
      maximized: tracked.isMaximized(),
      fullScreen: tracked.isFullScreen(),
      presentation,
    });
  };
  const saveSoon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      snapshot();
      file
        .write(JSON.stringify(state))
        .catch((error: unknown) => report(`could not save the window's state: ${String(error)}`));
    }, options.saveDelayMs ?? SAVE_DELAY_MS);
  };

  return {
    placement,
    presentation: () => presentation,
    setPresentation(on) {
      presentation = on;
      saveSoon();
    },
    track(window) {
      tracked = window;
      for (const event of [
        'resize',
        'move',
        'maximize',
        'unmaximize',
        'enter-full-screen',
        'leave-full-screen',
      ] as const) {
        window.on(event, saveSoon);
      }
      window.on('close', () => {
        if (timer) clearTimeout(timer);
        timer = null;
        snapshot();
        try {
          file.writeSync(JSON.stringify(state));
        } catch (error) {
          report(`could not save the window's state: ${String(error)}`);
        }
        tracked = null;
      });
    },
  };
}
