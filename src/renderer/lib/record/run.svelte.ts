// The run as this window sees it: engine batches and record snapshots are queued on receipt and
// applied once per animation frame into the RunModel; the few values the DOM shows are then
// republished as $state.raw (replaced, never deeply proxied). Canvases read the model directly
// when the store tells them it changed. Runs in the renderer; one per window.

import {
  MAIN_TASK,
  type EngineEvent,
  type RecordSnapshot,
  type RunSpec,
  type SampleEvent,
  type TaskState,
} from '../../../core/contract';
import { EventQueue } from './event-queue';
import { drainQueue, needsOwnFrame } from './intake';
import { FrameGroup, liveInterval, YIELD_FRAME_MS, type FrameScheduler, type FrameTask } from '../frame/frame';
import { shouldYield } from '../frame/yield';
import { laneGroups, type LaneGroup } from '../timeline/lane-groups';
import { LiveClock } from './live-clock';
import { MeterHistory, tasksByCore, type MeterPoint } from '../meters/meter-history';
import { Highlight } from '../console/highlight.svelte';
import { Playhead } from './playhead.svelte';
import {
  coreTasksAt,
  endsAt,
  failuresAt,
  lineCountAt,
  linesAt,
  meterPointAt,
  meterPointsUpTo,
  sampleIndexAt,
} from './record-at';
import { RunModel, type ConsoleLine, type Failure } from './run-model';
import type { TaskTrack } from './task-track';
import type { RunPhase } from '../controls/status';
import { finalDomainEnd, initialDomainEnd, liveDomainEnd } from '../timeline/time-domain';
import { Viewport } from '../timeline/viewport.svelte';

/** Lines kept on screen; the record keeps every line (about 2,000 DOM rows stay cheap to lay out). */
export const CONSOLE_CAP_LINES = 2_000;
/**
 * Lines on screen away from the head: more than any Console shows at once, few enough that a
 * seek anywhere in an hour's record lays them out within a frame (older lines there are not kept
 * as objects, so each seek builds its lines afresh; the note above the Console counts the rest).
 */
export const REPLAY_CONSOLE_LINES = 200;
/** The status clock shows tenths; republishing faster would only make work. */
const CLOCK_STEP_MS = 100;
/**
 * Text on the page (new console lines, the status clock) is republished on the frames that also
 * bring a CPU sample (10 a second, which move the meters anyway), or after this long without one.
 * A line appearing within 100 ms reads as immediate; and frames that change only the lanes' small
 * live canvas stay cheap to composite, where text changing in other frames would make the page
 * redraw a much larger area. The lanes themselves are not paced: they draw each batch in the
 * frame after it arrives.
 */
const TEXT_FALLBACK_MS = 150;

export class RunStore {
  readonly model = new RunModel();
  readonly meters = new MeterHistory();
  readonly clock = new LiveClock();
  /** The time window every timeline view shows (task lanes, core lanes, charts). */
  readonly viewport = new Viewport();
  /** The printed line pointed at, shared by the Console and the lanes. */
  readonly highlight = new Highlight();
  private readonly queue = new EventQueue();
  private readonly laneWatchers = new FrameGroup();
  private readonly coreWatchers = new FrameGroup();
  private readonly meterWatchers = new FrameGroup();
  private readonly intake: FrameTask;
  private lastRunSample: SampleEvent | null = null;
  private connected = true;
  private linesPending = false;
  private textAt = -Infinity;
  private afterApply: (() => void)[] = [];
  /** The playhead time the DOM values were last published for; null while following the head. */
  private shownAt: number | null = null;
  private shownSample = -1;
  /** Lane names of the snapshot queued last (an opened trace from another tool); taken when it is shown. */
  private snapshotNames: readonly string[] | null = null;
  /** The shown run's lanes as its file names them; null: Lanes' own names. */
  private laneNames: readonly string[] | null = null;

