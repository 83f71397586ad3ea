// The app's keyboard shortcuts, in one table: Electron main builds the menu's accelerators from
// it, the renderer's key handling and the shortcut list read the same keys. Runs anywhere (pure).
// Keys are written as Electron accelerators ('CmdOrCtrl+O', 'R', 'Escape', '?').

/** Everything a shortcut can do. */
export type ShortcutId =
  | 'run'
  | 'stop'
  | 'openTrace'
  | 'saveTrace'
  | 'exportPicture'
  | 'exportVideo'
  | 'presentation'
  | 'fullScreen'
  | 'zoomIn'
  | 'zoomOut'
  | 'zoomReset'
  | 'shortcuts'
  | 'quit'
  | 'runLesson'
  | 'playPause'
  | 'stepBack'
  | 'stepForward'
  | 'printBack'
  | 'printForward'
  | 'playheadStart'
  | 'playheadEnd'
  | 'backToLive'
  | 'views'
  | 'nextPart'
  | 'previousPart'
  | 'blank';

export interface Shortcut {
  /** What it does, in the menu and the shortcut list. */
  label: string;
  /** The keys, first one shown; per platform where the platforms' conventions differ. */
  keys: readonly string[] | { readonly darwin: readonly string[]; readonly other: readonly string[] };
  /** What else to know about it, in the shortcut list (not the menu). */
  note?: string;
}

/**
 * A bare key (R, S, Escape, P, ?) belongs to the page, which ignores it while focus is in a text
 * field; a menu must never claim one (macOS matches menu key equivalents before the text field
 * sees the key, so the learner could not type an "r" in the code editor). A chord with Ctrl, Cmd
 * or Alt, or a function key, is the menu's.
 */
export const SHORTCUTS: Readonly<Record<ShortcutId, Shortcut>> = {
  run: { label: 'Run', keys: ['R'] },
  stop: { label: 'Stop', keys: ['S', 'Escape'] },
  openTrace: { label: 'Open trace…', keys: ['CmdOrCtrl+O'] },
  saveTrace: { label: 'Save trace…', keys: ['CmdOrCtrl+S'] },
  exportPicture: { label: 'Export picture…', keys: ['CmdOrCtrl+E'] },
  exportVideo: { label: 'Export video…', keys: ['CmdOrCtrl+Shift+E'] },
  presentation: { label: 'Presentation mode', keys: ['P'], note: 'Esc leaves it when no run is going' },
  // Each platform's own full-screen key, as Electron's togglefullscreen role uses it.
  fullScreen: { label: 'Full screen', keys: { darwin: ['Ctrl+Cmd+F'], other: ['F11'] } },
  zoomIn: { label: 'Zoom in', keys: ['CmdOrCtrl+Plus', 'CmdOrCtrl+='] },
  zoomOut: { label: 'Zoom out', keys: ['CmdOrCtrl+-'] },
  zoomReset: { label: 'Actual size', keys: ['CmdOrCtrl+0'] },
  shortcuts: { label: 'Keyboard shortcuts', keys: ['?'] },
  quit: { label: 'Quit Lanes', keys: { darwin: ['Cmd+Q'], other: ['Ctrl+Q'] } },
  runLesson: { label: 'Run the lesson', keys: ['C'] },
  // The playhead (replay): the page's keys, outside text fields and the controls that use them.
  playPause: { label: 'Play / Pause', keys: ['Space'] },
  stepBack: { label: 'Step back (previous event)', keys: ['Left'] },
  stepForward: { label: 'Step forward (next event)', keys: ['Right'] },
  printBack: { label: 'Previous print', keys: ['Shift+Left'] },
  printForward: { label: 'Next print', keys: ['Shift+Right'] },
  playheadStart: { label: 'To the start', keys: ['Home'] },
  playheadEnd: { label: 'To the end', keys: ['End'] },
  backToLive: { label: 'Back to live', keys: ['L'] },
  views: { label: 'Views: All, Tasks, Cores, Results, Compare, Code', keys: ['1', '2', '3', '4', '5', '6'] },
  // What a presentation clicker sends.
  nextPart: {
    label: 'Next part of the lesson',
    keys: ['PageDown'],
    note: 'question, prediction, each run, caption; within a finished run, the next event',
  },
  previousPart: { label: 'Previous part of the lesson', keys: ['PageUp'] },
  blank: { label: 'Blank the screen', keys: ['B', '.'], note: 'any key or click brings it back' },
};

