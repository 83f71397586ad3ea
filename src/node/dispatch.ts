// Routes a validated command to the session. The Electron IPC handlers and the WebSocket
// bridge both call this, so each command is handled in one place. Runs in the engine.

import type { CommandName, Commands, Result } from '../core/contract';
import { describe, err, isCommandName, validatePayload } from '../core/validate';
import type { Session } from './session';

type Handlers = {
  [K in CommandName]: (session: Session, payload: Commands[K]['request']) => Result<Commands[K]['response']>;
};

const HANDLERS: Handlers = {
  hello: (session) => ({ ok: true, value: session.hello() }),
  run: (session, request) => session.start(request),
  stop: (session) => session.stop(),
  record: (session) => ({ ok: true, value: session.snapshot() }),
};

/** Validates a command from outside and runs it; never throws. */
export function dispatch(session: Session, command: unknown, payload: unknown): Result<unknown> {
  // describe() names any value without converting it (String() throws on some objects).
  if (!isCommandName(command)) return err(`Unknown command ${describe(command)}.`);
  const valid = validatePayload(command, payload);
  if (!valid.ok) return valid;
  try {
    return (HANDLERS[command] as (session: Session, payload: unknown) => Result<unknown>)(session, valid.value);
  } catch (error) {
    return err(`Internal error in ${command}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
