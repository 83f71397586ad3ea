// Keyboard shortcuts for the room: R runs, S or Escape stops, unless focus is somewhere typing
// or choosing (a text field, a spinbutton, a combobox) where those keys mean something else.
// Runs in the renderer; pure, App.svelte feeds it keydown events.

export type ShortcutAction = 'run' | 'stop';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag name of the focused element (event target), upper case as the DOM gives it. */
  targetTag: string;
  targetEditable: boolean;
}

/** Controls where letters and Escape belong to the control itself. */
const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (TYPING_TAGS.has(event.targetTag) || event.targetEditable) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key === 'r') return 'run';
  if (key === 's' || key === 'Escape') return 'stop';
  return null;
}

/** The shortcuts as shown next to the buttons and announced via aria-keyshortcuts. */
export const SHORTCUT_HINTS: Record<ShortcutAction, { keys: string; aria: string }> = {
  run: { keys: 'R', aria: 'R' },
  stop: { keys: 'S / Esc', aria: 'S Escape' },
};
