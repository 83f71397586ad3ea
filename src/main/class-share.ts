// File › Share with class in the desktop app: the same viewers' server `lanes web --share` runs
// (server/share.ts), on this app's engine, with the desktop window as the presenter (it drives the
// engine over IPC, so the server hands out no presenter's secret at all). Switching it on and off
// is serialised; the server is closed when sharing ends and when the app quits. Runs in Electron
// main; index.ts gives it the server's start and tells the page and the menu what changed.

import { userInfo } from 'node:os';
import type { Result, ShareInfo } from '../core/contract';

/** What a started viewers' server offers (ShareServer's part this uses). */
export interface ViewersServer {
  viewerUrl: string;
  qrSvg: string;
  close(): Promise<void>;
}

export interface ClassShareDeps {
  /** Starts the viewers' server (startShareServer with the engine's endpoint); may throw. */
  start(presenter: string): Promise<ViewersServer>;
  /** The presenter's name, as viewers' pages say "Viewing NAME's runs". */
  presenter: string;
  /** Sharing started (its address) or ended (null). */
  onChange(share: ShareInfo | null): void;
}

export interface ClassShare {
  /** Starts (true) or ends (false) sharing; answers what is shared now, or why it could not start. */
  set(on: boolean): Promise<Result<ShareInfo | null>>;
  /** What is shared now (null: nothing). */
  current(): ShareInfo | null;
  /** Ends sharing for good (the app quits): viewers are disconnected and the port is freed. */
  close(): Promise<void>;
}

/** Longest presenter name, as `lanes web --presenter` allows. */
const MAX_PRESENTER_CHARS = 60;

/** This account's name for the viewers' pages, when it makes one; otherwise a neutral one. */
export function presenterName(account: () => string = () => userInfo().username): string {
  const fallback = 'the presenter';
  try {
    const name = account().trim();
    // No control or markup characters: the name is shown on every viewer's page.
    return name.length > 0 && name.length <= MAX_PRESENTER_CHARS && !/[\p{C}<>&"]/u.test(name) ? name : fallback;
  } catch {
    return fallback;
  }
}

/** Why a share could not start, in one line (a port in use, no permission to listen). */
function startFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why = code ? ` (${code})` : error instanceof Error ? `: ${error.message}` : '';
  return `Sharing with the class could not start${why}. Check that this computer is on the class's network.`;
}

/** The desktop's one class share. */
export function createClassShare(deps: ClassShareDeps): ClassShare {
  let server: ViewersServer | null = null;
  let shared: ShareInfo | null = null;
  let closed = false;
  // Each switch waits for the one before: a double click never starts two servers.
  let queue: Promise<unknown> = Promise.resolve();

  const stop = async (): Promise<void> => {
    const running = server;
    server = null;
    if (shared) {
      shared = null;
      deps.onChange(null);
    }
    await running?.close();
  };

  const apply = async (on: boolean): Promise<Result<ShareInfo | null>> => {
    if (!on || closed) {
      await stop();
      return { ok: true, value: null };
    }
    if (shared) return { ok: true, value: shared };
    try {
      server = await deps.start(deps.presenter);
    } catch (error) {
      return { ok: false, error: startFailure(error) };
    }
    shared = { presenter: deps.presenter, viewerUrl: server.viewerUrl, qrSvg: server.qrSvg };
    deps.onChange(shared);
    return { ok: true, value: shared };
  };

  const enqueue = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step, step);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    set: (on) => enqueue(() => apply(on)),
    current: () => shared,
    close: () => {
      closed = true;
      return enqueue(stop);
    },
  };
}