  runId = $state.raw<number | null>(null);
  spec = $state.raw<RunSpec | null>(null);
  phase = $state.raw<RunPhase>({ kind: 'idle' });
  groups = $state.raw<LaneGroup[]>([]);
  lines = $state.raw<ConsoleLine[]>([]);
  /** Lines printed in this run, including those scrolled off the capped console. */
  lineCount = $state(0);
  failures = $state.raw<Failure[]>([]);
  /** Sum of the tasks' CPU time at the end, ms (null while running or where unmeasured). */
  cpuMs = $state.raw<number | null>(null);
  truncated = $state(false);
  /** Live wall time, in CLOCK_STEP_MS steps (for the status line). */
  clockMs = $state(0);
  /** Where the time axis ends, ms since the run's start. */
  domainEnd = $state(1_000);
  latestPoint = $state.raw<MeterPoint | null>(null);
  /** Logical cores: from hello until samples say otherwise. */
  coreCount = $state(0);
  /** Per core, the tasks that used CPU on it in the latest sample of this run (Linux measures it). */
  coreTasks = $state.raw<number[][]>([]);
  notice = $state.raw<string | null>(null);
  /** Each task's end state once it has one (lane labels mark done, failed, stopped). */
  taskEnds = $state.raw<(TaskState | null)[]>([]);
  /** Drawing at YIELD_FRAME_MS because a run's tasks keep the cores busy (the meters say so). */
  yielding = $state(false);
  private yieldCheckedAt = performance.now();
  /** A live run none of whose tasks (nor its main program) is on a CPU now (frame.ts QUIET_FRAME_MS). */
  private quiet = false;

  /** The one frame scheduler (views that belong to the store register on it too). */
  readonly frames: FrameScheduler;
  /** The moment every view shows: the live head, or where the learner put it (replay). */
  readonly playhead: Playhead;

  constructor(frames: FrameScheduler) {
    this.frames = frames;
    this.playhead = new Playhead(
      {
        record: () => this.model,
        headAt: (now) => this.liveMs(now),
        shownHead: () =>
          this.phase.kind === 'ended' ? this.phase.ms : this.phase.kind === 'running' ? this.clockMs : 0,
        ended: () => !this.model.running,
        moved: () => {
          this.intake.invalidate();
          this.laneWatchers.invalidate();
          this.coreWatchers.invalidate();
          this.meterWatchers.invalidate();
        },
      },
      frames,
      () => performance.now(),
    );
    // order -1: events land before anything draws in the same frame.
    this.intake = frames.register((now) => this.onFrame(now), { order: -1, live: true });
  }

  /**
   * Transport callback: queue, and ask for a frame unless the next live frame will do
   * (intake.ts needsOwnFrame); nothing else happens on receipt.
   */
  receive = (events: EngineEvent[]): void => {
    this.queue.push({ kind: 'events', events, at: performance.now() });
    if (needsOwnFrame(events, this.frames.live, this.yielding, this.frames.liveInterval)) this.intake.invalidate();
  };

  /**
   * The engine's record after (re)connecting, or an opened trace's; null when there is no run at
   * all. `applied` runs in the frame that shows it, so "connected" and the caught-up picture
   * appear together. `laneNames`: the lanes as an opened file names them.
   */
  receiveSnapshot(
    snapshot: RecordSnapshot | null,
    applied?: () => void,
    laneNames: readonly string[] | null = null,
  ): void {
    this.queue.push({ kind: 'snapshot', snapshot, at: performance.now() });
    this.snapshotNames = laneNames;
    if (applied) this.afterApply.push(applied);
    this.intake.invalidate();
  }

  /** Calls back in the next frame, after everything queued so far has been applied. */
  whenApplied(callback: () => void): void {
    this.afterApply.push(callback);
    this.intake.invalidate();
  }

  /** A canvas that draws the lanes: invalidated whenever they change. */
  watchLanes(task: FrameTask): () => void {
    return this.laneWatchers.add(task);
  }

  /** A canvas drawing the run's CPU samples (core lanes): invalidated when run samples arrive. */
  watchCores(task: FrameTask): () => void {
    return this.coreWatchers.add(task);
  }

  watchMeters(task: FrameTask): () => void {
    return this.meterWatchers.add(task);
  }

  /** The live edge for drawing at frame time `now` (the run's end once it is over). */
  liveMs(now: number): number {
    if (this.model.end) return this.model.end.t;
    return this.model.running ? this.clock.now(now) : this.model.latestT;
  }

