// The Run status sentence: connection trouble first, then a refused run, then the run itself, and
// only while it is the latest news: once the controls changed or a run was refused, an ended run's
// outcome is history (the lanes and Results keep it) and the status is idle again.
// Runs in the renderer; pure so the exact words (which tests and users rely on) are tested.

import type { RunStatus } from '../../../core/contract';
import { formatClock, formatSeconds, taskName } from '../format';
import type { Failure } from '../record/run-model';

/** `refused`: `lanes web` is up but refuses this page (it restarted with a new secret). */
export type Connection = 'connecting' | 'open' | 'lost' | 'refused';

export type RunPhase =
  | { kind: 'idle' }
  /** Run pressed; the engine has not answered yet. */
  | { kind: 'starting' }
  | { kind: 'running' }
  /** `error`: why the run failed where no lane shows it (a learner program's own line). */
  | { kind: 'ended'; status: RunStatus; ms: number; error?: string };

export interface StatusInput {
  connection: Connection;
  phase: RunPhase;
  /** Live wall time for a running run (display only). */
  liveMs: number;
  failures: readonly Failure[];
  /** A refused run: the controls' or the engine's reason, in words. */
  error: string | null;
  /** The ended run's outcome is no longer news: the controls changed, or a run was refused, since. */
  retired?: boolean;
}

export type StatusTone = 'neutral' | 'busy' | 'good' | 'bad' | 'warn';

export interface StatusView {
  text: string;
  tone: StatusTone;
  /** The ticking wall time of a live run: shown, but kept out of screen-reader announcements. */
  clock?: string;
}

/** One failure in words: "task 1 — process exited with code 1" (no echo if the detail names it). */
export function failureText(failure: Failure): string {
  const name = taskName(failure.task);
  return failure.detail.startsWith(name) ? failure.detail : `${name} — ${failure.detail}`;
}

/** The first failure in full; more than two are counted, not listed (a crashed loop fails them all). */
export function failuresText(failures: readonly Failure[]): string {
  if (failures.length === 0) return 'a task failed';
  const sorted = [...failures].sort((a, b) => a.t - b.t || a.task - b.task);
  if (sorted.length <= 2) return sorted.map(failureText).join('; ');
  return `${failureText(sorted[0]!)} (and ${sorted.length - 1} more tasks failed)`;
}

export const LOST_CONNECTION = 'Lost connection to the Lanes engine; retrying…';
/** Retrying cannot help here: only the address the new start printed lets this page in again. */
export const SERVER_RESTARTED = 'lanes web was restarted: open the new address it printed (ending in ?token=…)';

export function statusView(input: StatusInput): StatusView {
  if (input.connection === 'lost') return { text: LOST_CONNECTION, tone: 'warn' };
  if (input.connection === 'refused') return { text: SERVER_RESTARTED, tone: 'bad' };
  if (input.connection === 'connecting') return { text: 'connecting to the Lanes engine…', tone: 'neutral' };
  if (input.error) return { text: input.error, tone: 'bad' };
  const phase = input.retired && input.phase.kind === 'ended' ? { kind: 'idle' as const } : input.phase;
  switch (phase.kind) {
    case 'idle':
      return { text: 'idle', tone: 'neutral' };
    case 'starting':
      return { text: 'starting…', tone: 'busy' };
    case 'running':
      return { text: 'running', clock: formatClock(input.liveMs), tone: 'busy' };
    case 'ended':
      if (phase.status === 'done') return { text: `done in ${formatSeconds(phase.ms)}`, tone: 'good' };
      if (phase.status === 'stopped') return { text: `stopped after ${formatSeconds(phase.ms)}`, tone: 'warn' };
      return { text: `failed: ${phase.error ?? failuresText(input.failures)}`, tone: 'bad' };
  }
}
