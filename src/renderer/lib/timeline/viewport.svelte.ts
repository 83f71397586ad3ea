// The one time window every timeline view shares (task lanes, core lanes, the concurrency chart):
// what is on screen, and whether it follows a live run. The store advances it once per frame; the
// views' gestures zoom and pan it. Runs in the renderer; the maths is in view-window.ts.

import { advanced, fitted, following, panned, revealed, sameWindow, zoomed, type ViewWindow } from './view-window';

export class Viewport {
  /** Replaced, never mutated: views derive their scales from it. */
  window = $state.raw<ViewWindow>(fitted(1_000));
  /** A run is live (the window can follow it). */
  live = $state(false);
  /** How far the whole run reaches (what fitting shows), ms. */
  extent = $state(1_000);
  private liveMs = 0;
  /** Width the window is drawn across, CSS px (the timeline views report it as they draw). */
  private axisPx = 0;

  get start(): number {
    return this.window.start;
  }

  get end(): number {
    return this.window.end;
  }

  /** How fast time moves across the screen, CSS px per ms (0 until a view has drawn). */
  get pxPerMs(): number {
    const span = this.window.end - this.window.start;
    return span > 0 ? this.axisPx / span : 0;
  }

  /** A timeline view drew the window `axisPx` CSS px wide (every view's axis is as wide: timeline-geometry.ts). */
  drawnAcross(axisPx: number): void {
    if (axisPx > 0) this.axisPx = axisPx;
  }

  /** The live head is kept on screen (fitted, or following zoomed in). */
  get follow(): boolean {
    return this.live && (this.window.fitted || this.window.following);
  }

  get fitted(): boolean {
    return this.window.fitted;
  }

  private set(next: ViewWindow): void {
    if (!sameWindow(next, this.window)) this.window = next;
  }

  /** A new run (or none): show all of it, following. */
  reset(domainEnd: number, live: boolean): void {
    this.extent = domainEnd;
    this.liveMs = 0;
    this.live = live;
    this.set(fitted(domainEnd));
  }

  /** Once per frame, from the store: the axis end, the live edge, and whether the run is live. */
  update(domainEnd: number, liveMs: number, live: boolean): void {
    if (domainEnd !== this.extent) this.extent = domainEnd;
    this.liveMs = liveMs;
    if (live !== this.live) this.live = live;
    this.set(advanced(this.window, domainEnd, liveMs, live));
  }

  zoomAt(anchorMs: number, factor: number): void {
    this.set(zoomed(this.window, anchorMs, factor, this.extent));
  }

  panBy(deltaMs: number): void {
    this.set(panned(this.window, deltaMs, this.extent));
  }

  fit(): void {
    this.set(fitted(this.extent));
  }

  /** Back to following the head: keeps the zoom (or fits, if nothing is zoomed). */
  followLive(): void {
    if (!this.live) return;
    this.set(this.window.fitted ? fitted(this.extent) : following(this.window, this.liveMs));
  }

  /** Brings `ms` on screen if it is not (used when the console points at an off-screen mark). */
  reveal(ms: number): void {
    this.set(revealed(this.window, ms, this.extent));
  }
}
