// Keyboard shortcuts for the room: Escape stops a run wherever focus is; R runs, S stops, L runs
// the chosen lesson and 1–6 switch the view, except while typing (a text or number field, the
// code editor), where those keys are text. In a menu, a checkbox or on a button they work, and
// never change the control. P, ?, B and . and a clicker's PageDown/PageUp come from the one key
// table (src/core/shortcuts.ts); the clicker's keys work in a one-line field too (they move
// nothing there), not in the code editor. Runs in the renderer; pure, App.svelte feeds it keydown events.

import { pageKeyValue, shortcutKeys, type ShortcutId } from '../../../core/shortcuts';

/** How many views the switcher offers (keys 1 … VIEW_COUNT). */
export const VIEW_COUNT = 6;

export type ShortcutAction =
  'run' | 'stop' | 'lesson' | 'presentation' | 'shortcuts' | 'blank' | 'next-part' | 'previous-part' | { view: number };

/** The page's actions whose keys it reads from the table (bare keys: the same on every platform). */
const FROM_TABLE: readonly (readonly [ShortcutId, ShortcutAction])[] = [
  ['presentation', 'presentation'],
  ['shortcuts', 'shortcuts'],
  ['blank', 'blank'],
  ['nextPart', 'next-part'],
  ['previousPart', 'previous-part'],
];

function tableAction(key: string, ids: readonly ShortcutId[]): ShortcutAction | null {
  for (const [id, action] of FROM_TABLE) {
    if (!ids.includes(id)) continue;
    if (shortcutKeys(id, 'linux').some((accelerator) => pageKeyValue(accelerator) === key)) return action;
  }
  return null;
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** Tag name of the focused element (event target), upper case as the DOM gives it. */
  targetTag: string;
  /** The focused input's type ('' for anything else). */
  targetType: string;
  targetEditable: boolean;
}

/** Inputs that are pressed or picked, not typed into: keys there are shortcuts. */
const UNTYPED_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/** Whether keys go into the focused element as text. */
export function isTyping(event: Pick<KeyLike, 'targetTag' | 'targetType' | 'targetEditable'>): boolean {
  if (event.targetEditable || event.targetTag === 'TEXTAREA') return true;
  return event.targetTag === 'INPUT' && !UNTYPED_INPUTS.has(event.targetType.toLowerCase());
}

/**
 * A keydown as the rules here read it: the key, its modifiers and what it was typed into. The
 * one place that decides which focused elements take keys as text (App's shortcuts, the lanes'
 * F); read structurally, so it needs no DOM classes.
 */
export function keyLike(event: Pick<KeyLike, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'> & { target: unknown }): KeyLike {
  const target = event.target as { tagName?: unknown; type?: unknown; isContentEditable?: unknown } | null;
  const targetTag = typeof target?.tagName === 'string' ? target.tagName : '';
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    targetTag,
    targetType: targetTag === 'INPUT' && typeof target?.type === 'string' ? target.type : '',
    targetEditable: target?.isContentEditable === true,
  };
}

export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === 'Escape') return 'stop';
  const editing = event.targetEditable || event.targetTag === 'TEXTAREA';
  const clicker = editing ? null : tableAction(event.key, ['nextPart', 'previousPart']);
  if (clicker) return clicker;
  if (isTyping(event)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const fromTable = tableAction(key, ['presentation', 'shortcuts', 'blank']);
  if (fromTable) return fromTable;
  if (key === 'r') return 'run';
  if (key === 's') return 'stop';
  if (key === 'l') return 'lesson';
  if (/^[1-9]$/.test(key) && Number(key) <= VIEW_COUNT) return { view: Number(key) };
  return null;
}

/** The shortcuts as shown next to the buttons and announced via aria-keyshortcuts. */
export const SHORTCUT_HINTS: Record<'run' | 'stop' | 'lesson', { keys: string; aria: string }> = {
  run: { keys: 'R', aria: 'R' },
  stop: { keys: 'S / Esc', aria: 'S Escape' },
  lesson: { keys: 'L', aria: 'L' },
};
