// Screencast mode's key caps: the key as aria-keyshortcuts writes it, as a key cap shows it, and
// what the one key table says it does.
import { describe, expect, it } from 'vitest';
import { announces, keyCapText, keyToken, tableLabel } from '../../../../src/renderer/lib/present/screencast';

const press = (
  key: string,
  modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('screencast key caps', () => {
  it('name keys as aria-keyshortcuts does', () => {
    expect(keyToken(press(' '))).toBe('Space');
    expect(keyToken(press('r'))).toBe('R');
    expect(keyToken(press('?', { shiftKey: true }))).toBe('?');
    expect(keyToken(press('Enter', { ctrlKey: true }))).toBe('Control+Enter');
    expect(keyToken(press('ArrowLeft', { shiftKey: true }))).toBe('Shift+ArrowLeft');
    expect(keyToken(press('Shift', { shiftKey: true }))).toBeNull();
  });

  it('write them short on the cap', () => {
    expect(keyCapText('Control+Enter')).toBe('Ctrl+Enter');
    expect(keyCapText('Escape')).toBe('Esc');
    expect(keyCapText('PageDown')).toBe('PgDn');
  });

  it('find a control by its announced keys, in any case', () => {
    expect(announces('S Escape', 'Escape')).toBe(true);
    expect(announces('S Escape', 'S')).toBe(true);
    expect(announces('Space', 'space')).toBe(true);
    expect(announces('Control+Enter', 'Enter')).toBe(false);
  });

  it("say what the table's bare keys do", () => {
    expect(tableLabel(press('b'))).toBe('Blank the screen');
    expect(tableLabel(press('.'))).toBe('Blank the screen');
    expect(tableLabel(press('PageDown'))).toBe('Next part of the lesson');
    expect(tableLabel(press('p'))).toBe('Presentation mode');
    expect(tableLabel(press('o', { ctrlKey: true }))).toBeNull();
    expect(tableLabel(press('z'))).toBeNull();
  });
});
