// The one animation-frame scheduler. Components register draw callbacks; a frame runs only when
// one of them is dirty or a run is live, and the loop stops entirely when nothing changes (the
// observer effect: an idle page must cost no CPU). Runs in the renderer; the frame source is
// injected so the policy is unit-tested without a browser.

import { NOMINAL_SAMPLE_MS } from '../../../core/parallelism';

export interface FrameSource {
  request(callback: (now: number) => void): number;
  /** Calls back once after `ms` (a timer): paces live frames below the display's rate. */
  after(callback: () => void, ms: number): void;
  /** The clock frame times are on (performance.now() in a browser). */
  now(): number;
}

/**
 * A live run redraws at about 30 frames a second, not 60: the edge still moves smoothly, and
 * the renderer's own CPU use (which the core meters show) drops by about half on 2 cores.
 * Anything that actually changed (a batch of events, a resize) still draws on the next frame:
 * pacing those to 30 fps too was measured (16 tasks × 200 events/s, headless Chromium, 2 cores)
 * to save only ~0.1 cores while putting event-to-pixel p95 at 42–48 ms, over the 33 ms goal.
 */
export const LIVE_FRAME_MS = 33;
/**
 * While only time advances (a sleeping lane's edge, the clock), a live frame comes when the live
 * edge has moved EDGE_STEP_PX, but at most every LIVE_FRAME_MS. Every frame that changes the
 * picture costs the browser about 5 ms of CPU across its processes, whatever it changes
 * (measured: headless Chromium, 2 cores, software compositing), and the CPU samples already
 * change the meters, core lanes and charts every NOMINAL_SAMPLE_MS. So an edge that would not
 * move its step sooner than that (the threading lesson's, about 50 px a second at 1280×720) moves
 * with the samples, in their frames: its own timer waits MAX_LIVE_FRAME_MS, half a sample period
 * longer, and fires only when samples are late. (A timer at the edge's own pace, between 100 and
 * 120 ms, fired before every sample that arrived a little late: a quarter more frames, measured.)
 * A faster edge (a larger screen, zoomed in) gets up to 30 frames, never steps over 6 px.
 */
export const EDGE_STEP_PX = 6;
export const MAX_LIVE_FRAME_MS = NOMINAL_SAMPLE_MS * 1.5;
/**
 * While a run is quiet (none of its tasks is running on a CPU: the threading lesson's sleeps, a
 * program waiting for I/O), a slow edge and the meters move five times a second, every second
 * sample: nothing on screen changes faster than that, and each frame costs the same whatever it
 * changes (measured, the threading lesson: 10 frames a second cost 0.12 cores, 5 cost 0.08). A
 * task starting to run, a print or a state change still draws in the next frame.
 */
export const QUIET_FRAME_MS = NOMINAL_SAMPLE_MS * 2;

/**
 * The live interval for an edge moving `pxPerMs` CSS px per ms on screen (0: not on screen),
 * `quiet` while none of the run's tasks is on a CPU.
 */
export function liveInterval(pxPerMs: number, quiet = false): number {
  if (!(pxPerMs > 0)) return quiet ? QUIET_FRAME_MS : LIVE_FRAME_MS;
  const step = EDGE_STEP_PX / pxPerMs;
  if (step < NOMINAL_SAMPLE_MS) return Math.max(LIVE_FRAME_MS, step);
  return quiet ? QUIET_FRAME_MS : MAX_LIVE_FRAME_MS;
}

/**
 * While the run's tasks keep every core busy, the page draws at 4 frames a second and applies
 * batches only on those frames: the observer steps back when the observed needs the cores
 * (measured: an open window cut a 2-process speedup from 1.79× to 1.26× at 30 fps).
 */
export const YIELD_FRAME_MS = 250;
/** Frame timestamps jitter by a few ms; a live frame this close to due counts as due. */
const LIVE_SLACK_MS = 4;

export interface FrameTask {
  /** Marks the task to run in the next frame (scheduling one if needed). */
  invalidate(): void;
  dispose(): void;
}

export interface FrameOptions {
  /** Lower runs first: the store applies queued events (order -1) before anything draws. */
  order?: number;
  /** Runs every frame while the scheduler is live (a growing run), dirty or not. */
  live?: boolean;
}

/** Called with the frame time and whether the task was invalidated (false: a live frame only). */
export type FrameCallback = (now: number, dirty: boolean) => void;

interface Entry {
  callback: FrameCallback;
  order: number;
  live: boolean;
  dirty: boolean;
}

export class FrameScheduler {
  private entries: Entry[] = [];
  private handle: number | null = null;
  private isLive = false;
  /** The frame after going idle draws the live tasks once more (see setLive). */
  private finalLive = false;
  /** Inside a frame, scheduling waits for its end: a task dirtied now may still run in it. */
  private inFrame = false;
  /** Frames run so far (tests and the app's self-measurement read it). */
  frames = 0;

