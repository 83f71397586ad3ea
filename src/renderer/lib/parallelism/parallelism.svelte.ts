// The lesson's two curves for this window: keeps a ParallelismFeed up to date once per frame,
// right after the run store has applied the frame's events, then tells the chart (a frame task)
// and publishes the few numbers the DOM shows. Runs in the renderer; App creates one.

import type { FrameScheduler, FrameTask } from '../frame/frame';
import { FrameGroup } from '../frame/frame';
import { ParallelismFeed, type LiveCurves, type SampleLog } from './parallelism-feed';
import type { RunStore } from '../record/run.svelte';

/** After the store's intake (order -1), before anything draws (order 0). */
const FEED_ORDER = -0.5;

export class ParallelismView {
  private readonly feed = new ParallelismFeed();
  private readonly watchers = new FrameGroup();
  /** The tasks' CPU summed from this run's samples so far, ms; null where nothing is measured. */
  sampledCpuMs = $state.raw<number | null>(null);
  /** Whether the executing curve is measured (samples carry per-task CPU) or inferred. */
  measured = $state(false);

  constructor(
    private readonly store: RunStore,
    private readonly samples: SampleLog,
    frames: FrameScheduler,
  ) {
    const task = frames.register(() => this.update(), { order: FEED_ORDER });
    store.watchLanes(task);
    store.watchMeters(task);
  }

  /** A drawer of the curves: invalidated whenever they change. */
  watch(task: FrameTask): () => void {
    return this.watchers.add(task);
  }

  curves(): LiveCurves {
    return this.feed.curves();
  }

  private update(): void {
    if (!this.feed.update(this.store.model, this.samples)) return;
    const curves = this.feed.curves();
    if (curves.sampledCpuMs !== this.sampledCpuMs) this.sampledCpuMs = curves.sampledCpuMs;
    if (curves.measured !== this.measured) this.measured = curves.measured;
    this.watchers.invalidate();
  }
}
