// The Electron transport: the preload's `window.lanes` (PreloadApi from the contract). Main and
// this window live and die together, so the transport never closes under the page.
// Runs in the Electron renderer.

import type { Client, EngineEvent, PreloadApi } from '../../../core/contract';
import { asResult, commandApi } from './command-api';
import { isEngineEvent } from './wire';

export function createIpcClient(api: PreloadApi): Client {
  const commands = commandApi(async (command, payload) => {
    try {
      const call = api[command] as (payload?: unknown) => Promise<unknown>;
      return asResult(await (payload === null ? call() : call(payload)));
    } catch (error) {
      return { ok: false, error: `The Lanes engine could not be reached: ${String(error)}` };
    }
  });
  return {
    ...commands,
    onEvents(listener) {
      // Validated here too: the preload forwards whatever main sent.
      return api.onEvents((events: EngineEvent[]) => {
        if (Array.isArray(events)) listener(events.filter(isEngineEvent));
      });
    },
    onClose() {
      return () => undefined;
    },
  };
}
