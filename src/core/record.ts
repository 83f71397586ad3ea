// A run's record: every event of one run, in arrival order, bounded so an endless run cannot
// exhaust memory. The live view, late-joining windows and the trace export all read it.
// Runs anywhere (the engine keeps one per run).

import type { EngineEvent, RecordSnapshot, RunStartEvent } from './contract';

/** About 100 bytes an event: half a million events stay under ~50 MB in the engine. */
export const MAX_RECORD_EVENTS = 500_000;

export class RunRecord {
  private readonly events: EngineEvent[] = [];
  private dropped = 0;

  constructor(
    readonly start: RunStartEvent,
    private readonly capacity = MAX_RECORD_EVENTS,
  ) {
    this.events.push(start);
  }

  get runId(): number {
    return this.start.runId;
  }

  /** Appends an event; past capacity later events are dropped (never the run's end) and counted. */
  add(event: EngineEvent): void {
    if (this.events.length < this.capacity || event.kind === 'run-end') {
      this.events.push(event);
      return;
    }
    this.dropped++;
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  get size(): number {
    return this.events.length;
  }

  all(): readonly EngineEvent[] {
    return this.events;
  }

  snapshot(): RecordSnapshot {
    return { events: this.events.slice(), truncated: this.truncated };
  }
}