  /** The time the views draw in the frame at `now`: the playhead's (live: the live edge). */
  shownMs(now: number): number {
    return this.playhead.drawMs(now);
  }

  /** The views show a moment other than the head (paused, stepped, replaying). */
  get replaying(): boolean {
    return !this.playhead.live;
  }

  private onFrame(now: number): void {
    const frame = drainQueue(this.queue, this.model, this.clock, this.meters);
    const model = this.model;
    if (frame.newRun) {
      this.laneNames = this.snapshotNames;
      this.snapshotNames = null;
      this.lastRunSample = null;
      this.notice = null;
      this.runId = model.runId;
      this.spec = model.spec;
      this.domainEnd = model.spec ? initialDomainEnd(model.spec) : 1_000;
      this.truncated = model.truncated;
      this.coreTasks = [];
      this.highlight.reset();
      this.playhead.reset();
      this.viewport.reset(this.domainEnd, model.running);
    }
    if (frame.runSample) this.lastRunSample = frame.runSample;
    if (frame.notice !== null) this.notice = frame.notice;
    if (frame.units) {
      const main = model.hasMainLane ? { pid: model.taskOs.get(MAIN_TASK)?.pid ?? null } : null;
      this.groups = model.spec ? laneGroups(model.spec, model.units, main, this.laneNames) : [];
    }
    if (frame.console) this.linesPending = true;
    if (frame.lanes || frame.status) {
      this.quiet = model.running && !runningNow(model.main) && !model.tracks.some(runningNow);
    }
    // A quiet run's prints are few and its frames slow: each line shows with its mark.
    const textDue =
      !model.running ||
      frame.newRun ||
      frame.samples > 0 ||
      (this.quiet && frame.console) ||
      now - this.textAt >= TEXT_FALLBACK_MS;
    if (textDue) this.textAt = now;
    const atHead = this.playhead.live;
    if (this.linesPending && textDue && atHead) {
      this.linesPending = false;
      this.lines = model.lines.recent(CONSOLE_CAP_LINES);
      this.lineCount = model.lines.length;
    }
    if (frame.status) {
      if (atHead) this.failures = model.failures;
      this.cpuMs = model.end?.cpuMs ?? null;
      this.phase = model.end
        ? {
            kind: 'ended',
            status: model.end.status,
            ms: model.end.t,
            ...(model.end.error ? { error: model.end.error } : {}),
          }
        : model.start
          ? { kind: 'running' }
          : { kind: 'idle' };
    }
    if (frame.samples > 0) {
      if (atHead) this.latestPoint = this.meters.latest;
      if (this.latestPoint && this.latestPoint.cores.length !== this.coreCount) {
        this.coreCount = this.latestPoint.cores.length;
      }
      const latest = this.lastRunSample;
      if (atHead) this.coreTasks = latest && model.running ? tasksByCore(latest, this.coreCount) : [];
      this.meterWatchers.invalidate();
      this.updateYield(model.running);
      // Samples of the shown run feed the core lanes; samples between runs move the meters only.
      if (frame.runSample) this.coreWatchers.invalidate();
    }
    const live = this.liveMs(now);
    if (model.running) {
      const stepped = Math.floor(live / CLOCK_STEP_MS) * CLOCK_STEP_MS;
      if (textDue && stepped !== this.clockMs) this.clockMs = stepped;
      const end = liveDomainEnd(this.domainEnd, live);
      if (end !== this.domainEnd) this.domainEnd = end;
    } else if (frame.status && model.end) {
      this.domainEnd = finalDomainEnd(model.end.t);
      this.clockMs = model.end.t;
    }
    this.viewport.update(this.domainEnd, live, model.running);
    if (!this.yielding) this.frames.setLiveInterval(liveInterval(this.viewport.pxPerMs, this.quiet));
    if (frame.lanes) {
      // The core lanes split a shared thread's CPU by the tasks' states: those changed too.
      this.coreWatchers.invalidate();
      if (atHead) this.publishEnds(model.tracks.map((track) => (track.ended ? track.state(track.count - 1) : null)));
      this.laneWatchers.invalidate();
    }
    this.publishPlayhead(now, frame.newRun);
    for (const applied of this.afterApply.splice(0)) applied();
    if (!model.running && this.yielding) this.updateYield(false);
    // Live frames only while a run grows (and news of it can arrive); then the loop stops.
    this.frames.setLive(model.running && this.connected);
  }

