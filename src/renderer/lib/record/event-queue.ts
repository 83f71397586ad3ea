// Holds what the engine sent until the next animation frame: event batches (stamped with when
// they arrived) and record snapshots, in arrival order. Receiving never touches the DOM; the
// store drains this once per frame. Runs in the renderer; pure.

import type { EngineEvent, RecordSnapshot } from '../../../core/contract';

export type Incoming =
  | { kind: 'events'; events: EngineEvent[]; at: number }
  | { kind: 'snapshot'; snapshot: RecordSnapshot | null; at: number };

export class EventQueue {
  private items: Incoming[] = [];
  /** Task events pushed since takeEventCount() last read them (draining does not reset it). */
  private queuedEvents = 0;

  push(item: Incoming): void {
    this.items.push(item);
    if (item.kind === 'events') for (const event of item.events) if (event.kind !== 'sample') this.queuedEvents++;
  }

  /** Task events (not CPU samples) queued since the last call: the run's event rate. */
  takeEventCount(): number {
    const count = this.queuedEvents;
    this.queuedEvents = 0;
    return count;
  }

  get size(): number {
    return this.items.length;
  }

  /** Everything queued, oldest first; the queue is empty afterwards. */
  drain(): Incoming[] {
    const items = this.items;
    this.items = [];
    return items;
  }
}
