// Draws the task lanes: patterned state segments (detail levels in lanes-lod.ts), print marks and
// labels, end marks, the live edge. Settled history goes onto the history canvas in a few commits
// a second; what grows is redrawn each frame on a narrow live canvas over it, so a frame changes a
// small area (the compositor redraws all of a changed canvas). Runs in the renderer, per frame.

import type { TaskState } from '../../../core/contract';
import { TASK_STATES } from '../../../core/contract';
import type { StateInterval } from '../../../core/intervals';
import type { LaneLayout, LaneRow } from './lane-layout';
import { columnOf, columnTime, walkLane, type Columns } from './lanes-lod';
import { markLabel } from './mark-label';
import { INK, OKABE_ITO, PRINT_COLOUR, STATE_STYLES, stateFill } from '../palette';
import { drawOrder, RunBatch } from './run-batch';
import { INFERRED_CODES_FROM, type TaskTrack, type TrackOf } from '../record/task-track';

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export interface LanesScene {
  /** Canvas size, CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  /** The visible window, ms since the run's start, mapped onto [0, plotWidth] CSS px. */
  start: number;
  end: number;
  plotWidth: number;
  layout: LaneLayout;
  /** The track of each row's task (the main program's lane included). */
  trackOf: TrackOf;
  /** Bumped when history is replaced (model.epoch). */
  epoch: number;
  /** Bumped when the playhead jumps (a seek or step): what was drawn is for another time. */
  jumps?: number;
  /** The frame's time (ms, the scheduler's clock), for pacing commits. */
  frameMs: number;
  /** The live edge (display only), or the run's end. */
  liveMs: number;
  /** Engine time up to which history is final (no older event can still arrive). */
  settledMs: number;
  running: boolean;
  /** The page's base font size, px, and family (labels scale with the room). */
  fontPx: number;
  fontFamily: string;
}

/** The "ready" state is a thin line through the middle of the lane: there, but not running. */
const READY_SHARE = 0.2;
/** Shortest text that still reads as text, px. */
const MIN_LABEL_PX = 14;
/** Print labels need a lane at least this tall. */
const LABEL_ROOM_PX = 30;
/** Padding around a label's plate, and the gap kept between neighbouring labels, CSS px. */
const LABEL_PAD_PX = 3;
const LABEL_GAP_PX = 6;

/** Where a lane's print marks stand: the next one to draw and the room its neighbours left. */
interface PrintCursor {
  next: number;
  /** Right edge of the last label, CSS px. */
  labelRight: number;
  /** Device column of the last tick (marks in one column draw one tick). */
  tickCol: number;
}

/** What the painter needs from the page; tests pass a stand-in (no patterns in Node). */
export interface PainterDeps {
  fill: (ctx: Context2D, state: TaskState, dpr: number, inferred: boolean) => string | CanvasPattern;
}

/**
 * Settled history is committed to the history canvas at most this often (and when it must be).
 * Chromium recomposites the whole of a changed canvas: in software, the full lanes (1088×673 px)
 * cost ~5 ms of the GPU process per frame, the narrow live canvas ~1 ms (measured, 2 cores).
 */
export const COMMIT_MS = 250;
/** How far the live canvas must reach right of the frontier: a commit's wait, the settling
 * window and the live edge's run-ahead, in ms (the component sizes the live canvas from it). */
export const LIVE_REACH_MS = COMMIT_MS + 60 + 250;
/** Room for the newest print labels right of the edge, CSS px. */
export const LIVE_LABEL_ROOM_PX = 200;

export class LanesPainter {
  private key = '';
  private frontier: number[] = [];
  private cursors: PrintCursor[] = [];
  private endsDrawn: boolean[] = [];
  private readonly batch = new RunBatch();
  private fills = new WeakMap<object, Map<string, string | CanvasPattern>>();
  private committedAt = -Infinity;
  private liveShown = false;
  private keyedLayout: LaneLayout | null = null;
  private rowsKey = '';

  constructor(private readonly deps: PainterDeps = { fill: stateFill }) {}

