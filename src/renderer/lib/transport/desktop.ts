// The desktop shell's extras as the page sees them: the application menu's actions and the
// native file dialogs in Electron (window.lanes, from the preload), and in the browser the same
// functions answering that they are not available there. Runs in the renderer; App.svelte
// follows the menu with followMenu(), later features call openFile/saveFile.

import {
  PRELOAD_GLOBAL,
  type AppAction,
  type DesktopApi,
  type DesktopCommandName,
  type DesktopCommands,
  type Result,
} from '../../../core/contract';
import { parseAppAction } from '../../../core/desktop-validate';
import { asResult } from './command-api';

export interface Desktop extends DesktopApi {
  /** True in the Electron window, false in a browser. */
  readonly available: boolean;
}

const NOT_IN_BROWSER = 'Opening and saving files is not available in the browser: use the desktop app (npm start).';

function isDesktopApi(value: unknown): value is DesktopApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Record<string, unknown>;
  return ['openFile', 'saveFile', 'onAction'].every((name) => typeof api[name] === 'function');
}

/** The desktop API over the preload's, with every answer and action checked again here. */
export function desktopFrom(api: DesktopApi): Desktop {
  const call =
    <K extends DesktopCommandName>(name: K) =>
    async (payload: DesktopCommands[K]['request']): Promise<Result<DesktopCommands[K]['response']>> => {
      try {
        const invoke = api[name] as (payload: unknown) => Promise<unknown>;
        return asResult(await invoke(payload));
      } catch (error) {
        return { ok: false, error: `The Lanes window could not reach the app: ${String(error)}` };
      }
    };
  return {
    available: true,
    openFile: call('openFile'),
    saveFile: call('saveFile'),
    onAction(listener) {
      // The preload forwards whatever main sent; only well-formed actions reach the page.
      return api.onAction((action: unknown) => {
        const checked = parseAppAction(action);
        if (checked) listener(checked);
      });
    },
  };
}

/** In a browser: nothing to open or save natively, and no menu to follow. */
export const BROWSER_DESKTOP: Desktop = {
  available: false,
  openFile: async () => ({ ok: false, error: NOT_IN_BROWSER }),
  saveFile: async () => ({ ok: false, error: NOT_IN_BROWSER }),
  onAction: () => () => undefined,
};

export function connectDesktop(scope: Record<string, unknown> = window as unknown as Record<string, unknown>): Desktop {
  const preload = scope[PRELOAD_GLOBAL];
  return isDesktopApi(preload) ? desktopFrom(preload) : BROWSER_DESKTOP;
}

/** What the page does today for the menu's actions it already has a feature for. */
export interface MenuTargets {
  run(): void;
  stop(): void;
  chooseLesson(id: string): void;
  exportPicture?(): void;
  exportVideo?(): void;
}

/**
 * Follows the menu: Run, Stop, a lesson and the exports act as the page's own buttons do. The
 * other actions (open/save a trace, presentation, theme, the shortcut list, a launched trace) name
 * features the page does not have yet; they are received and checked, and do nothing until those
 * features handle them. Returns the unsubscribe function.
 */
export function followMenu(desktop: Pick<Desktop, 'onAction'>, targets: MenuTargets): () => void {
  return desktop.onAction((action: AppAction) => {
    if (action.kind === 'run') targets.run();
    else if (action.kind === 'stop') targets.stop();
    else if (action.kind === 'lesson') targets.chooseLesson(action.lesson);
    else if (action.kind === 'export-picture') targets.exportPicture?.();
    else if (action.kind === 'export-video') targets.exportVideo?.();
  });
}
