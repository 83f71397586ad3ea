// Picks the renderer's transport: the Electron preload's `window.lanes` when present, otherwise
// the web shell's WebSocket on this page's own host. Components only ever see a Client.
// Runs in the renderer.

import { PRELOAD_GLOBAL, type Client, type PreloadApi } from '../../../core/contract';
import type { WebApi } from './command-api';
import { createIpcClient } from './client.ipc';
import { createWsClient } from './client.ws';

/** Whether a value looks like the preload's API (every command plus the event feed). */
function isPreloadApi(value: unknown): value is PreloadApi {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Record<string, unknown>;
  return ['hello', 'run', 'stop', 'record', 'onEvents'].every((name) => typeof api[name] === 'function');
}

/** The WebSocket URL for a page served from `location` (wss when the page is https). */
export function wsUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * Whether `lanes web` answers this page with 403: it is up, but this page's session cookie is not
 * one it gave (it restarted, with a new secret). HEAD of its own address: nothing is loaded.
 */
export function pageRefused(location: Pick<Location, 'origin'>): () => Promise<boolean> {
  return () =>
    fetch(`${location.origin}/`, { method: 'HEAD', cache: 'no-store', credentials: 'same-origin' }).then(
      (response) => response.status === 403,
      () => false,
    );
}

/** The engine's client, with the web shell's own commands where the page is served by `lanes web`. */
export type LanesClient = Client & Partial<WebApi>;

export function connectClient(): LanesClient {
  const preload = (window as unknown as Record<string, unknown>)[PRELOAD_GLOBAL];
  if (isPreloadApi(preload)) return createIpcClient(preload);
  return createWsClient({ url: wsUrl(window.location), refuses: pageRefused(window.location) });
}
