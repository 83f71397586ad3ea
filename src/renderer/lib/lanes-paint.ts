// Draws the task lanes on canvas: state intervals as coloured, patterned segments; print marks
// with their text where it fits; end marks (done, failed with its error, stopped); the live edge.
// Everything settled is drawn once into an offscreen cache; a live frame blits only the strip
// from the oldest still-changing point to the right edge and draws what grows there. All fills
// are opaque, so drawing a piece twice never changes a pixel (cached and live pieces join
// without seams). Runs in the renderer, on the frame scheduler.

import type { TaskState } from '../../core/contract';
import type { StateInterval } from '../../core/intervals';
import type { LaneLayout, LaneRow } from './lane-layout';
import { FILL_ORDER, INK, OKABE_ITO, PRINT_COLOUR, STATE_STYLES, stateFill } from './palette';
import { markLabel } from './mark-label';
import type { TaskTrack } from './task-track';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface LanesScene {
  /** CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  /** Time (ms since run start) to x in CSS pixels. */
  x: (ms: number) => number;
  domainEnd: number;
  layout: LaneLayout;
  tracks: readonly TaskTrack[];
  /** Bumped when history is replaced (model.epoch). */
  epoch: number;
  /** The live edge (display only), or the run's end. */
  liveMs: number;
  /** Engine time up to which open segments may be cached (no older event can still arrive). */
  settledMs: number;
  running: boolean;
  /** The page's base font size, px, and family (labels scale with the room). */
  fontPx: number;
  fontFamily: string;
}

