// The window's size, position, maximised, full-screen and presentation state, remembered per
// display (a laptop screen and a classroom projector each get their own) in a small JSON file in
// the app's data folder. Runs in Electron main; pure except for the store at the end. A corrupt or
// foreign file is ignored (the window opens at its default), never fatal.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a display tells us (Electron's Display, the parts used). */
export interface DisplayLike {
  bounds: Rect;
  workArea: Rect;
  scaleFactor: number;
}

export interface DisplayState {
  /** The window's normal (not maximised) bounds on this display. */
  bounds: Rect;
  maximized: boolean;
  fullScreen: boolean;
  presentation: boolean;
}

export interface WindowState {
  version: 1;
  /** Key of the display the window was last on. */
  last: string | null;
  displays: Record<string, DisplayState>;
}

/** The layout needs this much; BrowserWindow gets it as its minimum too. */
export const MIN_WINDOW = { width: 1024, height: 640 } as const;
/** Comfortable on a 1080p projector at 100 % zoom. */
export const DEFAULT_WINDOW = { width: 1440, height: 900 } as const;
/** Displays remembered; the least recently used go first (a teacher meets many projectors). */
export const MAX_DISPLAYS = 16;
/** Larger than any display a window could sensibly span; bounds past it are not ours. */
const MAX_COORDINATE = 100_000;

export const EMPTY_STATE: WindowState = { version: 1, last: null, displays: {} };

/**
 * A display's identity across runs: its position and size in the desktop's layout and its
 * scale. Display ids are not stable across reboots on every system; these are.
 */
export function displayKey(display: DisplayLike): string {
  const { x, y, width, height } = display.bounds;
  return `${width}x${height}@${display.scaleFactor}+${x}+${y}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRect(value: unknown): value is Rect {
  if (!isRecord(value)) return false;
  const coordinate = (n: unknown): boolean => Number.isInteger(n) && Math.abs(n as number) <= MAX_COORDINATE;
  const size = (n: unknown): boolean => Number.isInteger(n) && (n as number) > 0 && (n as number) <= MAX_COORDINATE;
  return coordinate(value.x) && coordinate(value.y) && size(value.width) && size(value.height);
}

function parseDisplayState(value: unknown): DisplayState | null {
  if (!isRecord(value) || !isRect(value.bounds)) return null;
  const { maximized, fullScreen, presentation } = value;
  if (typeof maximized !== 'boolean' || typeof fullScreen !== 'boolean' || typeof presentation !== 'boolean') {
    return null;
  }
  const { x, y, width, height } = value.bounds;
  return { bounds: { x, y, width, height }, maximized, fullScreen, presentation };
}

/**
 * The saved state from the file's text. Anything malformed — not JSON, another version, a
 * wrong field — gives the empty state: a bad file costs the user their window position, nothing
 * more. Entries that are individually malformed are dropped, the rest kept.
 */
export function parseWindowState(text: string | null): WindowState {
  if (text === null) return EMPTY_STATE;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return EMPTY_STATE;
  }
  if (!isRecord(data) || data.version !== 1 || !isRecord(data.displays)) return EMPTY_STATE;
  const displays: Record<string, DisplayState> = {};
  for (const [key, entry] of Object.entries(data.displays).slice(0, MAX_DISPLAYS)) {
    const parsed = parseDisplayState(entry);
    if (parsed && key.length <= 100) displays[key] = parsed;
  }
  const last = typeof data.last === 'string' && data.last in displays ? data.last : null;
  return { version: 1, last, displays };
}

/** Clamps a size to [minimum, the work area] and moves the rectangle fully into the work area. */
export function fitInto(bounds: Rect, area: Rect): Rect {
  const width = Math.max(Math.min(bounds.width, area.width), Math.min(MIN_WINDOW.width, area.width));
  const height = Math.max(Math.min(bounds.height, area.height), Math.min(MIN_WINDOW.height, area.height));
  const x = Math.min(Math.max(bounds.x, area.x), area.x + area.width - width);
  const y = Math.min(Math.max(bounds.y, area.y), area.y + area.height - height);
  return { x, y, width, height };
}

/** The default window: DEFAULT_WINDOW centred in the work area, shrunk to fit. */
export function defaultBounds(area: Rect): Rect {
  const width = Math.min(DEFAULT_WINDOW.width, area.width);
  const height = Math.min(DEFAULT_WINDOW.height, area.height);
  return fitInto(
    {
      x: area.x + Math.round((area.width - width) / 2),
      y: area.y + Math.round((area.height - height) / 2),
      width,
      height,
    },
    area,
  );
}

export interface Placement extends DisplayState {
  /** The display the window opens on. */
  display: string;
}

/**
 * Where the window opens: on the display it was last on, if that is still connected, with what
 * it had there; else on the primary display, with what it last had there; else at the default.
 * The bounds always fit inside that display's work area (a display may have shrunk).
 */
export function placeWindow(state: WindowState, displays: DisplayLike[], primary: DisplayLike): Placement {
  const connected = new Map(displays.map((display) => [displayKey(display), display]));
  const lastDisplay = state.last !== null ? connected.get(state.last) : undefined;
  const display = lastDisplay ?? primary;
  const key = displayKey(display);
  const saved = state.displays[key];
  if (!saved)
    return {
      display: key,
      bounds: defaultBounds(display.workArea),
      maximized: false,
      fullScreen: false,
      presentation: false,
    };
  return { ...saved, display: key, bounds: fitInto(saved.bounds, display.workArea) };
}

/** The state with `entry` remembered for `display`, most recent first, at most MAX_DISPLAYS kept. */
export function rememberDisplay(state: WindowState, display: string, entry: DisplayState): WindowState {
  const others = Object.entries(state.displays).filter(([key]) => key !== display);
  const displays = Object.fromEntries([[display, entry], ...others].slice(0, MAX_DISPLAYS));
  return { version: 1, last: display, displays };
}
