// The Electron IPC edge with fakes for ipcMain, the window's webContents and sender frames, and
// a real Session running real worker threads from the built entry files (out/node). No electron
// import: the unit under test takes its Electron pieces as arguments.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { COMMAND_NAMES, ipcChannel, type PrintEvent, type Result, type RunAccepted } from '../../../src/core/contract';
import { forkProcessHost } from '../../../src/node/hosts/process-host.fork';
import { nodeEntries } from '../../../src/node/node-session';
import { Session } from '../../../src/node/session';
import {
  REFUSED_SENDER,
  registerCommandHandlers,
  type CommandHandler,
  type InvokeEventLike,
  type IpcMainLike,
} from '../../../src/main/ipc';
import { createOriginCheck } from '../../../src/main/origin';

const sessions: Session[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.dispose()));
});

function newSession(): Session {
  const session = new Session({
    shell: 'electron',
    version: '0.0.0-test',
    ...nodeEntries(pathToFileURL(resolve('out/node') + '/')),
    processHost: forkProcessHost,
    sampler: null,
    pythonDir: resolve('resources/python'),
  });
  sessions.push(session);
  return session;
}

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, CommandHandler>();
  handle(channel: string, listener: CommandHandler): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  invoke(channel: string, event: InvokeEventLike, payload?: unknown): Result<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler(event, payload);
  }
}

/** Our window's webContents (identity is all the check uses) and an event from our page. */
const ourContents = { id: 1 };
const fromPage = (url = 'app://lanes/index.html', sender: unknown = ourContents): InvokeEventLike => ({
  sender,
  senderFrame: { url },
});

function setup(options: { devServerUrl?: string; contents?: () => unknown } = {}) {
  const ipcMain = new FakeIpcMain();
  const session = newSession();
  const unregister = registerCommandHandlers({
    ipcMain,
    session,
    trustedContents: options.contents ?? (() => ourContents),
    isOurUrl: createOriginCheck(options.devServerUrl),
  });
  const spies = [
    vi.spyOn(session, 'hello'),
    vi.spyOn(session, 'start'),
    vi.spyOn(session, 'stop'),
    vi.spyOn(session, 'snapshot'),
  ];
  const reachedSession = () => spies.some((spy) => spy.mock.calls.length > 0);
  return { ipcMain, session, unregister, reachedSession };
}

describe('IPC command handlers', () => {
  it('registers exactly one handler per contract command, and removes them all', () => {
    const { ipcMain, unregister } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(COMMAND_NAMES.map(ipcChannel).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it.each([
    ['another site', 'https://evil.example/index.html'],
    ['a look-alike app host', 'app://lanes.evil/index.html'],
    ['a file:// page', 'file:///work/main/out/renderer/index.html'],
    ['a non-URL', 'not a url'],
    ['the dev server when not in development', 'http://localhost:5173/'],
  ])('refuses a call from %s, and nothing reaches the session', (_what, url) => {
    const { ipcMain, reachedSession } = setup();
    for (const name of COMMAND_NAMES) {
      expect(ipcMain.invoke(ipcChannel(name), fromPage(url), name === 'run' ? { lesson: 'threading' } : null)).toEqual(
        REFUSED_SENDER,
      );
    }
    expect(reachedSession()).toBe(false);
  });

  it('refuses a null senderFrame, another webContents, and any sender once the window is gone', () => {
    const { ipcMain, reachedSession } = setup();
    expect(ipcMain.invoke(ipcChannel('hello'), { sender: ourContents, senderFrame: null }, null)).toEqual(
      REFUSED_SENDER,
    );
    expect(ipcMain.invoke(ipcChannel('hello'), fromPage(undefined, { id: 2 }), null)).toEqual(REFUSED_SENDER);
    const closed = setup({ contents: () => null });
    expect(closed.ipcMain.invoke(ipcChannel('hello'), fromPage(undefined, null), null)).toEqual(REFUSED_SENDER);
    expect(reachedSession()).toBe(false);
    expect(closed.reachedSession()).toBe(false);
    expect(REFUSED_SENDER).toEqual({ ok: false, error: 'Refused: unknown sender.' });
  });

  it('gives a valid sender the validation error for a malformed payload', () => {
    const { ipcMain, session } = setup();
    const run = (payload: unknown) => ipcMain.invoke(ipcChannel('run'), fromPage(), payload);
    expect(run('threading')).toEqual({ ok: false, error: 'run needs a request object.' });
    expect(run({ tasks: 'many' })).toMatchObject({ ok: false, error: expect.stringMatching(/Tasks/) });
    expect(run({ lesson: 'threading', rm: '-rf' })).toMatchObject({ ok: false, error: expect.stringMatching(/rm/) });
    expect(ipcMain.invoke(ipcChannel('hello'), fromPage(), { please: true })).toEqual({
      ok: false,
      error: 'hello takes no parameters.',
    });
    expect(session.current).toBeNull();
  });

  it('serves hello, run and stop from our page to the real session', async () => {
    const { ipcMain, session } = setup();
    const hello = ipcMain.invoke(ipcChannel('hello'), fromPage(), null);
    expect(hello).toMatchObject({ ok: true, value: { shell: 'electron', version: '0.0.0-test', running: false } });
    // A bare invoke (no payload argument) is judged as null.
    expect(ipcMain.invoke(ipcChannel('hello'), fromPage())).toMatchObject({ ok: true });

    const events: PrintEvent[] = [];
    session.subscribe((batch) => events.push(...batch.filter((e): e is PrintEvent => e.kind === 'print')));
    const run = ipcMain.invoke(ipcChannel('run'), fromPage(), {
      lesson: 'threading',
      stepMs: 5,
    }) as Result<RunAccepted>;
    expect(run).toMatchObject({ ok: true, value: { spec: { lesson: 'threading', executor: 'threads' } } });
    const end = await session.current!;
    expect(end.status).toBe('done');
    await new Promise((r) => setTimeout(r, 50)); // the last batch is flushed on the next tick
    expect(events.map((e) => e.text)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => String(i + 1)),
      'Thread execution complete!',
    ]);
    expect(ipcMain.invoke(ipcChannel('stop'), fromPage(), null)).toEqual({ ok: true, value: { stopped: false } });

    ipcMain.invoke(ipcChannel('run'), fromPage(), { lesson: 'threading', stepMs: 1000 });
    expect(ipcMain.invoke(ipcChannel('stop'), fromPage(), null)).toEqual({ ok: true, value: { stopped: true } });
    expect((await session.current!).status).toBe('stopped');
    expect(ipcMain.invoke(ipcChannel('record'), fromPage(), null)).toMatchObject({
      ok: true,
      value: { truncated: false },
    });
  });

  it('trusts the dev server origin only in development, and only that origin', () => {
    const { ipcMain } = setup({ devServerUrl: 'http://localhost:5173' });
    expect(ipcMain.invoke(ipcChannel('hello'), fromPage('http://localhost:5173/'), null)).toMatchObject({ ok: true });
    expect(ipcMain.invoke(ipcChannel('hello'), fromPage('app://lanes/index.html'), null)).toMatchObject({ ok: true });
    expect(ipcMain.invoke(ipcChannel('hello'), fromPage('http://localhost:5174/'), null)).toEqual(REFUSED_SENDER);
    expect(ipcMain.invoke(ipcChannel('hello'), fromPage('https://localhost:5173/'), null)).toEqual(REFUSED_SENDER);
  });
});
