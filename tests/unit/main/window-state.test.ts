// Where the window opens and what is remembered: per display, fitted into the display's work
// area, at least the layout's minimum where the display allows; and any file at all — corrupt,
// foreign, hostile — parses to a usable state without throwing (fast-check, bounded).
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createWindowMemory, type StateFile, type TrackedWindow } from '../../../src/main/window-memory';
import {
  EMPTY_STATE,
  MAX_DISPLAYS,
  defaultBounds,
  displayKey,
  fitInto,
  parseWindowState,
  placeWindow,
  rememberDisplay,
  type DisplayLike,
  type DisplayState,
  type Rect,
} from '../../../src/main/window-state';

const laptop: DisplayLike = {
  bounds: { x: 0, y: 0, width: 1920, height: 1080 },
  workArea: { x: 0, y: 32, width: 1920, height: 1048 },
  scaleFactor: 1.5,
};
const projector: DisplayLike = {
  bounds: { x: 1920, y: 0, width: 1280, height: 720 },
  workArea: { x: 1920, y: 0, width: 1280, height: 720 },
  scaleFactor: 1,
};
const entry = (bounds: Rect, extra: Partial<DisplayState> = {}): DisplayState => ({
  bounds,
  maximized: false,
  fullScreen: false,
  presentation: false,
  ...extra,
});

describe('placing the window', () => {
  it('opens at the default, centred, the first time', () => {
    expect(placeWindow(EMPTY_STATE, [laptop], laptop)).toEqual({
      display: '1920x1080@1.5+0+0',
      bounds: { x: 240, y: 106, width: 1440, height: 900 },
      maximized: false,
      fullScreen: false,
      presentation: false,
    });
  });

  it('opens on the display it was last on, with what it had there', () => {
    const state = rememberDisplay(
      rememberDisplay(EMPTY_STATE, displayKey(laptop), entry({ x: 10, y: 40, width: 1200, height: 800 })),
      displayKey(projector),
      entry({ x: 1920, y: 0, width: 1280, height: 720 }, { presentation: true, fullScreen: true }),
    );
    expect(placeWindow(state, [laptop, projector], laptop)).toMatchObject({
      display: displayKey(projector),
      bounds: { x: 1920, y: 0, width: 1280, height: 720 },
      presentation: true,
      fullScreen: true,
    });
    // The projector unplugged: back on the laptop, as it was there.
    expect(placeWindow(state, [laptop], laptop)).toMatchObject({
      display: displayKey(laptop),
      bounds: { x: 10, y: 40, width: 1200, height: 800 },
      presentation: false,
    });
  });

  it('fits saved bounds into a display that shrank or moved', () => {
    expect(fitInto({ x: 3000, y: -500, width: 2400, height: 1400 }, laptop.workArea)).toEqual({
      x: 0,
      y: 32,
      width: 1920,
      height: 1048,
    });
    expect(fitInto({ x: 100, y: 100, width: 200, height: 100 }, laptop.workArea)).toMatchObject({
      width: 1024,
      height: 640,
    });
    // A display smaller than the minimum: the window takes the whole work area.
    const tiny = { x: 0, y: 0, width: 800, height: 600 };
    expect(fitInto({ x: 0, y: 0, width: 1440, height: 900 }, tiny)).toEqual(tiny);
    expect(defaultBounds(tiny)).toEqual(tiny);
  });

  it('remembers the most recent displays first, at most MAX_DISPLAYS', () => {
    let state = EMPTY_STATE;
    for (let i = 0; i < MAX_DISPLAYS + 5; i++)
      state = rememberDisplay(state, `d${i}`, entry({ x: 0, y: 0, width: 1100, height: 700 }));
    const keys = Object.keys(state.displays);
    expect(keys).toHaveLength(MAX_DISPLAYS);
    expect(keys[0]).toBe(`d${MAX_DISPLAYS + 4}`);
    expect(state.last).toBe(`d${MAX_DISPLAYS + 4}`);
  });
});

