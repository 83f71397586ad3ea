// The one table of keys: every key is an accelerator Electron reads, bare keys are the page's
// (never a menu's), no two actions share a key, and the page's key handling today agrees with
// the table for the actions it has (run and stop).
import { describe, expect, it } from 'vitest';
import {
  SHORTCUTS,
  displayKey,
  isAccelerator,
  isPageKey,
  pageKeyValue,
  shortcutKeys,
  type ShortcutId,
} from '../../../src/core/shortcuts';
import { SHORTCUT_HINTS, shortcutFor } from '../../../src/renderer/lib/controls/shortcuts';

const IDS = Object.keys(SHORTCUTS) as ShortcutId[];
const PLATFORMS = ['linux', 'win32', 'darwin'];

describe('the shortcut table', () => {
  it('holds only accelerators Electron can read', () => {
    for (const platform of PLATFORMS)
      for (const id of IDS)
        for (const key of shortcutKeys(id, platform)) expect(isAccelerator(key), `${id}: ${key}`).toBe(true);
  });

  it('gives no key to two actions on the same platform', () => {
    for (const platform of PLATFORMS) {
      const keys = IDS.flatMap((id) => shortcutKeys(id, platform));
      expect(new Set(keys).size, platform).toBe(keys.length);
    }
  });

  it('tells a page key from a chord', () => {
    expect(['R', 'S', 'Escape', 'P', '?', 'Shift+/'].map(isPageKey)).toEqual([true, true, true, true, true, true]);
    expect(['CmdOrCtrl+O', 'Ctrl+Cmd+F', 'F11', 'Alt+R', 'CmdOrCtrl+Shift+E'].map(isPageKey)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isAccelerator('Ctrl+Hyper+R')).toBe(false);
  });

  it("uses each platform's own full-screen and quit keys", () => {
    expect(shortcutKeys('fullScreen', 'darwin')).toEqual(['Ctrl+Cmd+F']);
    expect(shortcutKeys('fullScreen', 'linux')).toEqual(['F11']);
    expect(shortcutKeys('quit', 'win32')).toEqual(['Ctrl+Q']);
  });

  it('writes keys for people the way each platform does', () => {
    expect(displayKey('CmdOrCtrl+Shift+E', 'darwin')).toBe('⌘⇧E');
    expect(displayKey('CmdOrCtrl+Shift+E', 'linux')).toBe('Ctrl+Shift+E');
    expect(displayKey('Escape', 'win32')).toBe('Esc');
    expect(displayKey('CmdOrCtrl+Plus', 'linux')).toBe('Ctrl++');
  });
});

describe("the page's keys today", () => {
  const base = (key: string, target = 'BODY') => ({
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    targetTag: target,
    targetType: '',
    targetEditable: false,
  });
  const press = (key: string, target = 'BODY') => shortcutFor(base(key, target));

  it('run and stop on exactly the keys the table gives them', () => {
    for (const [id, action] of [
      ['run', 'run'],
      ['stop', 'stop'],
    ] as const) {
      for (const accelerator of shortcutKeys(id, 'linux')) {
        const value = pageKeyValue(accelerator)!;
        expect(press(value), `${id}: ${accelerator}`).toBe(action);
        // Upper case too, as the page lower-cases letters (Caps Lock on).
        if (value.length === 1) expect(press(value.toUpperCase())).toBe(action);
        // Never while typing, except Escape: it stops a run wherever focus is.
        expect(press(value, 'TEXTAREA')).toBe(value === 'Escape' ? 'stop' : null);
      }
    }
  });

  it("move the playhead on exactly the table's keys", () => {
    const actions = [
      'playPause',
      'stepBack',
      'stepForward',
      'printBack',
      'printForward',
      'playheadStart',
      'playheadEnd',
      'backToLive',
    ] as const;
    for (const id of actions) {
      for (const accelerator of shortcutKeys(id, 'linux')) {
        expect(isPageKey(accelerator), accelerator).toBe(true);
        const value = pageKeyValue(accelerator)!;
        const shiftKey = accelerator.startsWith('Shift+');
        expect(shortcutFor({ ...base(value), shiftKey }), `${id}: ${accelerator}`).toBe(id);
        expect(shortcutFor({ ...base(value), shiftKey, targetTag: 'TEXTAREA' })).toBeNull();
      }
    }
    expect(press(pageKeyValue(shortcutKeys('runLesson', 'linux')[0]!)!)).toBe('lesson');
  });

  it("show the table's keys beside the buttons", () => {
    expect(SHORTCUT_HINTS.run.aria).toBe(shortcutKeys('run', 'linux').join(' '));
    expect(SHORTCUT_HINTS.stop.aria).toBe(shortcutKeys('stop', 'linux').join(' '));
    expect(SHORTCUT_HINTS.lesson.aria).toBe(shortcutKeys('runLesson', 'linux').join(' '));
  });

  it("act on the table's keys for presentation, the shortcut list, blanking and the clicker", () => {
    for (const [id, action] of [
      ['presentation', 'presentation'],
      ['shortcuts', 'shortcuts'],
      ['blank', 'blank'],
      ['nextPart', 'next-part'],
      ['previousPart', 'previous-part'],
    ] as const) {
      for (const accelerator of shortcutKeys(id, 'linux')) {
        const value = pageKeyValue(accelerator)!;
        expect(press(value), `${id}: ${accelerator}`).toBe(action);
        if (value.length === 1) expect(press(value.toUpperCase()), `${id}: ${accelerator} with Caps Lock`).toBe(action);
      }
    }
    // Letters are text in a field; a clicker's keys move nothing there, so they still step the lesson.
    expect(press('p', 'INPUT')).toBeNull();
    expect(press('b', 'INPUT')).toBeNull();
    expect(press('PageDown', 'INPUT')).toBe('next-part');
    // In the code editor PageDown/PageUp move the cursor.
    expect(press('PageDown', 'TEXTAREA')).toBeNull();
  });
});