  private pacing = false;
  private lastLiveFrame = -Infinity;

  constructor(
    private readonly source: FrameSource,
    private liveFrameMs = LIVE_FRAME_MS,
  ) {}

  /** The interval between live-only frames (liveInterval(), or YIELD_FRAME_MS while yielding). */
  setLiveInterval(ms: number): void {
    this.liveFrameMs = ms;
  }

  get liveInterval(): number {
    return this.liveFrameMs;
  }

  register(callback: FrameCallback, options: FrameOptions = {}): FrameTask {
    const entry: Entry = { callback, order: options.order ?? 0, live: options.live ?? false, dirty: true };
    this.entries = [...this.entries, entry].sort((a, b) => a.order - b.order);
    this.schedule();
    return {
      invalidate: () => {
        entry.dirty = true;
        this.schedule();
      },
      dispose: () => {
        this.entries = this.entries.filter((other) => other !== entry);
      },
    };
  }

  get live(): boolean {
    return this.isLive;
  }

  /**
   * While live, live tasks run every frame; going idle lets the loop stop after one more frame,
   * which draws the live tasks once more: what they left for the next live frame (the Console's
   * newest line to bring into view) is done even when the run ended or its news stopped.
   */
  setLive(live: boolean): void {
    if (live === this.isLive) return;
    this.isLive = live;
    if (!live) this.finalLive = true;
    this.schedule();
  }

  /** Whether a frame (or a paced live frame) is pending: false means the page is fully idle. */
  get scheduled(): boolean {
    return this.handle !== null || this.pacing;
  }

  private schedule(): void {
    if (this.handle !== null || this.inFrame) return;
    this.handle = this.source.request((now) => this.frame(now));
  }

  private frame(now: number): void {
    this.handle = null;
    this.frames++;
    this.inFrame = true;
    // A live-only frame that comes early (a display without vsync runs rAF right after the
    // timer) waits for the rest of its interval; dirty work never waits.
    // Paced on the source's clock, not the frame timestamp: a frame's timestamp is when the
    // frame began, which can be well before this callback runs.
    const at = this.source.now();
    const dirtyWork = this.entries.some((entry) => entry.dirty);
    const sinceLive = at - this.lastLiveFrame;
    // A frame that draws anyway, past half the interval (or half a sample period, when the edge
    // moves with the samples), draws the live tasks too: the next live frame is then a whole
    // interval away (samples arriving every 100 ms, a little early or late, drive the live pace).
    const liveDue =
      this.finalLive ||
      (this.isLive &&
        (sinceLive >= this.liveFrameMs - LIVE_SLACK_MS ||
          (dirtyWork && sinceLive >= Math.min(this.liveFrameMs, NOMINAL_SAMPLE_MS) / 2)));
    this.finalLive = false;
    if (!dirtyWork && !liveDue) {
      this.inFrame = false;
      if (this.isLive) this.scheduleLive();
      return;
    }
    if (liveDue) this.lastLiveFrame = at;
    // Iterate a copy: a callback may register or dispose tasks. Dirtiness is checked as each
    // task's turn comes, so an earlier task (the store) can dirty later ones (the canvases).
    for (const entry of this.entries.slice()) {
      if (!this.entries.includes(entry)) continue;
      const dirty = entry.dirty;
      if (!dirty && !(liveDue && entry.live)) continue;
      entry.dirty = false;
      try {
        entry.callback(now, dirty);
      } catch (error) {
        // One broken drawer must not freeze every other one.
        console.error('lanes: a frame task failed', error);
      }
    }
    this.inFrame = false;
    if (this.entries.some((entry) => entry.dirty) || this.finalLive) this.schedule();
    else if (this.isLive) this.scheduleLive();
  }

  /** The next live-only frame: a timer until it is due, then the next animation frame. */
  private scheduleLive(): void {
    if (this.pacing) return;
    const wait = this.lastLiveFrame + this.liveFrameMs - LIVE_SLACK_MS - this.source.now();
    if (wait <= 0) {
      this.schedule();
      return;
    }
    this.pacing = true;
    this.source.after(() => {
      this.pacing = false;
      // A frame that drew the live tasks meanwhile moved the due time: wait again, not a frame now.
      if (this.isLive) this.scheduleLive();
    }, wait);
  }
}

/** Frame tasks that depend on the same data: the data's owner invalidates them together. */
export class FrameGroup {
  private readonly tasks = new Set<FrameTask>();

  add(task: FrameTask): () => void {
    this.tasks.add(task);
    return () => this.tasks.delete(task);
  }

  invalidate(): void {
    for (const task of this.tasks) task.invalidate();
  }
}