  private publishEnds(ends: (TaskState | null)[]): void {
    if (ends.length !== this.taskEnds.length || ends.some((end, i) => end !== this.taskEnds[i])) this.taskEnds = ends;
  }

  /**
   * What the DOM shows, at the playhead: while it follows the head, the values above; paused,
   * stepped or replaying, the record as it stood at its time (lines printed by then, the sample
   * known then, failures and ends so far). Republished only when what it shows changed.
   */
  private publishPlayhead(now: number, newRun: boolean): void {
    const model = this.model;
    if (this.playhead.live) {
      // Following the head already: the values above are the head's.
      if (this.shownAt === null) return;
      // Back to live: the head's values again.
      this.shownAt = null;
      this.lines = model.lines.recent(CONSOLE_CAP_LINES);
      this.lineCount = model.lines.length;
      this.failures = model.failures;
      this.latestPoint = this.meters.latest;
      const latest = this.lastRunSample;
      this.coreTasks = latest && model.running ? tasksByCore(latest, this.coreCount) : [];
      this.publishEnds(model.tracks.map((track) => (track.ended ? track.state(track.count - 1) : null)));
      return;
    }
    const at = this.playhead.drawMs(now);
    if (at === this.shownAt && !newRun) return;
    const first = this.shownAt === null;
    this.shownAt = at;
    const count = lineCountAt(model, at);
    if (first || newRun || count !== this.lineCount) {
      // The same line as the same object: the Console re-lays out only blocks that changed
      // (lines outside the log's recent ring are built afresh at each lookup).
      const shown: Record<number, ConsoleLine> = Object.fromEntries(this.lines.map((line) => [line.seq, line]));
      this.lines = linesAt(model, at, REPLAY_CONSOLE_LINES).map((line) => shown[line.seq] ?? line);
      this.lineCount = count;
    }
    const failures = failuresAt(model, at);
    if (failures.length !== this.failures.length) this.failures = failures;
    this.publishEnds(endsAt(model, at));
    const sample = sampleIndexAt(model, at);
    if (first || newRun || sample !== this.shownSample) {
      this.shownSample = sample;
      const point = meterPointAt(model, at);
      this.latestPoint = point ? { ...point, selfCovers: this.meters.latest?.selfCovers ?? null } : null;
      this.coreTasks = coreTasksAt(model, at);
    }
  }

  /** The meters' history up to the playhead (live: the meters' own memory of the last seconds). */
  meterPoints(now: number): readonly MeterPoint[] {
    if (this.playhead.live) return this.meters.all();
    return meterPointsUpTo(this.model, this.playhead.drawMs(now), this.meters.capacity);
  }

  private updateYield(running: boolean): void {
    const point = this.meters.latest;
    const now = performance.now();
    const eventsPerS = (this.queue.takeEventCount() * 1000) / Math.max(1, now - this.yieldCheckedAt);
    this.yieldCheckedAt = now;
    const next = running && point !== null && shouldYield(this.yielding, point.cores, eventsPerS);
    if (next === this.yielding) return;
    this.yielding = next;
    this.frames.setLiveInterval(next ? YIELD_FRAME_MS : liveInterval(this.viewport.pxPerMs, this.quiet));
  }

  /** Whether the transport is up; while it is down nothing grows (nothing new is known). */
  setConnected(connected: boolean): void {
    this.connected = connected;
    this.frames.setLive(this.model.running && connected);
  }

  /** Cores from hello, before the first sample. */
  setCores(cores: number): void {
    if (this.coreCount === 0) this.coreCount = cores;
  }
}

/** Whether a task's newest state is running on a CPU. */
function runningNow(track: TaskTrack): boolean {
  return track.count > 0 && track.state(track.count - 1) === 'running';
}
