// Keyboard shortcuts for the room: Escape stops a run wherever focus is; R runs, S stops, C runs
// the chosen lesson, 1–6 switch the view, and the playhead's keys (src/core/shortcuts.ts: Space,
// ← →, Shift+← →, Home, End, L) replay, except while typing (a text or number field, the code
// editor), where those keys are text. In a menu, a checkbox or on a button the letters work, and
// never change the control; keys a control uses itself (Space on a button, arrows in a menu, a
// slider or tabs) stay the control's. P, ?, B and . and a clicker's PageDown/PageUp come from the table too; the clicker's keys work
// in a one-line field (they move nothing there), not in the code editor. Runs in the renderer;
// pure, App.svelte feeds it keydown events.

import { SHORTCUTS, pageKeyValue, shortcutKeys, type ShortcutId } from '../../../core/shortcuts';

/** How many views the switcher offers (keys 1 … VIEW_COUNT). */
export const VIEW_COUNT = 6;

/** What the playhead's keys do (the ids of src/core/shortcuts.ts). */
export const PLAYHEAD_ACTIONS = [
  'playPause',
  'stepBack',
  'stepForward',
  'printBack',
  'printForward',
  'playheadStart',
  'playheadEnd',
  'backToLive',
] as const satisfies readonly ShortcutId[];
export type PlayheadAction = (typeof PLAYHEAD_ACTIONS)[number];

export type ShortcutAction =
  | 'run'
  | 'stop'
  | 'lesson'
  | 'presentation'
  | 'shortcuts'
  | 'blank'
  | 'next-part'
  | 'previous-part'
  | PlayheadAction
  | { view: number };

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
  /** Shift held (told apart only for keys that are not characters: Shift+← is not ←). */
  shiftKey?: boolean;
  /** The focused element's ARIA role ('' for none). */
  targetRole?: string;
  /** The focused element is a region that scrolls (arrows, Home and End scroll it). */
  targetScrolls?: boolean;
  /** The focused element is inside a region that scrolls (Home, End and the paging keys scroll it). */
  insideScroller?: boolean;
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
export function keyLike(
  event: Pick<KeyLike, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'> & { shiftKey?: boolean; target: unknown },
): KeyLike {
  const target = event.target as {
    tagName?: unknown;
    type?: unknown;
    isContentEditable?: unknown;
    getAttribute?: (name: string) => string | null;
    scrollHeight?: unknown;
    clientHeight?: unknown;
    scrollWidth?: unknown;
    clientWidth?: unknown;
  } | null;
  const targetTag = typeof target?.tagName === 'string' ? target.tagName : '';
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    shiftKey: event.shiftKey === true,
    targetRole: typeof target?.getAttribute === 'function' ? (target.getAttribute('role') ?? '') : '',
    targetScrolls: targetTag !== 'BODY' && targetTag !== 'HTML' && scrolls(target),
    insideScroller: insideScroller(target),
    targetTag,
    targetType: targetTag === 'INPUT' && typeof target?.type === 'string' ? target.type : '',
    targetEditable: target?.isContentEditable === true,
  };
}

/** Whether an element's content is larger than its box (a region the keys scroll). */
function scrolls(
  target: { scrollHeight?: unknown; clientHeight?: unknown; scrollWidth?: unknown; clientWidth?: unknown } | null,
): boolean {
  const over = (size: unknown, box: unknown): boolean =>
    typeof size === 'number' && typeof box === 'number' && size > box + 1;
  return over(target?.scrollHeight, target?.clientHeight) || over(target?.scrollWidth, target?.clientWidth);
}

/** How far up from the focused element a scrolling region is looked for. */
const SCROLLER_DEPTH = 40;

/**
 * Whether the focused element sits in a region that scrolls by the keyboard (overflow auto or
 * scroll, with more content than room): there Home, End, PageUp and PageDown scroll it, as a
 * browser does, instead of moving the playhead or the lesson.
 */
function insideScroller(target: unknown): boolean {
  type Node = { parentElement?: unknown; tagName?: unknown } & Parameters<typeof scrolls>[0];
  let node = (target as Node | null)?.parentElement as Node | null | undefined;
  for (let depth = 0; node && depth < SCROLLER_DEPTH; depth++) {
    if (node.tagName === 'BODY' || node.tagName === 'HTML') return false;
    if (scrolls(node) && overflowScrolls(node)) return true;
    node = node.parentElement as Node | null | undefined;
  }
  return false;
}