  private fill(ctx: Context2D, state: TaskState, dpr: number, inferred: boolean): string | CanvasPattern {
    let byState = this.fills.get(ctx);
    if (!byState) this.fills.set(ctx, (byState = new Map()));
    const id = `${state}${inferred ? '~' : ''}@${dpr}`;
    let fill = byState.get(id);
    if (!fill) byState.set(id, (fill = this.deps.fill(ctx, state, dpr, inferred)));
    return fill;
  }

  /**
   * Draws one frame: commits settled history to `history` when due, and redraws `live` (a canvas
   * as tall as `history`, narrower) with what grows. Returns where the live canvas must sit: its
   * left edge in CSS px within the history canvas.
   */
  paint(history: CanvasRenderingContext2D, live: CanvasRenderingContext2D, scene: LanesScene): number {
    const w = history.canvas.width;
    const h = history.canvas.height;
    const cols: Columns = { t0: scene.start, pxPerMs: (scene.plotWidth * scene.dpr) / (scene.end - scene.start) };
    const reset = this.prepare(history, scene, cols, w, h);
    const liveCol = columnOf(cols, scene.liveMs);
    const room = Math.ceil(LIVE_LABEL_ROOM_PX * scene.dpr);
    const endPending = scene.layout.rows.some((row, r) => scene.trackOf(row.task)?.ended && !this.endsDrawn[r]);
    const crowded = Math.min(w, liveCol + room) - this.leftmost(scene, cols, w) > live.canvas.width;
    if (reset || !scene.running || endPending || crowded || scene.frameMs - this.committedAt >= COMMIT_MS) {
      this.extendCache(history, scene, cols, w);
      this.committedAt = scene.frameMs;
    }
    const left = Math.max(0, this.leftmost(scene, cols, w) - 2);
    const lw = live.canvas.width;
    const lh = live.canvas.height;
    live.setTransform(1, 0, 0, 1, 0, 0);
    if (this.liveShown || scene.running) live.clearRect(0, 0, lw, lh);
    this.liveShown = false;
    if (left < w) {
      live.setTransform(scene.dpr, 0, 0, scene.dpr, -left, 0);
      this.liveShown = this.livePass(live, scene, cols, w, liveCol);
    }
    return left / scene.dpr;
  }

  /** Leftmost device column the live canvas must show: the lowest frontier or unsettled mark. */
  private leftmost(scene: LanesScene, cols: Columns, w: number): number {
    let left = w;
    scene.layout.rows.forEach((row, r) => {
      const track = scene.trackOf(row.task);
      const frontier = this.frontier[r] ?? w;
      if (!track || frontier >= w) return;
      left = Math.min(left, frontier);
      const next = this.cursors[r]?.next ?? track.printCount;
      if (next < track.printCount) left = Math.min(left, columnOf(cols, track.printT(next)) - 3);
    });
    return Math.max(0, left);
  }

  /** Starts the history afresh (true) when anything but growth changed. */
  private prepare(ctx: Context2D, scene: LanesScene, cols: Columns, w: number, h: number): boolean {
    if (scene.layout !== this.keyedLayout) {
      this.keyedLayout = scene.layout;
      this.rowsKey = scene.layout.rows.map((row) => `${row.task}:${row.y}:${row.h}`).join(',');
    }
    const rows = this.rowsKey;
    const rewrites = scene.layout.rows.reduce((sum, row) => sum + (scene.trackOf(row.task)?.rewrites ?? 0), 0);
    const key = `${scene.epoch}|${scene.jumps ?? 0}|${rewrites}|${scene.start}|${scene.end}|${scene.plotWidth}|${w}x${h}@${scene.dpr}|${scene.fontPx}|${rows}`;
    if (key === this.key) return false;
    this.key = key;
    this.frontier = scene.layout.rows.map(() => 0);
    this.endsDrawn = scene.layout.rows.map(() => false);
    const from = columnTime(cols, -4);
    this.cursors = scene.layout.rows.map((row) => ({
      next: scene.trackOf(row.task)?.printIndexFrom(from) ?? 0,
      labelRight: -Infinity,
      tickCol: -Infinity,
    }));
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.setTransform(scene.dpr, 0, 0, scene.dpr, 0, 0);
    ctx.fillStyle = INK.lane;
    for (const row of scene.layout.rows) ctx.fillRect(0, row.y, scene.width, row.h);
    return true;
  }

