import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from '../../../../src/renderer/lib/controls/shortcuts';
import { neighbourView, panelsOf, viewForKey, VIEWS } from '../../../../src/renderer/lib/controls/views';

const key = (value: string, targetTag = 'BODY', targetType = ''): KeyLike => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag,
  targetType,
  targetEditable: false,
});

describe('view switcher', () => {
  it('number keys 1–6 pick a view, except while typing in a field', () => {
    expect(shortcutFor(key('1'))).toEqual({ view: 1 });
    expect(shortcutFor(key('5'))).toEqual({ view: 5 });
    expect(shortcutFor(key('6'))).toEqual({ view: 6 });
    expect(shortcutFor(key('7'))).toBeNull();
    expect(shortcutFor(key('0'))).toBeNull();
    expect(shortcutFor(key('2', 'INPUT', 'text'))).toBeNull();
    expect(shortcutFor(key('2', 'SELECT'))).toEqual({ view: 2 });
    expect(viewForKey(1)).toBe('overview');
    expect(viewForKey(4)).toBe('results');
    expect(viewForKey(5)).toBe('compare');
    expect(viewForKey(6)).toBe('code');
    expect(VIEWS.map((view) => view.key)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('arrow keys wrap around the tabs', () => {
    expect(neighbourView('overview', -1)).toBe('code');
    expect(neighbourView('code', 1)).toBe('overview');
    expect(neighbourView('lanes', 1)).toBe('cores');
  });

  it('everything is shown by default; the others enlarge one part, or compare runs', () => {
    const none = { compare: false, code: false, curves: true };
    expect(panelsOf('overview')).toEqual({ taskLanes: true, coreLanes: true, console: true, results: true, ...none });
    expect(panelsOf('lanes')).toEqual({ taskLanes: true, coreLanes: false, console: true, results: false, ...none });
    expect(panelsOf('cores').taskLanes).toBe(false);
    expect(panelsOf('results')).toEqual({ taskLanes: false, coreLanes: false, console: false, results: true, ...none });
    expect(panelsOf('compare')).toEqual({
      ...none,
      taskLanes: false,
      coreLanes: false,
      console: true,
      results: true,
      compare: true,
    });
    expect(panelsOf('code')).toEqual({
      ...none,
      taskLanes: true,
      coreLanes: false,
      console: true,
      results: false,
      code: true,
      curves: false,
    });
  });
});
