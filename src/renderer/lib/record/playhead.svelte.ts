// The one playhead over the run's record: every view draws the record as it stood at the
// playhead's time. Live, it follows the record's head; paused, stepped or replaying (0.1–4×), it
// stands where the learner put it while the run goes on. Runs in the renderer; RunStore owns it,
// the playhead bar and the keys move it, the views read `ms` (reactive) or `drawMs` (per frame).
// The rules are pure (playhead-model.ts); this keeps the state and plays on the frame scheduler.

import type { FrameScheduler, FrameTask } from '../frame/frame';
import * as rules from './playhead-model';
import type { RecordLike } from './record-at';

export interface PlayheadSource {
  /** The record the playhead moves over. */
  record(): RecordLike;
  /** The record's head for the frame at `now` (the live edge, or the run's end). */
  headAt(now: number): number;
  /** The head as the page shows it (reactive, in the status clock's steps). */
  shownHead(): number;
  /** Nothing more will come (the run ended, or none is shown). */
  ended(): boolean;
  /** The playhead moved: the canvases draw again. */
  moved(): void;
}

export class Playhead {
  #state = $state.raw<rules.PlayheadState>(rules.initialPlayhead());
  private readonly task: FrameTask;
  private lastFrame: number | null = null;

  constructor(
    private readonly source: PlayheadSource,
    frames: FrameScheduler,
    private readonly now: () => number,
  ) {
    // Before the store's intake (-1), which then republishes the DOM's values at the new time.
    this.task = frames.register((now) => this.onFrame(now), { order: -1.5 });
  }

  private head(now = this.now()): rules.RecordHead {
    return { headMs: this.source.headAt(now), ended: this.source.ended() };
  }

  /** The head as shown (reactive), for what the DOM says. */
  private shown(): rules.RecordHead {
    return { headMs: this.source.shownHead(), ended: this.source.ended() };
  }

  private set(next: rules.PlayheadState): void {
    if (next === this.#state) return;
    this.#state = next;
    if (next.playing) {
      this.lastFrame = null;
      this.task.invalidate();
    }
    this.source.moved();
  }

  /** Following the record's head. */
  get live(): boolean {
    return this.#state.live;
  }

  /** Replaying by itself, or live while the run goes on (the button then reads "Pause"). */
  get playing(): boolean {
    return rules.moving(this.#state, this.shown());
  }

  get speed(): number {
    return this.#state.speed;
  }

  /** Bumped by every jump (not by playing forward): drawers start their picture afresh. */
  get jumps(): number {
    return this.#state.jumps;
  }

  /** The playhead's time, ms since the run's start (reactive: live, in the status clock's steps). */
  get ms(): number {
    return rules.playheadMs(this.#state, this.shown());
  }

  /** The playhead's time, s. */
  get t(): number {
    return this.ms / 1000;
  }

  /** The head's time as shown, ms (the slider's end). */
  get headMs(): number {
    return this.source.shownHead();
  }

  /** How far behind live the view stands, ms (0 when live or after the run). */
  get behindMs(): number {
    return rules.behindLiveMs(this.#state, this.shown());
  }

  /** The time a canvas draws in the frame at `now` (live: the smooth live edge). */
  drawMs(now: number): number {
    return rules.playheadMs(this.#state, this.head(now));
  }

  play(): void {
    this.set(rules.play(this.#state, this.head()));
  }

  pause(): void {
    this.set(rules.pause(this.#state, this.head()));
  }

  togglePlay(): void {
    this.set(rules.togglePlay(this.#state, this.head()));
  }

  /** To `t` seconds from the run's start. */
  seek(t: number): void {
    this.seekMs(t * 1000);
  }

  seekMs(ms: number): void {
    this.set(rules.seek(this.#state, this.head(), ms));
  }

  stepForward(): void {
    this.set(rules.stepEvent(this.#state, this.head(), this.source.record(), 1));
  }

  stepBack(): void {
    this.set(rules.stepEvent(this.#state, this.head(), this.source.record(), -1));
  }

  stepPrint(dir: 1 | -1): void {
    this.set(rules.stepPrint(this.#state, this.head(), this.source.record(), dir));
  }

  toStart(): void {
    this.set(rules.toStart(this.#state, this.head()));
  }

  toEnd(): void {
    this.set(rules.toEnd(this.#state, this.head()));
  }

  backToLive(): void {
    this.set(rules.backToLive(this.#state));
  }

  setSpeed(speed: number): void {
    this.set({ ...this.#state, speed: rules.clampSpeed(speed) });
  }

  /** A new run (or none): follow its head, keeping the chosen speed. */
  reset(): void {
    this.#state = rules.initialPlayhead(this.#state.speed);
    this.lastFrame = null;
  }

  private onFrame(now: number): void {
    if (!this.#state.playing) return;
    const elapsed = this.lastFrame === null ? 0 : now - this.lastFrame;
    this.lastFrame = now;
    const next = rules.advance(this.#state, this.head(now), elapsed);
    if (next !== this.#state) {
      this.#state = next;
      this.source.moved();
    }
    // Every frame while it plays: replay is as smooth as the screen.
    if (next.playing) this.task.invalidate();
  }
}
