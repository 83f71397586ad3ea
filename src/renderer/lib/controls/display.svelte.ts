// The reader's display choices (theme, presentation type scale, screencast mode), remembered in
// localStorage. Runs in the renderer; Settings holds one, the display menu and presentation
// mode read and change it. Rules: display-model.ts.

import type { ThemeChoice } from '../../../core/contract';
import { DISPLAY_STORAGE_KEY, parseDisplay, typeScaleOf, type DisplayValues } from './display-model';

/** Where the choices are kept; null where the page has no storage (they last for the visit). */
export type DisplayStorage = Pick<Storage, 'getItem' | 'setItem'> | null;

function pageStorage(): DisplayStorage {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage refused (a locked-down profile): the choices last for the visit.
    return null;
  }
}

export class DisplayPrefs {
  values = $state.raw<DisplayValues>(parseDisplay(null));

  constructor(private readonly storage: DisplayStorage = pageStorage()) {
    try {
      this.values = parseDisplay(storage?.getItem(DISPLAY_STORAGE_KEY) ?? null);
    } catch {
      this.values = parseDisplay(null);
    }
  }

  setTheme(theme: ThemeChoice): void {
    this.save({ ...this.values, theme });
  }

  setTypeScale(percent: number): void {
    const checked = typeScaleOf(percent);
    if (checked !== null) this.save({ ...this.values, typeScalePct: checked });
  }

  setScreencast(on: boolean): void {
    this.save({ ...this.values, screencast: on });
  }

  private save(values: DisplayValues): void {
    this.values = values;
    try {
      this.storage?.setItem(DISPLAY_STORAGE_KEY, JSON.stringify(values));
    } catch {
      // Storage full or refused: the choice holds for this visit.
    }
  }
}