  /** Moves each lane's frontier to what is now final, drawing it onto the history canvas. */
  private extendCache(ctx: Context2D, scene: LanesScene, cols: Columns, w: number): void {
    ctx.setTransform(scene.dpr, 0, 0, scene.dpr, 0, 0);
    const settledCol = scene.running ? Math.max(0, Math.min(w, columnOf(cols, scene.settledMs))) : w;
    const limit = scene.running ? scene.settledMs : scene.liveMs;
    const targets = scene.layout.rows.map((row, r) => {
      const track = scene.trackOf(row.task);
      const target = track?.ended ? w : settledCol;
      return track && target > this.frontier[r]! ? target : -1;
    });
    this.batch.clear();
    ctx.fillStyle = INK.lane;
    scene.layout.rows.forEach((row, r) => {
      const target = targets[r]!;
      if (target < 0) return;
      const a = this.frontier[r]!;
      ctx.fillRect(a / scene.dpr, row.y, (target - a) / scene.dpr, row.h);
      const track = scene.trackOf(row.task)!;
      walkLane(track, cols, a, target, track.ended ? Infinity : limit, (code, c0, c1) =>
        this.batch.push(code, c0, c1, r),
      );
    });
    this.flush(ctx, scene);
    scene.layout.rows.forEach((row, r) => {
      const target = targets[r]!;
      if (target < 0) return;
      const track = scene.trackOf(row.task)!;
      this.frontier[r] = target;
      const cursor = this.cursors[r]!;
      this.drawPrints(ctx, scene, cols, row, track, cursor, track.ended ? Infinity : target / scene.dpr);
      const terminal = track.terminal;
      if (terminal && !this.endsDrawn[r]) {
        this.endsDrawn[r] = true;
        this.endMark(ctx, scene, cols, row, terminal);
      }
    });
  }

  /** Draws the growing right part of each live lane, its newest marks and the edge; true if any. */
  private livePass(
    ctx: CanvasRenderingContext2D,
    scene: LanesScene,
    cols: Columns,
    w: number,
    liveCol: number,
  ): boolean {
    let drew = false;
    this.batch.clear();
    const to = Math.min(w, liveCol + 1);
    scene.layout.rows.forEach((row, r) => {
      const track = scene.trackOf(row.task);
      const a = this.frontier[r] ?? w;
      if (track && a < to) {
        walkLane(track, cols, a, to, scene.liveMs, (code, c0, c1) => this.batch.push(code, c0, c1, r));
        drew = true;
      }
    });
    this.flush(ctx, scene);
    scene.layout.rows.forEach((row, r) => {
      const track = scene.trackOf(row.task);
      const cursor = this.cursors[r];
      if (!track || !cursor || cursor.next >= track.printCount || (this.frontier[r] ?? w) >= w) return;
      if (this.drawPrints(ctx, scene, cols, row, track, { ...cursor }, Infinity)) drew = true;
    });
    if (scene.running) {
      ctx.fillStyle = INK.text;
      ctx.globalAlpha = 0.55;
      ctx.fillRect(liveCol / scene.dpr, 0, 2, scene.layout.height);
      ctx.globalAlpha = 1;
      drew = true;
    }
    return drew;
  }