describe('reading the saved state', () => {
  it('ignores a corrupt, foreign or partly wrong file', () => {
    expect(parseWindowState(null)).toEqual(EMPTY_STATE);
    expect(parseWindowState('{"version":1,"displays":')).toEqual(EMPTY_STATE);
    expect(parseWindowState('{"version":2,"displays":{}}')).toEqual(EMPTY_STATE);
    expect(parseWindowState('[]')).toEqual(EMPTY_STATE);
    const good = entry({ x: 1, y: 2, width: 1100, height: 700 });
    const text = JSON.stringify({
      version: 1,
      last: 'gone',
      displays: {
        a: good,
        b: { ...good, bounds: { x: 1, y: 2, width: -5, height: 700 } },
        c: { ...good, maximized: 'yes' },
        d: { ...good, bounds: { ...good.bounds, x: 1e9 } },
        e: { ...good, extra: { __proto__: { polluted: true } } },
      },
    });
    expect(parseWindowState(text)).toEqual({ version: 1, last: null, displays: { a: good, e: good } });
  });

  it('never throws and always yields a placeable state, whatever the file holds', () => {
    const rect = fc.record({
      x: fc.anything(),
      y: fc.integer(),
      width: fc.oneof(fc.integer(), fc.double()),
      height: fc.integer(),
    });
    const anyEntry = fc.record({
      bounds: fc.oneof(rect, fc.anything()),
      maximized: fc.anything(),
      fullScreen: fc.boolean(),
      presentation: fc.boolean(),
    });
    const file = fc.oneof(
      fc.string(),
      fc.json(),
      fc
        .record({
          version: fc.constantFrom(1, 2, '1'),
          last: fc.string(),
          displays: fc.dictionary(fc.string(), anyEntry),
        })
        .map((v) => JSON.stringify(v)),
    );
    fc.assert(
      fc.property(file, (text) => {
        const state = parseWindowState(text);
        const placed = placeWindow(state, [laptop, projector], laptop);
        const area = placed.display === displayKey(projector) ? projector.workArea : laptop.workArea;
        expect(placed.bounds.x).toBeGreaterThanOrEqual(area.x);
        expect(placed.bounds.y).toBeGreaterThanOrEqual(area.y);
        expect(placed.bounds.x + placed.bounds.width).toBeLessThanOrEqual(area.x + area.width);
        expect(placed.bounds.y + placed.bounds.height).toBeLessThanOrEqual(area.y + area.height);
        expect(Object.keys(state.displays).length).toBeLessThanOrEqual(MAX_DISPLAYS);
      }),
      { numRuns: 1_000 },
    );
  });
});

class FakeWindow implements TrackedWindow {
  bounds: Rect = { x: 100, y: 100, width: 1300, height: 800 };
  maximized = false;
  fullScreen = false;
  private listeners = new Map<string, (() => void)[]>();
  getNormalBounds = (): Rect => this.bounds;
  isMaximized = (): boolean => this.maximized;
  isFullScreen = (): boolean => this.fullScreen;
  on(event: string, listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

function fakeFile(initial: string | null | Error): StateFile & { writes: string[]; syncWrites: string[] } {
  const writes: string[] = [];
  const syncWrites: string[] = [];
  return {
    writes,
    syncWrites,
    read: () => {
      if (initial instanceof Error) throw initial;
      return initial;
    },
    write: async (text) => void writes.push(text),
    writeSync: (text) => void syncWrites.push(text),
  };
}

const screen = { getAllDisplays: () => [laptop], getPrimaryDisplay: () => laptop, getDisplayMatching: () => laptop };

describe('window memory', () => {
  it('saves once after a burst of moves, and once more as the window closes', () => {
    vi.useFakeTimers();
    try {
      const file = fakeFile(null);
      const memory = createWindowMemory({ file, screen, saveDelayMs: 500 });
      const win = new FakeWindow();
      memory.track(win);
      for (let i = 0; i < 20; i++) {
        win.bounds = { ...win.bounds, x: 100 + i };
        win.emit('move');
        vi.advanceTimersByTime(100);
      }
      expect(file.writes).toHaveLength(0);
      vi.advanceTimersByTime(500);
      expect(file.writes).toHaveLength(1);
      expect(JSON.parse(file.writes[0]!).displays[displayKey(laptop)].bounds.x).toBe(119);
      win.maximized = true;
      win.emit('maximize');
      memory.setPresentation(true);
      win.emit('close');
      vi.advanceTimersByTime(1_000);
      expect(file.writes).toHaveLength(1);
      expect(JSON.parse(file.syncWrites[0]!).displays[displayKey(laptop)]).toMatchObject({
        maximized: true,
        presentation: true,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens at the default when the file cannot be read or is corrupt, and says why a save failed', () => {
    expect(createWindowMemory({ file: fakeFile(new Error('EACCES')), screen }).placement.bounds).toEqual(
      defaultBounds(laptop.workArea),
    );
    expect(createWindowMemory({ file: fakeFile('\u0000garbage'), screen }).placement.bounds).toEqual(
      defaultBounds(laptop.workArea),
    );
    const errors: string[] = [];
    const memory = createWindowMemory({
      file: {
        ...fakeFile(null),
        writeSync: () => {
          throw new Error('disk full');
        },
      },
      screen,
      onError: (message) => errors.push(message),
    });
    const win = new FakeWindow();
    memory.track(win);
    win.emit('close');
    expect(errors).toEqual(["could not save the window's state: Error: disk full"]);
  });
});
