// Engine sessions for tests, from the built bundle (out/node) with no sampler, each recording
// what it emits and each disposed after its test, so no process outlives it.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach } from 'vitest';
import type { EngineEvent } from '../../../src/core/contract';
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
