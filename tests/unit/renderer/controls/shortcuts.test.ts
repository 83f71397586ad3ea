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
  it('R runs, S and Escape stop, L runs the lesson', () => {
    expect(shortcutFor(key({}))).toBe('run');
    expect(shortcutFor(key({ key: 'R' }))).toBe('run');
    expect(shortcutFor(key({ key: 's' }))).toBe('stop');
    expect(shortcutFor(key({ key: 'Escape', targetTag: 'BUTTON' }))).toBe('stop');
    expect(shortcutFor(key({ key: 'l' }))).toBe('lesson');
    expect(shortcutFor(key({ key: 'x' }))).toBeNull();
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
