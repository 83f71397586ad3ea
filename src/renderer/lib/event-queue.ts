// Holds what the engine sent until the next animation frame: event batches (stamped with when
// they arrived) and record snapshots, in arrival order. Receiving never touches the DOM; the
// store drains this once per frame. Runs in the renderer; pure.

import type { EngineEvent, RecordSnapshot } from '../../core/contract';

export type Incoming =
  | { kind: 'events'; events: EngineEvent[]; at: number }
  | { kind: 'snapshot'; snapshot: RecordSnapshot | null; at: number };

export class EventQueue {
  private items: Incoming[] = [];

  push(item: Incoming): void {
    this.items.push(item);
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
