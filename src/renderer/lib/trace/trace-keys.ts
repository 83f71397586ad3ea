// Open trace and Save trace from the keyboard in a browser (Ctrl+O, Ctrl+S; ⌘ on a Mac), read
// from the one key table the desktop menu is built from (core/shortcuts.ts). In the desktop app
// the menu owns these keys and sends its actions instead. Runs in the renderer; pure.

import { shortcutKeys, type ShortcutId } from '../../../core/shortcuts';

export type TraceShortcut = Extract<ShortcutId, 'openTrace' | 'saveTrace'>;

export interface ChordLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Whether a keydown is exactly `accelerator` (Electron's syntax) on a Mac (`mac`) or elsewhere. */
export function matchesAccelerator(accelerator: string, event: ChordLike, mac: boolean): boolean {
  const parts = accelerator.split('+');
  const key = parts.at(-1) ?? '';
  const want = { ctrl: false, meta: false, alt: false, shift: false };
  for (const modifier of parts.slice(0, -1)) {
    if (modifier === 'CmdOrCtrl' || modifier === 'CommandOrControl') want[mac ? 'meta' : 'ctrl'] = true;
    else if (modifier === 'Cmd' || modifier === 'Command' || modifier === 'Super' || modifier === 'Meta')
      want.meta = true;
    else if (modifier === 'Ctrl' || modifier === 'Control') want.ctrl = true;
    else if (modifier === 'Alt' || modifier === 'Option') want.alt = true;
    else if (modifier === 'Shift') want.shift = true;
    else return false;
  }
  if (
    event.ctrlKey !== want.ctrl ||
    event.metaKey !== want.meta ||
    event.altKey !== want.alt ||
    event.shiftKey !== want.shift
  ) {
    return false;
  }
  return event.key.toLowerCase() === key.toLowerCase();
}

/** Which trace shortcut a keydown is, if any. */
export function traceShortcutFor(event: ChordLike, mac: boolean): TraceShortcut | null {
  const platform = mac ? 'darwin' : 'other';
  for (const id of ['openTrace', 'saveTrace'] as const) {
    if (shortcutKeys(id, platform).some((keys) => matchesAccelerator(keys, event, mac))) return id;
  }
  return null;
}

/** How the page writes a trace shortcut for people: "Ctrl+O", "⌘O". */
export function traceShortcutLabel(id: TraceShortcut, mac: boolean): string {
  const keys = shortcutKeys(id, mac ? 'darwin' : 'other')[0] ?? '';
  return keys.replace(/^CmdOrCtrl\+/, mac ? '⌘' : 'Ctrl+');
}
