// How the page looks, as the reader chose it: the theme, the type scale presentation mode uses,
// and screencast mode. Kept in localStorage as one JSON value, read back through parseDisplay so
// a damaged or foreign value falls back to the defaults field by field. Runs in the renderer; pure.

import { THEMES, type ThemeChoice } from '../../../core/contract';

/** Presentation mode's type scale, in percent of the page's own size. */
export const TYPE_SCALE_MIN_PCT = 100;
export const TYPE_SCALE_MAX_PCT = 250;
/** At 175 % the smallest step of the type scale is 24 px or more at 1280×720 and at 1920×1080. */
export const TYPE_SCALE_DEFAULT_PCT = 175;
export const TYPE_SCALE_STEP_PCT = 5;

export interface DisplayValues {
  /** 'system' follows the operating system's light or dark setting. */
  theme: ThemeChoice;
  typeScalePct: number;
  /** Key caps and click ripples on screen, for a recording. */
  screencast: boolean;
}

export const DISPLAY_DEFAULTS: DisplayValues = {
  theme: 'dark',
  typeScalePct: TYPE_SCALE_DEFAULT_PCT,
  screencast: false,
};

export const DISPLAY_STORAGE_KEY = 'lanes.display';

/** A type scale in range and on a step; anything else is null. */
export function typeScaleOf(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  const stepped = Math.round(value / TYPE_SCALE_STEP_PCT) * TYPE_SCALE_STEP_PCT;
  return Math.min(TYPE_SCALE_MAX_PCT, Math.max(TYPE_SCALE_MIN_PCT, stepped));
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** What was stored, each field checked on its own: a bad field takes its default. */
export function parseDisplay(text: string | null): DisplayValues {
  const value = parseJson(text);
  const stored = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const theme = THEMES.find((choice) => choice === stored.theme) ?? DISPLAY_DEFAULTS.theme;
  return {
    theme,
    typeScalePct: typeScaleOf(stored.typeScalePct) ?? DISPLAY_DEFAULTS.typeScalePct,
    screencast: typeof stored.screencast === 'boolean' ? stored.screencast : DISPLAY_DEFAULTS.screencast,
  };
}

/** The theme drawn: 'system' resolved by whether the system prefers light. */
export function resolvedTheme(theme: ThemeChoice, systemPrefersLight: boolean): 'dark' | 'light' {
  if (theme === 'system') return systemPrefersLight ? 'light' : 'dark';
  return theme;
}
