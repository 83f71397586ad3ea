// What a shell needs from an engine: validated calls and a feed of event batches. The web
// server and the Electron IPC bridge talk to this; the Session provides one, and the benchmark
// provides a synthetic one that streams recorded or generated events. Runs in the engine.

import type { EngineEvent, Result } from '../core/contract';
import { isWebCommandName } from '../core/validate';
import { dispatch } from './dispatch';
import { launchTrace, type LaunchedTraceSlot } from './launched-trace';
import type { Session } from './session';

export interface Endpoint {
  /** Validates and runs one command from outside; never throws. */
  call(command: unknown, payload: unknown): Result<unknown>;
  /** Event batches, at most one per frame; returns an unsubscribe function. */
  subscribe(listener: (events: EngineEvent[]) => void): () => void;
}

/** The session's commands, and the web shell's own (launchTrace, from `launched` when there is one). */
export function sessionEndpoint(session: Session, launched: LaunchedTraceSlot | null = null): Endpoint {
  return {
    call: (command, payload) =>
      isWebCommandName(command) ? launchTrace(launched, payload) : dispatch(session, command, payload),
    subscribe: (listener) => session.subscribe(listener),
  };
}
