// The reader's display choices as stored: checked field by field, a damaged value falls back to
// the defaults, the type scale stays within 100–250 % on its steps.
import { describe, expect, it } from 'vitest';
import {
  DISPLAY_DEFAULTS,
  TYPE_SCALE_DEFAULT_PCT,
  parseDisplay,
  resolvedTheme,
  typeScaleOf,
} from '../../../../src/renderer/lib/controls/display-model';

describe('display choices', () => {
  it('start dark, at 175 %, without screencast mode', () => {
    expect(parseDisplay(null)).toEqual({ theme: 'dark', typeScalePct: TYPE_SCALE_DEFAULT_PCT, screencast: false });
    expect(TYPE_SCALE_DEFAULT_PCT).toBe(175);
  });

  it('read back what was saved', () => {
    const saved = { theme: 'light', typeScalePct: 220, screencast: true };
    expect(parseDisplay(JSON.stringify(saved))).toEqual(saved);
  });

  it('take the default for each damaged field and ignore what is not JSON', () => {
    expect(parseDisplay('{not json')).toEqual(DISPLAY_DEFAULTS);
    expect(parseDisplay('[1,2]')).toEqual(DISPLAY_DEFAULTS);
    expect(parseDisplay(JSON.stringify({ theme: 'sepia', typeScalePct: 'big', screencast: 'yes' }))).toEqual(
      DISPLAY_DEFAULTS,
    );
    expect(parseDisplay(JSON.stringify({ theme: 'system', typeScalePct: 1e9 }))).toEqual({
      ...DISPLAY_DEFAULTS,
      theme: 'system',
      typeScalePct: 250,
    });
  });

  it('keep the type scale between 100 and 250 %, on 5 % steps', () => {
    expect([typeScaleOf(50), typeScaleOf(101), typeScaleOf(177), typeScaleOf(300)]).toEqual([100, 100, 175, 250]);
    expect([typeScaleOf(Number.NaN), typeScaleOf('175'), typeScaleOf(null)]).toEqual([null, null, null]);
  });

  it('follow the system only when asked to', () => {
    expect(resolvedTheme('system', true)).toBe('light');
    expect(resolvedTheme('system', false)).toBe('dark');
    expect(resolvedTheme('dark', true)).toBe('dark');
    expect(resolvedTheme('light', false)).toBe('light');
  });
});
