// The page's side of the desktop shell: in a browser the file commands say they are not
// available; in Electron the preload's answers and the menu's actions are checked again, and the
// menu's Run, Stop and lesson items act as the page's own controls do.
import { describe, expect, it, vi } from 'vitest';
import type { AppAction, DesktopApi } from '../../../../src/core/contract';
import { BROWSER_DESKTOP, connectDesktop, followMenu } from '../../../../src/renderer/lib/transport/desktop';

function fakePreload() {
  let listener: ((action: unknown) => void) | null = null;
  const api: DesktopApi = {
    openFile: async () => ({ ok: true, value: { name: 'a.lanes.json', text: '{}' } }),
    saveFile: async () => 'not a result' as never,
    shareClass: async ({ on }) =>
      on
        ? { ok: true, value: { presenter: 'Ada', viewerUrl: 'javascript:alert(1)', qrSvg: '<svg/>' } }
        : { ok: true, value: null },
    onAction: (next) => {
      listener = next as (action: unknown) => void;
      return () => (listener = null);
    },
  };
  return { api, fire: (action: unknown) => listener?.(action), subscribed: () => listener !== null };
}

/** Menu actions pass checks fetched on first use: waits until `got` is `want`, then a turn more. */
async function expectDelivered<T>(got: T[], want: T[]): Promise<void> {
  await vi.waitFor(() => expect(got).toEqual(want));
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(got).toEqual(want);
}

describe('desktop, in the browser', () => {
  it('has no dialogs and no menu', async () => {
    const desktop = connectDesktop({});
    expect(desktop).toBe(BROWSER_DESKTOP);
    expect(desktop.available).toBe(false);
    expect(await desktop.openFile({ purpose: 'trace' })).toEqual({
      ok: false,
      error: 'Opening and saving files is not available in the browser: use the desktop app (npm start).',
    });
    expect((await desktop.saveFile({ purpose: 'trace', suggestedName: 'a.json', data: '' })).ok).toBe(false);
    expect((await desktop.shareClass({ on: true })).ok).toBe(false);
    expect(typeof desktop.onAction(() => undefined)).toBe('function');
  });
});

describe('desktop, in Electron', () => {
  it("passes the preload's answers on as Results, and a malformed one as an error", async () => {
    const preload = fakePreload();
    const desktop = connectDesktop({ lanes: preload.api });
    expect(desktop.available).toBe(true);
    expect(await desktop.openFile({ purpose: 'trace' })).toEqual({
      ok: true,
      value: { name: 'a.lanes.json', text: '{}' },
    });
    expect(await desktop.saveFile({ purpose: 'trace', suggestedName: 'a.json', data: '' })).toEqual({
      ok: false,
      error: 'The Lanes engine sent an answer this window does not understand.',
    });
    expect(await desktop.shareClass({ on: false })).toEqual({ ok: true, value: null });
    expect(await desktop.shareClass({ on: true })).toEqual({
      ok: false,
      error: 'The Lanes app sent a class address this window does not understand.',
    });
  });

  it("follows the menu's Run, Stop and lessons, drops malformed actions, and unsubscribes", async () => {
    const preload = fakePreload();
    const done: string[] = [];
    const stop = followMenu(connectDesktop({ lanes: preload.api }), {
      run: () => done.push('run'),
      stop: () => done.push('stop'),
      chooseLesson: (id) => done.push(`lesson ${id}`),
    });
    const actions: unknown[] = [
      { kind: 'run' },
      { kind: 'run', extra: true },
      { kind: 'lesson', lesson: 'gil' },
      { kind: 'lesson', lesson: 42 },
      { kind: 'export-video' },
      { kind: 'stop' },
      'stop',
    ];
    for (const action of actions) preload.fire(action);
    await expectDelivered(done, ['run', 'lesson gil', 'stop']);
    stop();
    expect(preload.subscribed()).toBe(false);
  });

  it("follows the menu's Presentation mode, Theme and Keyboard shortcuts", async () => {
    const preload = fakePreload();
    const done: string[] = [];
    followMenu(connectDesktop({ lanes: preload.api }), {
      run: () => done.push('run'),
      stop: () => done.push('stop'),
      chooseLesson: (id) => done.push(`lesson ${id}`),
      presentation: (on) => done.push(`presentation ${on}`),
      theme: (theme) => done.push(`theme ${theme}`),
      shortcuts: () => done.push('shortcuts'),
    });
    for (const action of [
      { kind: 'presentation', on: true },
      { kind: 'presentation', on: 'yes' },
      { kind: 'theme', theme: 'light' },
      { kind: 'shortcuts' },
      { kind: 'presentation', on: false },
    ])
      preload.fire(action);
    await expectDelivered(done, ['presentation true', 'theme light', 'shortcuts', 'presentation false']);
  });

  it('follows the menu’s trace items and Share with class: Open trace…, Save trace…, a launched trace, the class’s address', async () => {
    const preload = fakePreload();
    const done: string[] = [];
    followMenu(connectDesktop({ lanes: preload.api }), {
      run: () => done.push('run'),
      stop: () => done.push('stop'),
      chooseLesson: (id) => done.push(`lesson ${id}`),
      openTrace: () => done.push('open'),
      saveTrace: () => done.push('save'),
      traceLaunched: () => done.push('launched'),
      share: (share) => done.push(`share ${share?.viewerUrl ?? 'ended'}`),
    });
    for (const action of [
      { kind: 'open-trace' },
      { kind: 'save-trace' },
      { kind: 'trace-launched', name: 'run.lanes.json' },
      { kind: 'trace-launched' },
      { kind: 'open-trace', path: '/etc/passwd' },
      { kind: 'share', share: { presenter: 'Ada', viewerUrl: 'http://10.0.0.2:5390/?view=v', qrSvg: '<svg/>' } },
      { kind: 'share', share: { presenter: 'Ada', viewerUrl: 'file:///etc/passwd', qrSvg: '<svg/>' } },
      { kind: 'share', share: null },
    ]) {
      preload.fire(action);
    }
    await expectDelivered(done, ['open', 'save', 'launched', 'share http://10.0.0.2:5390/?view=v', 'share ended']);
  });

  it("opens the export dialogs for the menu's Export picture and Export video", async () => {
    const preload = fakePreload();
    const done: string[] = [];
    followMenu(connectDesktop({ lanes: preload.api }), {
      run: () => done.push('run'),
      stop: () => done.push('stop'),
      chooseLesson: (id) => done.push(`lesson ${id}`),
      exportPicture: () => done.push('picture'),
      exportVideo: () => done.push('video'),
    });
    for (const action of [{ kind: 'export-video' }, { kind: 'export-picture', extra: 1 }, { kind: 'export-picture' }]) {
      preload.fire(action);
    }
    await expectDelivered(done, ['video', 'picture']);
  });

  it('receives only checked actions', async () => {
    const preload = fakePreload();
    const seen: AppAction[] = [];
    connectDesktop({ lanes: preload.api }).onAction((action) => seen.push(action));
    preload.fire({ kind: 'theme', theme: 'light' });
    preload.fire({ kind: 'theme', theme: 'neon' });
    preload.fire(null);
    await expectDelivered(seen, [{ kind: 'theme', theme: 'light' }]);
  });
});
