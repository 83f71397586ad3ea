// Builds the renderer's command functions from one `invoke`, for every transport. The object is
// checked against the contract's CommandApi with `satisfies`: a command added to the contract
// fails to compile here until the client learns it. Runs in the renderer.

import type { CommandApi, CommandName, Commands, Result } from '../../../core/contract';

export type Invoke = <K extends CommandName>(
  command: K,
  payload: Commands[K]['request'],
) => Promise<Result<Commands[K]['response']>>;

export function commandApi(invoke: Invoke): CommandApi {
  return {
    hello: () => invoke('hello', null),
    run: (request) => invoke('run', request),
    stop: () => invoke('stop', null),
    record: () => invoke('record', null),
  } satisfies CommandApi;
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
