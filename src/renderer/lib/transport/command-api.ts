// Builds the renderer's command functions from one `invoke`, for every transport. The object is
// checked against the contract's CommandApi with `satisfies`: a command added to the contract
// fails to compile here until the client learns it. Runs in the renderer.

import type { CommandApi, CommandName, Commands, Result, WebCommandName, WebCommands } from '../../../core/contract';
import { checkOpenedFile } from './wire';

export type Invoke = <K extends CommandName>(
  command: K,
  payload: Commands[K]['request'],
) => Promise<Result<Commands[K]['response']>>;

export type WebInvoke = <K extends WebCommandName>(
  command: K,
  payload: WebCommands[K]['request'],
) => Promise<Result<unknown>>;

/** The web shell's own commands (contract's WebCommands), as the WebSocket client offers them. */
export type WebApi = {
  [K in WebCommandName]: () => Promise<Result<WebCommands[K]['response']>>;
};

export function commandApi(invoke: Invoke): CommandApi {
  return {
    hello: () => invoke('hello', null),
    run: (request) => invoke('run', request),
    stop: () => invoke('stop', null),
    record: () => invoke('record', null),
  } satisfies CommandApi;
}

/** The web shell's commands from one `invoke`; every answer is checked here, at the page's edge. */
export function webApi(invoke: WebInvoke): WebApi {
  return {
    launchTrace: async () => {
      const answer = await invoke('launchTrace', null);
      return answer.ok ? checkOpenedFile(answer.value) : answer;
    },
  } satisfies WebApi;
}

/** Whatever a transport hands back, as a Result: a thrown error or a malformed answer becomes an error value. */
export function asResult<T>(value: unknown): Result<T> {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const candidate = value as { ok: unknown; value?: unknown; error?: unknown };
    if (candidate.ok === true) return { ok: true, value: candidate.value as T };
    if (candidate.ok === false && typeof candidate.error === 'string') return { ok: false, error: candidate.error };
  }
  return { ok: false, error: 'The Lanes engine sent an answer this window does not understand.' };
}
