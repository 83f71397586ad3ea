// This window's history of finished runs (summaries only), which speedups are measured against,
// and the run the Results panel stays on while its sequential baseline is being measured.
// Runs in the renderer; App creates one and records each run as it ends. Nothing is persisted:
// a baseline measured on another day, or under another load, would not be a fair comparison.

import type { RunSummary } from '../../../core/results';
import type { RunModel } from '../record/run-model';
import { baselineRequest, endedSummary, pinnedSubject, withRun, type Pin } from './results-view';
import type { Session } from '../transport/session.svelte';

/** Summaries kept; a lesson makes a few dozen runs, and each summary is a few numbers. */
export const HISTORY_CAP_RUNS = 200;

export class RunHistory {
  /** Finished runs, oldest first. */
  runs = $state.raw<readonly RunSummary[]>([]);
  private pin = $state.raw<Pin | null>(null);

  /** Records the model's run once it has ended (each run once). */
  recordEnded(model: RunModel, sampledCpuMs: number | null): void {
    const summary = endedSummary(model.start, model.end, sampledCpuMs);
    if (summary) this.runs = withRun(this.runs, summary, HISTORY_CAP_RUNS);
  }

  /** The pinned run, while no newer run was started with Run. */
  pinned(userRuns: number): RunSummary | null {
    return pinnedSubject(this.pin, userRuns);
  }

  /** Runs `subject`'s workload sequentially, keeping the Results panel on `subject` meanwhile. */
  async measureBaseline(subject: RunSummary, session: Session): Promise<void> {
    this.pin = { subject, userRuns: session.userRuns };
    await session.runRequest(baselineRequest(subject));
  }
}
