// Keyboard shortcuts for the room: R runs, S or Escape stops, 1–6 switch the view, unless focus
// is somewhere typing or choosing (a text field, a spinbutton, a combobox) where those keys mean
// something else. Runs in the renderer; pure, App.svelte feeds it keydown events.

/** How many views the switcher offers (keys 1 … VIEW_COUNT). */
export const VIEW_COUNT = 6;

export type ShortcutAction = 'run' | 'stop' | { view: number };

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
  if (/^[1-9]$/.test(key) && Number(key) <= VIEW_COUNT) return { view: Number(key) };
  return null;
}

/** The shortcuts as shown next to the buttons and announced via aria-keyshortcuts. */
export const SHORTCUT_HINTS: Record<'run' | 'stop', { keys: string; aria: string }> = {
  run: { keys: 'R', aria: 'R' },
  stop: { keys: 'S / Esc', aria: 'S Escape' },
};
