// A Session's first CPU run waits, off the main thread, for the machine's speed: the run is
// accepted at once, a second run is refused meanwhile, Stop ends it as 'stopped', dispose() ends
// it and the measuring thread; and once measured, later runs start at once.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/core/contract';
import { testSessions } from './test-sessions';

const newSession = testSessions();
const CPU = { workload: 'cpu', executor: 'threads', tasks: 2, steps: 2, stepMs: 50 } as const;
const kinds = (events: EngineEvent[]): string[] =>
  events.map((event) => (event.kind === 'state' ? `state ${event.state}` : event.kind));

describe('the first CPU run on a machine', () => {
  it('is accepted at once and runs when the speed is known; a second run is refused meanwhile', async () => {
    const { session, events } = newSession();
    const accepted = session.start(CPU);
    expect(accepted).toMatchObject({ ok: true, value: { runId: 1 } });
    expect(session.hello().running).toBe(true);
    expect(session.start(CPU)).toEqual({
      ok: false,
      error: 'A run is already in progress: press Stop, or wait for it to finish.',
    });
    const end = await session.current!;
    expect(end).toMatchObject({ runId: 1, status: 'done' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(kinds(events).filter((kind) => kind === 'run-start' || kind === 'run-end')).toEqual([
      'run-start',
      'run-end',
    ]);
    // Measured now: the next run starts within start().
    expect(session.start(CPU)).toMatchObject({ ok: true, value: { runId: 2 } });
    expect(session.snapshot()?.events[0]).toMatchObject({ kind: 'run-start', runId: 2 });
    expect((await session.current!).status).toBe('done');
  });

  it('stopped before it started, it starts and ends as stopped, its tasks marked so', async () => {
    const { session, events } = newSession();
    session.start({ ...CPU, stepMs: 2_000 });
    expect(session.stop()).toEqual({ ok: true, value: { stopped: true } });
    const end = await session.current!;
    expect(end.status).toBe('stopped');
    await new Promise((resolve) => setTimeout(resolve, 30));
    const states = events.flatMap((event) => (event.kind === 'state' && event.task >= 0 ? [event.state] : []));
    expect(states.filter((state) => state === 'stopped')).toHaveLength(2);
    expect(states).not.toContain('done');
  });

  it('ends with the session: dispose() before the speed is known leaves nothing running', async () => {
    const { session } = newSession();
    session.start(CPU);
    const current = session.current!;
    await session.dispose();
    expect((await current).status).toBe('stopped');
    expect(session.hello().running).toBe(false);
  });

  it('does not wait for the speed when the run needs none', () => {
    const { session } = newSession();
    expect(session.start({ lesson: 'threading', stepMs: 5 })).toMatchObject({ ok: true });
    expect(session.snapshot()?.events[0]).toMatchObject({ kind: 'run-start', runId: 1 });
  });
});
