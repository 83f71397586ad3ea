// The desktop commands' IPC edge: the sender is checked first, the payload second, and only then
// may a dialog open; one dialog at a time; an unexpected failure is one line, never a throw.
import { describe, expect, it } from 'vitest';
import { DESKTOP_COMMAND_NAMES, ipcChannel, type Result, type ShareInfo } from '../../../src/core/contract';
import { registerDesktopHandlers, type DesktopHandler } from '../../../src/main/desktop-ipc';
import type { FileCommands } from '../../../src/main/files';
import { REFUSED_SENDER, type InvokeEventLike } from '../../../src/main/ipc';
import { createOriginCheck } from '../../../src/main/origin';

const ours = { id: 1 };
const SHARED: ShareInfo = { presenter: 'Ada', viewerUrl: 'http://10.0.0.2:5390/?view=v', qrSvg: '<svg/>' };
const fromPage = (url = 'app://lanes/index.html', sender: unknown = ours): InvokeEventLike => ({
  sender,
  senderFrame: { url },
});

function setup(files: Partial<FileCommands> = {}, share?: (on: boolean) => Promise<Result<ShareInfo | null>>) {
  const handlers = new Map<string, DesktopHandler>();
  const calls: string[] = [];
  const unregister = registerDesktopHandlers({
    ipcMain: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    trustedContents: () => ours,
    isOurUrl: createOriginCheck(),
    files: {
      openFile: async (request) => (calls.push(`open ${JSON.stringify(request)}`), { ok: true, value: null }),
      saveFile: async (request) => (calls.push(`save ${request.suggestedName}`), { ok: true, value: null }),
      ...files,
    },
    share: share ?? (async (on) => (calls.push(`share ${on}`), { ok: true, value: on ? SHARED : null })),
  });
  const invoke = (name: string, event: InvokeEventLike, payload?: unknown): Promise<Result<unknown>> =>
    handlers.get(ipcChannel(name as 'openFile'))!(event, payload);
  return { handlers, calls, unregister, invoke };
}

describe('desktop IPC', () => {
  it('registers one channel per desktop command and removes them all', () => {
    const { handlers, unregister } = setup();
    expect([...handlers.keys()].sort()).toEqual(DESKTOP_COMMAND_NAMES.map(ipcChannel).sort());
    unregister();
    expect(handlers.size).toBe(0);
  });

  it('refuses other pages and frames before looking at the payload', async () => {
    const { invoke, calls } = setup();
    expect(await invoke('openFile', fromPage('https://example.org/'), { purpose: 'trace' })).toEqual(REFUSED_SENDER);
    expect(await invoke('openFile', fromPage(undefined, { id: 2 }), { purpose: 'trace' })).toEqual(REFUSED_SENDER);
    expect(await invoke('saveFile', { sender: ours, senderFrame: null }, null)).toEqual(REFUSED_SENDER);
    expect(calls).toEqual([]);
  });

  it('checks the payload before any dialog opens', async () => {
    const { invoke, calls } = setup();
    expect(await invoke('openFile', fromPage(), { purpose: 'trace', path: '/etc/shadow' })).toEqual({
      ok: false,
      error: 'openFile has no parameter "path".',
    });
    expect(await invoke('openFile', fromPage())).toMatchObject({ ok: false });
    expect(
      await invoke('saveFile', fromPage(), { purpose: 'trace', suggestedName: '/etc/x.json', data: '' }),
    ).toMatchObject({
      ok: false,
    });
    expect(calls).toEqual([]);
    expect(await invoke('openFile', fromPage(), { purpose: 'trace' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual(['open {"purpose":"trace"}']);
  });

  it('opens one dialog at a time', async () => {
    let release!: () => void;
    const { invoke } = setup({
      openFile: () => new Promise((resolve) => (release = () => resolve({ ok: true, value: null }))),
    });
    const first = invoke('openFile', fromPage(), { purpose: 'trace' });
    expect(await invoke('saveFile', fromPage(), { purpose: 'trace', suggestedName: 'a.json', data: '{}' })).toEqual({
      ok: false,
      error: 'A file dialog is already open.',
    });
    release();
    expect(await first).toEqual({ ok: true, value: null });
    expect(
      await invoke('saveFile', fromPage(), { purpose: 'trace', suggestedName: 'a.json', data: '{}' }),
    ).toMatchObject({ ok: true });
  });

  it('turns an unexpected failure into one line', async () => {
    const { invoke } = setup({
      saveFile: async () => {
        throw new TypeError('dialog gone');
      },
    });
    expect(await invoke('saveFile', fromPage(), { purpose: 'trace', suggestedName: 'a.json', data: '{}' })).toEqual({
      ok: false,
      error: 'Internal error in saveFile: dialog gone',
    });
  });

  it('shareClass: our page only, { on } only, never held back by an open dialog, failures in one line', async () => {
    let release!: () => void;
    const { invoke, calls } = setup({
      openFile: () => new Promise((resolve) => (release = () => resolve({ ok: true, value: null }))),
    });
    expect(await invoke('shareClass', fromPage('https://example.org/'), { on: true })).toEqual(REFUSED_SENDER);
    for (const bad of [null, {}, { on: 'yes' }, { on: true, port: 80 }]) {
      expect(await invoke('shareClass', fromPage(), bad)).toEqual({
        ok: false,
        error: 'shareClass takes { on: true | false }.',
      });
    }
    expect(calls).toEqual([]);
    const dialog = invoke('openFile', fromPage(), { purpose: 'trace' });
    expect(await invoke('shareClass', fromPage(), { on: true })).toEqual({ ok: true, value: SHARED });
    expect(await invoke('shareClass', fromPage(), { on: false })).toEqual({ ok: true, value: null });
    expect(calls).toEqual(['share true', 'share false']);
    release();
    await dialog;

    const failing = setup({}, () => Promise.reject(new Error('no sockets')));
    expect(await failing.invoke('shareClass', fromPage(), { on: true })).toEqual({
      ok: false,
      error: 'Internal error in shareClass: no sockets',
    });
  });
});