/** The "ready" state is a thin line through the middle of the lane: there, but not running. */
const READY_SHARE = 0.2;
/** Shortest text that still reads as text, px. */
const MIN_LABEL_PX = 12;
/** Print labels need a lane at least this tall. */
const LABEL_ROOM_PX = 30;
function makeCanvas(width: number, height: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

/** How much of a task's open interval is already in the cache. */
interface OpenCached {
  index: number;
  /** Device-pixel-snapped x (CSS px) the cached piece reaches. */
  x: number;
  /** Engine time it reaches. */
  t: number;
}

export class LanesPainter {
  private cache: OffscreenCanvas | HTMLCanvasElement | null = null;
  private cacheCtx: Context2D | null = null;
  private key = '';
  private drawnIntervals: number[] = [];
  private drawnPrints: number[] = [];
  private labelRight: number[] = [];
  private openCached: (OpenCached | undefined)[] = [];
  private endsDrawn: boolean[] = [];
  private fills = new WeakMap<object, Map<string, string | CanvasPattern>>();
  private lastStripX = 0;
  private lastCanvas = '';

  private fill(ctx: Context2D, state: TaskState, dpr: number): string | CanvasPattern {
    let byState = this.fills.get(ctx);
    if (!byState) this.fills.set(ctx, (byState = new Map()));
    const id = `${state}@${dpr}`;
    let fill = byState.get(id);
    if (!fill) byState.set(id, (fill = stateFill(ctx, state, dpr)));
    return fill;
  }

  private snap(scene: LanesScene, ms: number): number {
    return Math.round(scene.x(ms) * scene.dpr) / scene.dpr;
  }

  /** Paints [a, b) of one state in a lane: opaque, full lane height. */
  private segment(ctx: Context2D, scene: LanesScene, row: LaneRow, state: TaskState, a: number, b: number): void {
    if (b <= a) return;
    if (state === 'ready') {
      ctx.fillStyle = INK.lane;
      ctx.fillRect(a, row.y, b - a, row.h);
      const h = Math.max(2, Math.round(row.h * READY_SHARE));
      ctx.fillStyle = STATE_STYLES.ready.colour;
      ctx.fillRect(a, row.y + Math.round((row.h - h) / 2), b - a, h);
      return;
    }
    ctx.fillStyle = this.fill(ctx, state, scene.dpr);
    ctx.fillRect(a, row.y, b - a, row.h);
  }

  /** Draws one frame onto `ctx` (already sized to the scene at its dpr). */
  paint(ctx: CanvasRenderingContext2D, scene: LanesScene): void {
    const canvasKey = `${ctx.canvas.width}x${ctx.canvas.height}`;
    let full = this.updateCache(scene) || canvasKey !== this.lastCanvas;
    this.lastCanvas = canvasKey;
    const strip = this.stripStart(scene);
    if (!this.cache) full = true;
    const from = full ? 0 : Math.min(this.lastStripX, strip);
    this.lastStripX = strip;
    const w = ctx.canvas.width;
    const h = ctx.canvas.height;
    const sx = Math.max(0, Math.floor(from * scene.dpr) - 1);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(sx, 0, w - sx, h);
    if (this.cache && w - sx > 0) ctx.drawImage(this.cache, sx, 0, w - sx, h, sx, 0, w - sx, h);
    ctx.setTransform(scene.dpr, 0, 0, scene.dpr, 0, 0);
    for (const row of scene.layout.rows) {
      const track = scene.tracks[row.task];
      if (!track) continue;
      const index = track.intervals.length - 1;
      const last = track.intervals[index];
      if (last && last.end === null) {
        const cached = this.openCached[row.task];
        const a = cached && cached.index === index ? cached.x : this.snap(scene, last.start);
        const b = Math.max(a, scene.x(Math.max(last.start, scene.liveMs)));
        this.segment(ctx, scene, row, last.state, a, b);
      }
      this.drawPrints(ctx, scene, row, track, false);
    }
    if (scene.running) {
      ctx.fillStyle = INK.text;
      ctx.globalAlpha = 0.55;
      ctx.fillRect(this.snap(scene, scene.liveMs), 0, 2, scene.layout.height);
      ctx.globalAlpha = 1;
    }
  }

  /** Left edge (CSS px) of everything a live frame may still change. */
  private stripStart(scene: LanesScene): number {
    let x = scene.x(scene.liveMs) - 2;
    for (const row of scene.layout.rows) {
      const track = scene.tracks[row.task];
      if (!track) continue;
      const index = track.intervals.length - 1;
      const last = track.intervals[index];
      if (last && last.end === null) {
        const cached = this.openCached[row.task];
        x = Math.min(x, cached && cached.index === index ? cached.x : scene.x(last.start));
      }
      const firstLive = track.prints[this.drawnPrints[row.task] ?? 0];
      if (firstLive) x = Math.min(x, scene.x(firstLive.t) - 2);
    }
    return Math.max(0, x);
  }

  private sceneKey(scene: LanesScene): string {
    const rows = scene.layout.rows.map((row) => `${row.task}:${row.y}:${row.h}`).join(',');
    const rewrites = scene.tracks.reduce((sum, track) => sum + track.rewrites, 0);
    return `${scene.epoch}|${rewrites}|${scene.domainEnd}|${scene.width}x${scene.height}@${scene.dpr}|${scene.fontPx}|${rows}`;
  }

  /** Brings the cache up to date; true when pixels outside the live strip changed. */
  private updateCache(scene: LanesScene): boolean {
    const w = Math.max(1, Math.round(scene.width * scene.dpr));
    const h = Math.max(1, Math.round(scene.height * scene.dpr));
    const key = this.sceneKey(scene);
    if (!this.cache || this.cache.width !== w || this.cache.height !== h) {
      this.cache = makeCanvas(w, h);
      this.cacheCtx = this.cache.getContext('2d') as Context2D | null;
      this.key = '';
    }
    const ctx = this.cacheCtx;
    if (!ctx) return true;
    ctx.setTransform(scene.dpr, 0, 0, scene.dpr, 0, 0);
    let outside = false;
    if (key !== this.key) {
      this.key = key;
      outside = true;
      ctx.clearRect(0, 0, scene.width, scene.height);
      this.drawnIntervals = [];
      this.drawnPrints = [];
      this.labelRight = [];
      this.openCached = [];
      this.endsDrawn = [];
      ctx.fillStyle = INK.lane;
      for (const row of scene.layout.rows) ctx.fillRect(0, row.y, scene.width, row.h);
    }
    // Closed intervals: one pass per state, so each fill style is set once per frame.
    for (const state of FILL_ORDER) {
      for (const row of scene.layout.rows) {
        const track = scene.tracks[row.task];
        if (track) this.fillClosed(ctx, scene, row, track, state);
      }
    }
    for (const row of scene.layout.rows) {
      const track = scene.tracks[row.task];
      if (!track) continue;
      this.drawnIntervals[row.task] = track.closedCount;
      this.extendOpen(ctx, scene, row, track);
      this.drawPrints(ctx, scene, row, track, true);
      const terminal = track.terminal;
      if (terminal && !this.endsDrawn[row.task]) {
        this.endsDrawn[row.task] = true;
        this.endMark(ctx, scene, row, terminal);
        outside = true; // a failure's message may sit left of its mark
      }
    }
    return outside;
  }

  /**
   * Fills the newly closed intervals of one state. Widths snap to device pixels; an interval
   * inside pixels already painted is skipped, so thousands of lock hand-offs cost at most one
   * rectangle per pixel column (Perfetto's level of detail). The part of an interval cached
   * while it was open is not painted again (its print marks sit on it).
   */
  private fillClosed(ctx: Context2D, scene: LanesScene, row: LaneRow, track: TaskTrack, state: TaskState): void {
    const px = 1 / scene.dpr;
    const open = this.openCached[row.task];
    let covered = -Infinity;
    for (let i = this.drawnIntervals[row.task] ?? 0; i < track.closedCount; i++) {
      const interval = track.intervals[i]!;
      if (interval.state !== state || interval.end === null || interval.end <= interval.start) continue;
      let a = this.snap(scene, interval.start);
      const b = Math.max(a + px, this.snap(scene, interval.end));
      if (open && open.index === i) {
        // It ended before the cached piece did (an event in flight): clear the overshoot.
        if (open.x > b) {
          ctx.fillStyle = INK.lane;
          ctx.fillRect(b, row.y, open.x - b, row.h);
        }
        a = Math.max(a, Math.min(open.x, b));
      }
      if (b <= covered || b <= a) continue;
      a = Math.max(a, covered);
      this.segment(ctx, scene, row, state, a, b);
      covered = b;
    }
  }

  /** Caches the settled part of a task's open interval, so live frames repaint only its tip. */
  private extendOpen(ctx: Context2D, scene: LanesScene, row: LaneRow, track: TaskTrack): void {
    const index = track.intervals.length - 1;
    const last = track.intervals[index];
    if (!last || last.end !== null || scene.settledMs <= last.start) return;
    const previous = this.openCached[row.task];
    const from = previous && previous.index === index ? previous.x : this.snap(scene, last.start);
    const to = this.snap(scene, scene.settledMs);
    if (to <= from) return;
    this.segment(ctx, scene, row, last.state, from, to);
    this.openCached[row.task] = { index, x: to, t: scene.settledMs };
  }

  private labelFont(scene: LanesScene, row: LaneRow): number {
    return Math.round(Math.min(scene.fontPx * 1.05, row.h * 0.42));
  }

  /**
   * Print marks whose time is already covered by cached history go into the cache (nothing
   * will paint over them later); the newest few are drawn fresh each frame until then.
   * `labelRight` tracks the last label's right edge, so labels never overlap.
   */
  private drawPrints(ctx: Context2D, scene: LanesScene, row: LaneRow, track: TaskTrack, cached: boolean): void {
    const from = this.drawnPrints[row.task] ?? 0;
    if (from >= track.prints.length) return;
    const closed = track.closedCount;
    const open = this.openCached[row.task];
    const closedEnd = closed > 0 ? (track.intervals[closed - 1]!.end ?? -Infinity) : -Infinity;
    const frontierX = Math.max(scene.x(closedEnd), open && open.index === closed ? open.x : -Infinity);
    const tick = Math.max(4, Math.round(row.h * 0.38));
    const fontPx = this.labelFont(scene, row);
    const labels = row.h >= LABEL_ROOM_PX && fontPx >= MIN_LABEL_PX;
    ctx.font = `700 ${fontPx}px ${scene.fontFamily}`;
    ctx.textBaseline = 'top';
    let labelRight = this.labelRight[row.task] ?? -Infinity;
    let i = from;
    for (; i < track.prints.length; i++) {
      const mark = track.prints[i]!;
      const x = this.snap(scene, mark.t);
      const text = labels ? markLabel(mark.text, row.task) : null;
      const width = text === null ? 0 : ctx.measureText(text).width;
      const left = x + 4;
      const pad = 3;
      const fits = text !== null && left - pad >= labelRight + 6 && left + width + pad <= scene.width;
      // Cached only once the history under the tick and its label is final; until then the
      // mark is redrawn each frame on top of the growing segment.
      const reach = fits ? left + width + pad : x + 3;
      if (cached && !(frontierX >= reach || track.ended)) break;
      // White on a dark edge: visible on every state's colour and pattern.
      ctx.fillStyle = INK.background;
      ctx.fillRect(x - 2, row.y, 4, tick + 1);
      ctx.fillStyle = PRINT_COLOUR;
      ctx.fillRect(x - 1, row.y, 2, tick);
      if (!fits) continue;
      // An opaque plate (not translucent): redrawing a label never darkens it.
      ctx.fillStyle = INK.background;
      ctx.fillRect(left - pad, row.y + 2, width + 2 * pad, fontPx + 4);
      ctx.fillStyle = PRINT_COLOUR;
      ctx.fillText(text, left, row.y + 4);
      labelRight = left + width + pad;
    }
    if (cached) {
      this.drawnPrints[row.task] = i;
      this.labelRight[row.task] = labelRight;
    }
  }

  private endMark(ctx: Context2D, scene: LanesScene, row: LaneRow, terminal: StateInterval): void {
    const x = this.snap(scene, terminal.start);
    const style = STATE_STYLES[terminal.state];
    if (terminal.state !== 'failed') {
      ctx.fillStyle = style.colour;
      ctx.fillRect(x - 1.5, row.y, 3, row.h);
      if (terminal.state === 'stopped') {
        const s = Math.min(row.h * 0.5, 14);
        ctx.fillRect(x + 3, row.y + (row.h - s) / 2, s, s);
      }
      return;
    }
    // Failed: a heavy cross at the moment of failure and, where it fits, the error itself.
    const size = Math.max(4, Math.min(row.h * 0.7, 26));
    const cy = row.y + row.h / 2;
    ctx.strokeStyle = OKABE_ITO.vermillion;
    ctx.lineWidth = Math.max(2, size / 5);
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(x - size / 2, cy - size / 2);
    ctx.lineTo(x + size / 2, cy + size / 2);
    ctx.moveTo(x + size / 2, cy - size / 2);
    ctx.lineTo(x - size / 2, cy + size / 2);
    ctx.stroke();
    const fontPx = Math.round(Math.min(scene.fontPx, row.h * 0.5));
    if (fontPx < MIN_LABEL_PX || !terminal.detail) return;
    ctx.font = `700 ${fontPx}px ${scene.fontFamily}`;
    ctx.textBaseline = 'middle';
    const text = `failed: ${terminal.detail}`;
    const width = Math.min(ctx.measureText(text).width, scene.width * 0.7);
    const right = x + size / 2 + 8;
    const left = right + width + 8 <= scene.width ? right : Math.max(0, x - size / 2 - 8 - width);
    ctx.fillStyle = INK.background;
    ctx.fillRect(left - 4, cy - fontPx / 2 - 4, width + 8, fontPx + 8);
    ctx.fillStyle = '#ff9b66';
    ctx.fillText(text, left, cy, width);
  }
}
