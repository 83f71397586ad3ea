import { describe, expect, it } from 'vitest';
import {
  failuresText,
  LOST_CONNECTION,
  SERVER_RESTARTED,
  statusView,
  type StatusInput,
} from '../../../../src/renderer/lib/controls/status';

const base: StatusInput = { connection: 'open', phase: { kind: 'idle' }, liveMs: 0, failures: [], error: null };

describe('statusView', () => {
  it('says idle, running with its clock, done in X.XX s, stopped', () => {
    expect(statusView(base).text).toBe('idle');
    const running = statusView({ ...base, phase: { kind: 'running' }, liveMs: 1_234 });
    expect(`${running.text} · ${running.clock}`).toBe('running · 1.2 s');
    expect(statusView({ ...base, phase: { kind: 'ended', status: 'done', ms: 2_046 } }).text).toBe('done in 2.05 s');
    expect(statusView({ ...base, phase: { kind: 'ended', status: 'stopped', ms: 800 } }).text).toBe(
      'stopped after 0.80 s',
    );
  });

  it('says idle once an ended run is no longer news, never an old failure', () => {
    const failed = { kind: 'ended', status: 'failed', ms: 500, error: "NameError: name 'x' is not defined" } as const;
    expect(statusView({ ...base, phase: failed }).text).toContain('NameError');
    expect(statusView({ ...base, phase: failed, retired: true })).toEqual({ text: 'idle', tone: 'neutral' });
    // Retiring concerns ended runs only: a run going on is always news.
    expect(statusView({ ...base, phase: { kind: 'running' }, retired: true }).text).toBe('running');
  });

  it('names the failed task and its error', () => {
    const view = statusView({
      ...base,
      phase: { kind: 'ended', status: 'failed', ms: 500 },
      failures: [{ task: 0, t: 200, detail: 'process exited with code 1' }],
    });
    expect(view).toEqual({ text: 'failed: task 1 — process exited with code 1', tone: 'bad' });
    const named = failuresText([{ task: 0, t: 1, detail: 'task 1 raised an error at step 1 (injected fault)' }]);
    expect(named).toBe('task 1 raised an error at step 1 (injected fault)');
  });

  it('counts rather than lists many failures', () => {
    const failures = Array.from({ length: 5 }, (_, task) => ({ task, t: 10, detail: 'thread exited with code 1' }));
    expect(failuresText(failures)).toBe('task 1 — thread exited with code 1 (and 4 more tasks failed)');
  });

  it('puts a refused run and a lost connection first, in words', () => {
    const error = 'Tasks must be a whole number from 1 to 64 (got 65).';
    expect(statusView({ ...base, error }).text).toBe(error);
    expect(statusView({ ...base, error, connection: 'lost' }).text).toBe(LOST_CONNECTION);
    expect(LOST_CONNECTION).toBe('Lost connection to the Lanes engine; retrying…');
  });

  it('says plainly when lanes web restarted and what to open, rather than retrying in silence', () => {
    const refused = statusView({ ...base, phase: { kind: 'running' }, connection: 'refused' });
    expect(refused).toEqual({ text: SERVER_RESTARTED, tone: 'bad' });
    expect(SERVER_RESTARTED).toBe('lanes web was restarted: open the new address it printed (ending in ?token=…)');
  });
});
