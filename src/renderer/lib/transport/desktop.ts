// The desktop shell's extras as the page sees them: the application menu's actions, the native
// file dialogs and Share with class in Electron (window.lanes, from the preload), and in the
// browser the same functions answering that they are not available there. Runs in the renderer; App.svelte
// follows the menu with followMenu(); traces are opened and saved with openFile/saveFile
// (lib/trace/shown-run.svelte.ts).

import {
  PRELOAD_GLOBAL,
  type AppAction,
  type DesktopApi,
  type DesktopCommandName,
  type DesktopCommands,
  type Result,
  type ThemeChoice,
  type ShareInfo,
} from '../../../core/contract';
import { LazyPart } from '../controls/lazy';
import { asResult } from './command-api';

/** The checks on what main sends, fetched once the desktop window starts: a browser never needs them. */
const CHECKS = new LazyPart('the checks on the menu’s actions', () => import('../../../core/desktop-validate'));

async function loadChecks(): Promise<typeof import('../../../core/desktop-validate')> {
  const state = await CHECKS.want();
  if (state.kind === 'ready') return state.value;
  throw new Error(state.kind === 'failed' ? state.message : 'still loading');
}

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
  void loadChecks();
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
    shareClass: async (payload) => {
      const answer = await call('shareClass')(payload);
      const { isShareInfo } = await loadChecks();
      if (!answer.ok || answer.value === null || isShareInfo(answer.value)) return answer;
      return { ok: false, error: 'The Lanes app sent a class address this window does not understand.' };
    },
    onAction(listener) {
      // The preload forwards whatever main sent; only well-formed actions reach the page, in the
      // order they were sent (the first ones may wait for the checks to be fetched).
      let delivered = Promise.resolve();
      return api.onAction((action: unknown) => {
        delivered = delivered
          .then(loadChecks)
          .then(({ parseAppAction }) => {
            const checked = parseAppAction(action);
            if (checked) listener(checked);
          })
          .catch((error: unknown) => console.error('lanes: a menu action could not be checked', error));
      });
    },
  };
}

/** In a browser: nothing to open or save natively, and no menu to follow. */
export const BROWSER_DESKTOP: Desktop = {
  available: false,
  openFile: async () => ({ ok: false, error: NOT_IN_BROWSER }),
  saveFile: async () => ({ ok: false, error: NOT_IN_BROWSER }),
  shareClass: async () => ({
    ok: false,
    error: 'Sharing from the window is for the desktop app; in a browser, start `lanes web --share`.',
  }),
  onAction: () => () => undefined,
};

export function connectDesktop(scope: Record<string, unknown> = window as unknown as Record<string, unknown>): Desktop {
  const preload = scope[PRELOAD_GLOBAL];
  return isDesktopApi(preload) ? desktopFrom(preload) : BROWSER_DESKTOP;
}

/** What the page does for the menu's actions it has a feature for. */
export interface MenuTargets {
  run(): void;
  stop(): void;
  chooseLesson(id: string): void;
  /** View › Presentation mode, checked or not. */
  presentation?(on: boolean): void;
  /** View › Theme. */
  theme?(theme: ThemeChoice): void;
  /** Help › Keyboard shortcuts. */
  shortcuts?(): void;
  /** File › Open trace… (the page shows the dialog through openFile). */
  openTrace?(): void;
  saveTrace?(): void;
  /** Lanes was started with a trace: the page fetches it with openFile from 'launch'. */
  traceLaunched?(): void;
  /** File › Share with class started (its address) or ended (null). */
  share?(share: ShareInfo | null): void;
  exportPicture?(): void;
  exportVideo?(): void;
}

/**
 * Follows the menu: Run, Stop, a lesson, the trace items, Share with class and the exports act as
 * the page's own buttons do; Presentation mode, Theme and Keyboard shortcuts as the page's keys
 * and Display menu do. Returns the unsubscribe function.
 */
export function followMenu(desktop: Pick<Desktop, 'onAction'>, targets: MenuTargets): () => void {
  return desktop.onAction((action: AppAction) => {
    if (action.kind === 'run') targets.run();
    else if (action.kind === 'stop') targets.stop();
    else if (action.kind === 'lesson') targets.chooseLesson(action.lesson);
    else if (action.kind === 'presentation') targets.presentation?.(action.on);
    else if (action.kind === 'theme') targets.theme?.(action.theme);
    else if (action.kind === 'shortcuts') targets.shortcuts?.();
    else if (action.kind === 'open-trace') targets.openTrace?.();
    else if (action.kind === 'save-trace') targets.saveTrace?.();
    else if (action.kind === 'trace-launched') targets.traceLaunched?.();
    else if (action.kind === 'share') targets.share?.(action.share);
    else if (action.kind === 'export-picture') targets.exportPicture?.();
    else if (action.kind === 'export-video') targets.exportVideo?.();
  });
}
