// Screencast mode's words for a key press: the key as a key cap ("Space", "Ctrl+Enter", "?") and
// what it did, named by the control that announces that key (aria-keyshortcuts: "Pause", "Run")
// or else by the one key table. Runs in the renderer; pure apart from the lookups passed in.

import { SHORTCUTS, pageKeyValue, shortcutKeys, type ShortcutId } from '../../../core/shortcuts';

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'Fn', 'OS']);

/** The key as aria-keyshortcuts writes it ("Control+Enter", "Space", "R", "?"); null for a lone modifier. */
export function keyToken(press: KeyPress): string | null {
  if (MODIFIER_KEYS.has(press.key)) return null;
  const key = press.key === ' ' ? 'Space' : press.key.length === 1 ? press.key.toUpperCase() : press.key;
  const modifiers = [
    press.ctrlKey ? 'Control' : null,
    press.altKey ? 'Alt' : null,
    press.metaKey ? 'Meta' : null,
    // Shift only names itself beside keys that are not characters (Shift+ArrowLeft, not Shift+?).
    press.shiftKey && press.key.length > 1 ? 'Shift' : null,
  ].filter((modifier) => modifier !== null);
  return [...modifiers, key].join('+');
}

/** The key cap's text: "Ctrl+Enter", "Esc", "PgDn". */
export function keyCapText(token: string): string {
  const words: Record<string, string> = {
    Control: 'Ctrl',
    Meta: '⌘',
    Escape: 'Esc',
    PageDown: 'PgDn',
    PageUp: 'PgUp',
    ArrowLeft: '←',
    ArrowRight: '→',
    ArrowUp: '↑',
    ArrowDown: '↓',
  };
  return token
    .split('+')
    .map((part) => words[part] ?? part)
    .join('+');
}

/** What the key table says a bare key does, or null. */
export function tableLabel(press: KeyPress): string | null {
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  for (const id of Object.keys(SHORTCUTS) as ShortcutId[]) {
    if (shortcutKeys(id, 'linux').some((accelerator) => pageKeyValue(accelerator) === key)) return SHORTCUTS[id].label;
  }
  return null;
}

/** Whether `token` is one of an aria-keyshortcuts value's space-separated shortcuts. */
export function announces(ariaKeyShortcuts: string, token: string): boolean {
  const wanted = token.toLowerCase();
  return ariaKeyShortcuts.split(/\s+/).some((shortcut) => shortcut.toLowerCase() === wanted);
}
