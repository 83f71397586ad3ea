// The Electron IPC edge of the desktop's own commands (openFile, saveFile, shareClass): the same
// sender check as the engine's commands, then the payload checked in core/desktop-validate.ts
// before a dialog opens or sharing changes. Runs in Electron main; the preload's calls land here.

import {
  DESKTOP_COMMAND_NAMES,
  ipcChannel,
  type DesktopCommandName,
  type Result,
  type ShareClassRequest,
  type ShareInfo,
} from '../core/contract';
import { validateDesktopPayload } from '../core/desktop-validate';
import type { FileCommands } from './files';
import { REFUSED_SENDER, isTrustedSender, type CommandHandlerDeps, type InvokeEventLike } from './ipc';

export type DesktopHandler = (event: InvokeEventLike, payload?: unknown) => Promise<Result<unknown>>;

export interface DesktopHandlerDeps extends Pick<CommandHandlerDeps, 'trustedContents' | 'isOurUrl'> {
  ipcMain: { handle(channel: string, listener: DesktopHandler): void; removeHandler(channel: string): void };
  files: FileCommands;
  /** Share with class (class-share.ts): starts or ends sharing, answering what is shared now. */
  share(on: boolean): Promise<Result<ShareInfo | null>>;
}

/** One dialog at a time: a second request while one is open is refused, not stacked. */
const BUSY: Result<never> = { ok: false, error: 'A file dialog is already open.' };

/** An unexpected failure, in one line. */
function internal(name: DesktopCommandName, error: unknown): Result<never> {
  return { ok: false, error: `Internal error in ${name}: ${error instanceof Error ? error.message : String(error)}` };
}

/** Registers the desktop commands; returns a function that removes them. */
export function registerDesktopHandlers(deps: DesktopHandlerDeps): () => void {
  let busy = false;
  const handler =
    (name: DesktopCommandName): DesktopHandler =>
    async (event, payload) => {
      if (!isTrustedSender(event, deps)) return REFUSED_SENDER;
      const valid = validateDesktopPayload(name, payload === undefined ? null : payload);
      if (!valid.ok) return valid;
      // Sharing opens no dialog: it neither waits for one nor holds one back.
      if (name === 'shareClass') {
        return deps.share((valid.value as ShareClassRequest).on).catch((error: unknown) => internal(name, error));
      }
      if (busy) return BUSY;
      busy = true;
      try {
        return name === 'openFile'
          ? await deps.files.openFile(valid.value as Parameters<FileCommands['openFile']>[0])
          : await deps.files.saveFile(valid.value as Parameters<FileCommands['saveFile']>[0]);
      } catch (error) {
        // files.ts answers every expected failure itself; this is the unexpected one, in one line.
        return internal(name, error);
      } finally {
        busy = false;
      }
    };
  for (const name of DESKTOP_COMMAND_NAMES) deps.ipcMain.handle(ipcChannel(name), handler(name));
  return () => {
    for (const name of DESKTOP_COMMAND_NAMES) deps.ipcMain.removeHandler(ipcChannel(name));
  };
}
