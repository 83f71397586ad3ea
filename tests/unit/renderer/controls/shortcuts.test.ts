import { describe, expect, it } from 'vitest';
import { isTyping, keyLike, shortcutFor, type KeyLike } from '../../../../src/renderer/lib/controls/shortcuts';

const key = (overrides: Partial<KeyLike>): KeyLike => ({
  key: 'r',
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetType: '',
  targetEditable: false,
  ...overrides,
});

describe('shortcuts', () => {
  it('R runs, S and Escape stop, C runs the lesson', () => {
    expect(shortcutFor(key({}))).toBe('run');
    expect(shortcutFor(key({ key: 'R' }))).toBe('run');
    expect(shortcutFor(key({ key: 's' }))).toBe('stop');
    expect(shortcutFor(key({ key: 'Escape', targetTag: 'BUTTON' }))).toBe('stop');
    expect(shortcutFor(key({ key: 'c' }))).toBe('lesson');
    expect(shortcutFor(key({ key: 'x' }))).toBeNull();
  });

  it('moves the playhead: Space, arrows (Shift: prints), Home, End, and L back to live', () => {
    expect(shortcutFor(key({ key: ' ' }))).toBe('playPause');
    expect(shortcutFor(key({ key: 'ArrowLeft' }))).toBe('stepBack');
    expect(shortcutFor(key({ key: 'ArrowRight' }))).toBe('stepForward');
    expect(shortcutFor(key({ key: 'ArrowLeft', shiftKey: true }))).toBe('printBack');
    expect(shortcutFor(key({ key: 'ArrowRight', shiftKey: true }))).toBe('printForward');
    expect(shortcutFor(key({ key: 'Home' }))).toBe('playheadStart');
    expect(shortcutFor(key({ key: 'End' }))).toBe('playheadEnd');
    expect(shortcutFor(key({ key: 'l' }))).toBe('backToLive');
    expect(shortcutFor(key({ key: 'L', shiftKey: true }))).toBe('backToLive');
  });

  it('leaves a control the keys it uses itself, and every key to a text field', () => {
    // Space presses a focused button; arrows move a menu, a slider, tabs or the lanes.
    expect(shortcutFor(key({ key: ' ', targetTag: 'BUTTON' }))).toBeNull();
    expect(shortcutFor(key({ key: ' ', targetTag: 'DIV', targetRole: 'tab' }))).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowLeft', targetTag: 'SELECT' }))).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowRight', targetTag: 'INPUT', targetType: 'range' }))).toBeNull();
    expect(shortcutFor(key({ key: 'Home', targetTag: 'CANVAS', targetRole: 'application' }))).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowLeft', targetTag: 'BUTTON' }))).toBe('stepBack');
    // A focused region that scrolls (Results, the timeline on a short window) scrolls on them.
    expect(shortcutFor(key({ key: 'End', targetTag: 'SECTION', targetScrolls: true }))).toBeNull();
    expect(shortcutFor(key({ key: ' ', targetTag: 'SECTION', targetScrolls: true }))).toBe('playPause');
    // A clicker's paging keys step the lesson, except where they page: a focused scrolling region
    // or a slider.
    expect(shortcutFor(key({ key: 'PageDown', targetTag: 'BODY' }))).toBe('next-part');
    expect(shortcutFor(key({ key: 'PageUp', targetTag: 'BUTTON' }))).toBe('previous-part');
    expect(shortcutFor(key({ key: 'PageDown', targetTag: 'SECTION', targetScrolls: true }))).toBeNull();
    expect(shortcutFor(key({ key: 'PageUp', targetTag: 'INPUT', targetType: 'range' }))).toBeNull();
    // A button inside a scrolling region (the Compare panel on a small window): the paging keys
    // and Home/End scroll the region; the arrows still step the playhead.
    const inside = { targetTag: 'BUTTON', insideScroller: true };
    expect(shortcutFor(key({ key: 'PageDown', ...inside }))).toBeNull();
    expect(shortcutFor(key({ key: 'End', ...inside }))).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowRight', ...inside }))).toBe('stepForward');
    const scroller = { tagName: 'DIV', scrollHeight: 900, clientHeight: 300, scrollWidth: 10, clientWidth: 10 };
    const button = { tagName: 'BUTTON', parentElement: { tagName: 'P', parentElement: scroller } };
    expect(keyLike({ key: 'End', ctrlKey: false, metaKey: false, altKey: false, target: button }).insideScroller).toBe(
      true,
    );
    const region = { tagName: 'DIV', scrollHeight: 900, clientHeight: 300, scrollWidth: 10, clientWidth: 10 };
    const press = (target: object): KeyLike =>
      keyLike({ key: 'Home', ctrlKey: false, metaKey: false, altKey: false, target } as unknown as KeyboardEvent);
    expect(shortcutFor(press(region))).toBeNull();
    expect(shortcutFor(press({ ...region, scrollHeight: 300 }))).toBe('playheadStart');
    expect(shortcutFor(key({ key: 'l', targetTag: 'TEXTAREA' }))).toBeNull();
    expect(shortcutFor(key({ key: ' ', targetTag: 'DIV', targetEditable: true }))).toBeNull();
    expect(shortcutFor(key({ key: 'ArrowLeft', altKey: true }))).toBeNull();
  });

  it('Escape stops wherever focus is, in a field, a menu or the code editor', () => {
    expect(shortcutFor(key({ key: 'Escape', targetTag: 'INPUT', targetType: 'text' }))).toBe('stop');
    expect(shortcutFor(key({ key: 'Escape', targetTag: 'SELECT' }))).toBe('stop');
    expect(shortcutFor(key({ key: 'Escape', targetTag: 'DIV', targetEditable: true }))).toBe('stop');
    expect(shortcutFor(key({ key: 'Escape', ctrlKey: true }))).toBeNull();
  });

  it('letters and digits are text while typing, shortcuts in a menu, a checkbox or on a button', () => {
    expect(shortcutFor(key({ targetTag: 'INPUT', targetType: 'text' }))).toBeNull();
    expect(shortcutFor(key({ targetTag: 'INPUT', targetType: 'number', key: '5' }))).toBeNull();
    expect(shortcutFor(key({ targetTag: 'TEXTAREA', key: 's' }))).toBeNull();
    expect(shortcutFor(key({ targetTag: 'DIV', targetEditable: true }))).toBeNull();
    expect(shortcutFor(key({ targetTag: 'SELECT', key: 's' }))).toBe('stop');
    expect(shortcutFor(key({ targetTag: 'INPUT', targetType: 'checkbox' }))).toBe('run');
    expect(shortcutFor(key({ targetTag: 'BUTTON', key: '5' }))).toEqual({ view: 5 });
    expect(shortcutFor(key({ ctrlKey: true }))).toBeNull();
  });

  it('knows which inputs are typed into', () => {
    expect(isTyping({ targetTag: 'INPUT', targetType: 'TEXT', targetEditable: false })).toBe(true);
    expect(isTyping({ targetTag: 'INPUT', targetType: 'search', targetEditable: false })).toBe(true);
    expect(isTyping({ targetTag: 'INPUT', targetType: 'radio', targetEditable: false })).toBe(false);
    expect(isTyping({ targetTag: 'SELECT', targetType: '', targetEditable: false })).toBe(false);
  });

  it('reads what a key was pressed in from the event, for every view that asks', () => {
    const press = (target: object | null, key = 'f'): KeyLike =>
      keyLike({ key, ctrlKey: false, metaKey: false, altKey: false, target } as unknown as KeyboardEvent);
    expect(isTyping(press({ tagName: 'INPUT', type: 'number' }))).toBe(true);
    expect(isTyping(press({ tagName: 'INPUT', type: 'checkbox' }))).toBe(false);
    expect(isTyping(press({ tagName: 'TEXTAREA' }))).toBe(true);
    expect(isTyping(press({ tagName: 'DIV', isContentEditable: true }))).toBe(true);
    // A menu picks options with the mouse or arrows: letters there are shortcuts, as on a button.
    expect(isTyping(press({ tagName: 'SELECT', type: 'select-one' }))).toBe(false);
    expect(isTyping(press({ tagName: 'CANVAS' }))).toBe(false);
    expect(isTyping(press(null))).toBe(false);
    expect(press({ tagName: 'SELECT', type: 'select-one' }).targetType).toBe('');
  });
});