  /** Fills the batched runs, one fill style per state. */
  private flush(ctx: Context2D, scene: LanesScene): void {
    const rows = scene.layout.rows;
    const px = 1 / scene.dpr;
    for (const code of drawOrder) {
      if (!this.batch.has(code)) continue;
      // A draw code: the state's, or its inferred variant's (task-track.ts).
      const inferred = code >= INFERRED_CODES_FROM;
      const state = TASK_STATES[inferred ? code - INFERRED_CODES_FROM : code]!;
      const ready = state === 'ready';
      ctx.fillStyle = ready && !inferred ? STATE_STYLES.ready.colour : this.fill(ctx, state, scene.dpr, inferred);
      this.batch.each(code, (c0, c1, r) => {
        const row = rows[r]!;
        if (!ready) {
          ctx.fillRect(c0 * px, row.y, (c1 - c0) * px, row.h);
          return;
        }
        // A thin line, whatever the lane's height: on a lane a few pixels tall it stays a line.
        const band = Math.max(row.h >= 10 ? 2 : 1, Math.round(row.h * READY_SHARE));
        ctx.fillRect(c0 * px, row.y + Math.round((row.h - band) / 2), (c1 - c0) * px, band);
      });
    }
  }

  private labelFont(scene: LanesScene, row: LaneRow): number {
    return Math.round(Math.min(scene.fontPx * 1.05, row.h * 0.42));
  }

  /**
   * Draws print marks from `cursor.next` on, in time order, as long as each one's tick and label
   * end left of `reachLimit` (CSS px): in the cache only what history under it will not change.
   * Marks sharing a device column draw one tick. Returns the CSS span drawn, if any.
   */
  private drawPrints(
    ctx: Context2D,
    scene: LanesScene,
    cols: Columns,
    row: LaneRow,
    track: TaskTrack,
    cursor: PrintCursor,
    reachLimit: number,
  ): { from: number; to: number } | null {
    const count = track.printCount;
    if (cursor.next >= count) return null;
    const px = 1 / scene.dpr;
    const tick = Math.max(4, Math.round(row.h * 0.38));
    const fontPx = this.labelFont(scene, row);
    const labels = row.h >= LABEL_ROOM_PX && fontPx >= MIN_LABEL_PX;
    ctx.font = `700 ${fontPx}px ${scene.fontFamily}`;
    ctx.textBaseline = 'top';
    let from = Infinity;
    let to = -Infinity;
    let i = cursor.next;
    while (i < count) {
      const col = columnOf(cols, track.printT(i));
      const x = col * px;
      if (x - 2 > scene.width) break;
      const left = x + 4;
      const room = labels && left - LABEL_PAD_PX >= cursor.labelRight + LABEL_GAP_PX;
      if (col === cursor.tickCol && !room) {
        // Same pixel as the last tick and no room for a label: skip the rest of this column.
        i = Math.max(i + 1, track.printIndexFrom(columnTime(cols, col + 1)));
        continue;
      }
      const text = room ? markLabel(track.printText(i), track.task) : null;
      const width = text === null ? 0 : ctx.measureText(text).width;
      const fits = text !== null && left + width + LABEL_PAD_PX <= scene.width;
      const reach = fits ? left + width + LABEL_PAD_PX : x + 3;
      if (reach > reachLimit) break;
      // White on a dark edge: visible on every state's colour and pattern.
      ctx.fillStyle = INK.background;
      ctx.fillRect(x - 2, row.y, 4, tick + 1);
      ctx.fillStyle = PRINT_COLOUR;
      ctx.fillRect(x - 1, row.y, 2, tick);
      from = Math.min(from, x - 2);
      to = Math.max(to, reach);
      cursor.tickCol = col;
      if (fits) {
        // An opaque plate (not translucent): redrawing a label never darkens it.
        ctx.fillStyle = INK.background;
        ctx.fillRect(left - LABEL_PAD_PX, row.y + 2, width + 2 * LABEL_PAD_PX, fontPx + 4);
        ctx.fillStyle = PRINT_COLOUR;
        ctx.fillText(text, left, row.y + 4);
        cursor.labelRight = reach;
      }
      i++;
    }
    cursor.next = i;
    return from <= to ? { from, to } : null;
  }

  private endMark(ctx: Context2D, scene: LanesScene, cols: Columns, row: LaneRow, terminal: StateInterval): void {
    const x = columnOf(cols, terminal.start) / scene.dpr;
    if (x < -30 || x > scene.width + 30) return;
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