/** Whether an element's overflow lets the user scroll it (in a page; elsewhere, as if it did). */
function overflowScrolls(node: unknown): boolean {
  const computed = (globalThis as { getComputedStyle?: (node: unknown) => { overflowX: string; overflowY: string } })
    .getComputedStyle;
  if (typeof computed !== 'function') return true;
  const style = computed(node);
  return /auto|scroll/.test(style.overflowY) || /auto|scroll/.test(style.overflowX);
}

/** Elements that press on Space: there Space is theirs, not Play/Pause. */
const SPACE_TAGS = new Set(['BUTTON', 'SELECT', 'INPUT', 'A', 'SUMMARY']);
const SPACE_ROLES = new Set(['button', 'tab', 'checkbox', 'switch', 'menuitem', 'option', 'link']);
/** Elements that move on arrows, Home and End: there those keys are theirs. */
const ARROW_TAGS = new Set(['SELECT', 'INPUT']);
const ARROW_ROLES = new Set([
  'tab',
  'slider',
  'listbox',
  'menu',
  'menubar',
  'radiogroup',
  'application',
  'grid',
  'log',
]);

/** A table accelerator ('Shift+Left', 'Space', 'L') as the key event it matches. */
function pageKey(accelerator: string): { key: string; shift: boolean } {
  const parts = accelerator.split('+');
  const key = parts.at(-1) ?? '';
  const value = /^[A-Z]$/.test(key)
    ? key.toLowerCase()
    : key === 'Space'
      ? ' '
      : /^(Left|Right|Up|Down)$/.test(key)
        ? `Arrow${key}`
        : key;
  return { key: value, shift: parts.includes('Shift') };
}

const PLAYHEAD_KEYS = PLAYHEAD_ACTIONS.flatMap((action) =>
  (SHORTCUTS[action].keys as readonly string[]).map((accelerator) => ({ action, ...pageKey(accelerator) })),
);
const LESSON_KEYS = (SHORTCUTS.runLesson.keys as readonly string[]).map((accelerator) => pageKey(accelerator).key);

/** Focus is on a control or region that moves with arrows and paging keys (a menu, a slider, tabs, a scrolling box). */
function usesArrows(event: KeyLike): boolean {
  return ARROW_TAGS.has(event.targetTag) || ARROW_ROLES.has(event.targetRole ?? '') || event.targetScrolls === true;
}

/** Home, End and the paging keys: a scrolling region around the focus scrolls on them. */
const PAGING_KEYS = new Set(['Home', 'End', 'PageUp', 'PageDown']);

/** Focus is where a paging key pages: a slider or a list, or inside a region that scrolls. */
function pages(event: KeyLike): boolean {
  const control =
    event.targetTag === 'SELECT' || event.targetType === 'range' || ARROW_ROLES.has(event.targetRole ?? '');
  return control || event.targetScrolls === true || event.insideScroller === true;
}

function playheadKey(event: KeyLike, key: string): PlayheadAction | null {
  const letter = key.length === 1 && key !== ' ';
  const found = PLAYHEAD_KEYS.find(
    (entry) => entry.key === key && (letter || entry.shift === (event.shiftKey ?? false)),
  );
  if (!found) return null;
  const role = event.targetRole ?? '';
  if (key === ' ' && (SPACE_TAGS.has(event.targetTag) || SPACE_ROLES.has(role))) return null;
  if (!letter && key !== ' ' && usesArrows(event)) return null;
  if (PAGING_KEYS.has(key) && pages(event)) return null;
  return found.action;
}

export function shortcutFor(event: KeyLike): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (event.key === 'Escape') return 'stop';
  const editing = event.targetEditable || event.targetTag === 'TEXTAREA';
  // A clicker's PageDown/PageUp, unless focus is where those keys page (a scrolling region the
  // keyboard user scrolls, a slider, a list).
  const clicker = editing || pages(event) ? null : tableAction(event.key, ['nextPart', 'previousPart']);
  if (clicker) return clicker;
  if (isTyping(event)) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const fromTable = tableAction(key, ['presentation', 'shortcuts', 'blank']);
  if (fromTable) return fromTable;
  if (key === 'r') return 'run';
  if (key === 's') return 'stop';
  if (LESSON_KEYS.includes(key)) return 'lesson';
  if (/^[1-9]$/.test(key) && Number(key) <= VIEW_COUNT) return { view: Number(key) };
  return playheadKey(event, key);
}

/** The shortcuts as shown next to the buttons and announced via aria-keyshortcuts. */
export const SHORTCUT_HINTS: Record<'run' | 'stop' | 'lesson', { keys: string; aria: string }> = {
  run: { keys: 'R', aria: 'R' },
  stop: { keys: 'S / Esc', aria: 'S Escape' },
  lesson: { keys: 'C', aria: 'C' },
};
