// Whether the engine's events reach the run store. While an opened trace is shown they are held
// back (only noted: a run started elsewhere never takes the teacher's place); going back to live
// asks the engine for its record and keeps every event that arrives meanwhile, so the record
// replaces the opened run and the kept events follow it with nothing lost. The core meters stay
// live meanwhile: they show the machine now, as they do after any run. Runs in the renderer;
// pure (no runes): the Session routes each batch through it and mirrors its state.

import type { EngineEvent, SampleEvent } from '../../../core/contract';

/** live: events are applied; held: an opened run is shown; returning: its record is on its way. */
export type HoldState = 'live' | 'held' | 'returning';

/** The newest run the engine started while an opened run was shown. */
export interface EngineNews {
  runId: number;
  ended: boolean;
}

export type Route = 'apply' | 'keep' | 'drop';

/**
 * The CPU samples of a dropped batch as the meters may take them: as samples of no run (runId
 * null, no per-task figures), so they move the meters and can never land in the opened run.
 */
export function meterSamples(events: readonly EngineEvent[]): SampleEvent[] {
  return events
    .filter((event): event is SampleEvent => event.kind === 'sample')
    .map((sample) => ({ ...sample, runId: null, tasks: [] }));
}

export class EngineHold {
  state: HoldState = 'live';
  news: EngineNews | null = null;
  private kept: EngineEvent[][] = [];
  private generation = 0;

  /** What to do with a batch from the engine: apply it now, keep it for after the record, or drop it. */
  route(events: readonly EngineEvent[]): Route {
    if (this.state === 'live') return 'apply';
    for (const event of events) {
      if (event.kind === 'run-start') this.news = { runId: event.runId, ended: false };
      else if (event.kind === 'run-end' && this.news?.runId === event.runId) this.news = { ...this.news, ended: true };
    }
    if (this.state === 'held') return 'drop';
    this.kept.push([...events]);
    return 'keep';
  }

  /** An opened run is shown from now on (another one may replace it); a return under way is abandoned. */
  hold(): void {
    this.state = 'held';
    this.kept = [];
    this.news = null;
    this.generation++;
  }

  /** Going back to live begins (the engine's record is asked for); null when already live. */
  beginReturn(): number | null {
    if (this.state === 'live') return null;
    this.state = 'returning';
    this.kept = [];
    return ++this.generation;
  }

  /**
   * The record for return `generation` has arrived: live again, with the batches kept meanwhile
   * (to apply after the record). null when that return was abandoned (another run was opened).
   */
  finishReturn(generation: number): EngineEvent[][] | null {
    if (generation !== this.generation || this.state !== 'returning') return null;
    this.state = 'live';
    this.news = null;
    const kept = this.kept;
    this.kept = [];
    return kept;
  }
}
