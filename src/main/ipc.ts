// The Electron IPC edge of the engine: one `ipcMain.handle` per contract command, each refusing
// any sender that is not our window's page before the payload reaches dispatch(). Runs in
// Electron main; the preload's `ipcRenderer.invoke` calls land here. Dependencies are injected
// (ipcMain, the window's webContents, the origin check) so tests drive it with fakes.

import { COMMAND_NAMES, ipcChannel, type CommandName, type Result } from '../core/contract';
import { dispatch } from '../node/dispatch';
import type { Session } from '../node/session';

/** What a handler needs from an IpcMainInvokeEvent: who sent it and from which frame. */
export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: { readonly url: string } | null;
}

export type CommandHandler = (event: InvokeEventLike, payload?: unknown) => Result<unknown>;

/** The part of Electron's ipcMain the shell uses. */
export interface IpcMainLike {
  handle(channel: string, listener: CommandHandler): void;
  removeHandler(channel: string): void;
}

export interface CommandHandlerDeps {
  ipcMain: IpcMainLike;
  session: Session;
  /** The one webContents allowed to call: our window's (null once it is gone). */
  trustedContents: () => unknown;
  /** Whether a frame URL is our page (app://lanes, or the dev server in development). */
  isOurUrl: (url: string) => boolean;
}

export const REFUSED_SENDER: Result<never> = { ok: false, error: 'Refused: unknown sender.' };

/**
 * Security: a call is served only when it comes from our window's webContents AND from a frame
 * whose URL is our page. senderFrame is null when the frame navigated away or was destroyed
 * (Electron docs, IPC security checklist item 17): refused, never assumed to be ours.
 */
export function isTrustedSender(
  event: InvokeEventLike,
  deps: Pick<CommandHandlerDeps, 'trustedContents' | 'isOurUrl'>,
): boolean {
  const frame = event.senderFrame;
  if (!frame || typeof frame.url !== 'string') return false;
  const ours = deps.trustedContents();
  if (ours === null || ours === undefined || event.sender !== ours) return false;
  return deps.isOurUrl(frame.url);
}

/** Registers one handler per contract command; returns a function that removes them all. */
export function registerCommandHandlers(deps: CommandHandlerDeps): () => void {
  const channels: string[] = [];
  for (const name of COMMAND_NAMES) {
    const channel = ipcChannel(name);
    deps.ipcMain.handle(channel, commandHandler(name, deps));
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) deps.ipcMain.removeHandler(channel);
  };
}

/** The handler for one command: sender check first, then validation and routing in dispatch(). */
export function commandHandler(name: CommandName, deps: CommandHandlerDeps): CommandHandler {
  return (event, payload) => {
    if (!isTrustedSender(event, deps)) return REFUSED_SENDER;
    // The preload always sends a payload (null for commands without one); a missing argument is
    // treated as null so a bare invoke is judged by the same validation.
    return dispatch(deps.session, name, payload === undefined ? null : payload);
  };
}
