// One frame's intake: everything queued since the last frame is applied to the run model in
// arrival order, and the changes are merged, so the store republishes each value at most once
// per frame however many batches arrived. Runs in the renderer; pure (no runes), unit-tested.

import type { EngineEvent, SampleEvent } from '../../../core/contract';
import { NOMINAL_SAMPLE_MS } from '../../../core/parallelism';
import { MAX_LIVE_FRAME_MS } from '../frame/frame';
import type { EventQueue } from './event-queue';
import type { LiveClock } from './live-clock';
import type { MeterHistory } from '../meters/meter-history';
import type { RunModel } from './run-model';

export interface FrameChanges {
  /** A different run is shown (a run-start, or a snapshot). */
  newRun: boolean;
  lanes: boolean;
  console: boolean;
  units: boolean;
  status: boolean;
  /** Samples pushed into the meters this frame. */
  samples: number;
  /** The newest sample of the shown run, if one arrived this frame. */
  runSample: SampleEvent | null;
  /** The newest notice text, if one arrived. */
  notice: string | null;
  /** Batches and snapshots applied. */
  items: number;
}

export function drainQueue(queue: EventQueue, model: RunModel, clock: LiveClock, meters: MeterHistory): FrameChanges {
  const frame: FrameChanges = {
    newRun: false,
    lanes: false,
    console: false,
    units: false,
    status: false,
    samples: 0,
    runSample: null,
    notice: null,
    items: 0,
  };
  for (const item of queue.drain()) {
    frame.items++;
    const changes = item.kind === 'snapshot' ? model.load(item.snapshot) : model.apply(item.events);
    if (changes.run) {
      frame.newRun = true;
      frame.runSample = null;
      clock.reset();
    }
    // The clock's renderer-time anchor is when the batch arrived, not when it was applied.
    if (model.running) clock.observe(model.latestT, item.at);
    for (const sample of changes.samples) {
      meters.push(sample);
      frame.samples++;
      if (sample.runId !== null && sample.runId === model.runId) frame.runSample = sample;
    }
    for (const notice of changes.notices) frame.notice = notice.text;
    frame.lanes ||= changes.lanes || changes.run;
    frame.console ||= changes.console || changes.run;
    frame.units ||= changes.units || changes.run;
    frame.status ||= changes.status || changes.run;
  }
  return frame;
}

/**
 * Whether a batch that just arrived needs a frame of its own. While a run is live and its live
 * frames come faster than CPU samples (`liveIntervalMs` under NOMINAL_SAMPLE_MS), samples alone wait
 * for the next one: the meters still move ten times a second, in frames the lanes draw anyway.
 * Slower live frames are paced by the samples themselves (frame.ts: a frame that draws anyway
 * draws the live edge too). A quiet run's slower live frames (QUIET_FRAME_MS) take the samples
 * that arrived meanwhile, two at a time. While the page steps back for the run's tasks (yielding) everything
 * waits for its slower live frames.
 */
export function needsOwnFrame(
  events: readonly EngineEvent[],
  live: boolean,
  yielding: boolean,
  liveIntervalMs: number,
): boolean {
  if (!live) return true;
  if (yielding) return false;
  const samplesPace = liveIntervalMs >= NOMINAL_SAMPLE_MS && liveIntervalMs <= MAX_LIVE_FRAME_MS;
  return samplesPace || events.some((event) => event.kind !== 'sample');
}
