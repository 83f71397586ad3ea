// Engine sessions for tests, from the built bundle (out/node) with no sampler, each recording
// what it emits and each disposed after its test, so no process outlives it.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';
import type { EngineEvent, RunEndEvent, RunRequest } from '../../../src/core/contract';
import { createNodeSession } from '../../../src/node/node-session';
import type { Session } from '../../../src/node/session';

/** Call once per test file: returns the factory, and disposes its sessions after each test. */
export function testSessions(): () => { session: Session; events: EngineEvent[] } {
  const sessions: Session[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((session) => session.dispose()));
  });
  return () => {
    const session = createNodeSession({
      shell: 'web',
      bundleDir: pathToFileURL(resolve('out/node') + '/'),
      sampler: null,
    });
    sessions.push(session);
    const events: EngineEvent[] = [];
    session.subscribe((batch) => events.push(...batch));
    return { session, events };
  };
}

/** Starts `request` on a session from the factory and waits for its end (and its last batch). */
export async function runToEnd(
  made: { session: Session; events: EngineEvent[] },
  request: RunRequest,
): Promise<{ events: EngineEvent[]; end: RunEndEvent }> {
  const accepted = made.session.start(request);
  if (!accepted.ok) throw new Error(accepted.error);
  const end = await made.session.current!;
  await new Promise((r) => setTimeout(r, 30)); // let the last batch flush
  return { events: made.events, end };
}