/** Modifiers of Electron's accelerator syntax. */
const MODIFIERS = new Set([
  'Command',
  'Cmd',
  'Control',
  'Ctrl',
  'CommandOrControl',
  'CmdOrCtrl',
  'Alt',
  'Option',
  'AltGr',
  'Shift',
  'Super',
  'Meta',
]);

/** A shortcut's keys on `platform` (a Node platform name: 'darwin', 'linux', 'win32', …). */
export function shortcutKeys(id: ShortcutId, platform: string): readonly string[] {
  const keys = SHORTCUTS[id].keys;
  return 'darwin' in keys ? (platform === 'darwin' ? keys.darwin : keys.other) : keys;
}

/** Whether an accelerator is a key the page handles: no Ctrl/Cmd/Alt (Shift only makes a character) and no function key. */
export function isPageKey(accelerator: string): boolean {
  const parts = accelerator === '+' ? ['+'] : accelerator.split('+');
  const key = parts.at(-1) ?? '';
  const modifiers = parts.slice(0, -1);
  if (modifiers.some((modifier) => modifier !== 'Shift')) return false;
  return !/^F([1-9]|1[0-9]|2[0-4])$/.test(key);
}

/** Whether every part of an accelerator is one Electron's syntax knows (a modifier, then one key). */
export function isAccelerator(accelerator: string): boolean {
  const parts = accelerator.split('+');
  const key = parts.at(-1) ?? '';
  const modifiersOk = parts.slice(0, -1).every((part) => MODIFIERS.has(part));
  const keyOk =
    /^([A-Z0-9]|F([1-9]|1[0-9]|2[0-4])|Plus|Space|Tab|Backspace|Delete|Insert|Return|Enter|Up|Down|Left|Right|Home|End|PageUp|PageDown|Escape|Esc)$/.test(
      key,
    ) || /^[)!@#$%^&*(:;=<,_\-.>?/~`{}[\]|\\"']$/.test(key);
  return modifiersOk && keyOk;
}

/**
 * The KeyboardEvent.key a page key produces ('R' → 'r', 'Escape' → 'Escape', '?' → '?'), or
 * null for a chord the page does not see as a plain key.
 */
export function pageKeyValue(accelerator: string): string | null {
  if (!isPageKey(accelerator)) return null;
  const key = accelerator.split('+').at(-1) ?? '';
  if (/^[A-Z]$/.test(key)) return key.toLowerCase();
  if (key === 'Esc') return 'Escape';
  if (key === 'Space') return ' ';
  if (key === 'Left' || key === 'Right' || key === 'Up' || key === 'Down') return `Arrow${key}`;
  return key;
}

/** How a key is written for people: ⌘ and ⌥ on macOS, Ctrl and Alt elsewhere; Esc for Escape. */
export function displayKey(accelerator: string, platform: string): string {
  const mac = platform === 'darwin';
  const words: Record<string, string> = mac
    ? {
        CmdOrCtrl: '⌘',
        CommandOrControl: '⌘',
        Cmd: '⌘',
        Command: '⌘',
        Ctrl: '⌃',
        Control: '⌃',
        Alt: '⌥',
        Option: '⌥',
        Shift: '⇧',
      }
    : { CmdOrCtrl: 'Ctrl', CommandOrControl: 'Ctrl', Cmd: 'Super', Command: 'Super', Control: 'Ctrl', Option: 'Alt' };
  const keys: Record<string, string> = { Escape: 'Esc', Plus: '+' };
  const parts = accelerator
    .split('+')
    .map((part, index, all) => (index < all.length - 1 ? (words[part] ?? part) : (keys[part] ?? part)));
  return parts.join(mac ? '' : '+');
}
