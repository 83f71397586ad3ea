// Draws the core lanes on canvas: one lane per logical core; each sample interval is a column
// stacked from the bottom with the tasks that used the core, each as tall as its share of the
// interval's CPU, in the task's colour; above them (measured only) the core's other busy time in
// grey; idle stays empty. Columns narrower than a pixel are averaged per pixel. Samples only
// grow, so each frame draws just the columns new samples completed, straight onto the canvas.
// Runs in the renderer, on the frame scheduler.

import type { CoreTimeline } from '../record/core-timeline';
import { columnOf, columnTime, type Columns } from './lanes-lod';
import { INK, OTHER_WORK_COLOUR, TASK_COLOURS } from '../palette';
import { RunBatch } from './run-batch';

export interface CoreRow {
  core: number;
  /** CSS px within the canvas. */
  y: number;
  h: number;
}

export interface CoreScene {
  width: number;
  height: number;
  dpr: number;
  start: number;
  end: number;
  plotWidth: number;
  rows: readonly CoreRow[];
  timeline: CoreTimeline;
  tasks: number;
  /** Measured (Linux): the core's busy time no task accounts for is drawn as "other". */
  measured: boolean;
  epoch: number;
  /** The run is over: the last, partly covered column may be drawn too. */
  final: boolean;
  /** Draw only the samples that ended by this time, ms (an export drawing the run at a moment). */
  untilMs?: number;
  /** Bumped when the playhead jumps: what was drawn is for another time. */
  jumps?: number;
}

const OTHER_KEY = TASK_COLOURS.length;

export class CoreLanesPainter {
  private key = '';
  private frontier = 0;
  private drawnSamples = 0;
  private readonly batch = new RunBatch();
  /** Per core, per task, the share of a column's time its CPU filled; the last slot is busy. */
  private shares = new Float64Array(0);

  /** Draws what changed; returns whether anything was drawn. */
  paint(ctx: CanvasRenderingContext2D, scene: CoreScene): boolean {
    const w = ctx.canvas.width;
    const h = ctx.canvas.height;
    const timeline = scene.timeline;
    const cols: Columns = { t0: scene.start, pxPerMs: (scene.plotWidth * scene.dpr) / (scene.end - scene.start) };
    const rows = scene.rows.map((row) => `${row.core}:${row.y}:${row.h}`).join(',');
    const key = `${scene.epoch}|${scene.jumps ?? 0}|${scene.start}|${scene.end}|${scene.plotWidth}|${w}x${h}@${scene.dpr}|${scene.measured}|${rows}`;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    if (key !== this.key || timeline.attributed < this.drawnSamples) {
      this.key = key;
      this.frontier = 0;
      ctx.clearRect(0, 0, w, h);
      ctx.fillStyle = INK.lane;
      for (const row of scene.rows) {
        const top = Math.round(row.y * scene.dpr);
        ctx.fillRect(0, top, w, Math.round((row.y + row.h) * scene.dpr) - top);
      }
    }
    const n =
      scene.untilMs === undefined
        ? timeline.attributed
        : Math.min(timeline.attributed, timeline.firstEndingAfter(scene.untilMs));
    this.drawnSamples = n;
    if (n === 0) return false;
    const lastCol = columnOf(cols, timeline.sampleEnd(n - 1));
    const target = Math.max(0, Math.min(w, scene.final ? lastCol + 1 : lastCol));
    if (target <= this.frontier) return false;
    this.columns(ctx, scene, cols, this.frontier, target, n);
    this.frontier = target;
    return true;
  }

  private columns(
    ctx: CanvasRenderingContext2D,
    scene: CoreScene,
    cols: Columns,
    c0: number,
    c1: number,
    n: number,
  ): void {
    const timeline = scene.timeline;
    const cores = timeline.cores;
    const slots = scene.tasks + 1;
    if (this.shares.length < cores * slots) this.shares = new Float64Array(cores * slots);
    ctx.fillStyle = INK.lane;
    for (const row of scene.rows) {
      const top = Math.round(row.y * scene.dpr);
      ctx.fillRect(c0, top, c1 - c0, Math.round((row.y + row.h) * scene.dpr) - top);
    }
    this.batch.clear();
    let s = timeline.firstEndingAfter(columnTime(cols, c0));
    let c = c0;
    while (c < c1 && s < n) {
      const tc = columnTime(cols, c);
      const tn = columnTime(cols, c + 1);
      while (s < n && timeline.sampleEnd(s) <= tc) s++;
      if (s >= n) break;
      const a = timeline.sampleStart(s);
      const b = timeline.sampleEnd(s);
      if (a >= tn) {
        c = Math.max(c + 1, columnOf(cols, a));
        continue;
      }
      this.shares.fill(0);
      if (a <= tc && b >= tn) {
        // One sample covers whole columns: one stack, as wide as they are.
        this.add(timeline, s, 1, slots, scene.tasks);
        const to = Math.min(c1, Math.max(c + 1, columnOf(cols, b)));
        this.stacks(scene, c, to, slots);
        c = to;
        continue;
      }
      // Several samples (or a sample's edge) in one column: their time-weighted average.
      for (let k = s; k < n && timeline.sampleStart(k) < tn; k++) {
        const overlap = Math.min(tn, timeline.sampleEnd(k)) - Math.max(tc, timeline.sampleStart(k));
        if (overlap > 0) this.add(timeline, k, overlap / (tn - tc), slots, scene.tasks);
      }
      this.stacks(scene, c, c + 1, slots);
      c++;
    }
    for (const key of this.batch.keys()) {
      ctx.fillStyle = key === OTHER_KEY ? OTHER_WORK_COLOUR : TASK_COLOURS[key]!;
      this.batch.each(key, (x0, x1, y0, y1) => ctx.fillRect(x0, y0, x1 - x0, y1 - y0));
    }
  }

  /** Adds sample s, weighted by `weight`, to the column's shares. */
  private add(timeline: CoreTimeline, s: number, weight: number, slots: number, tasks: number): void {
    const span = timeline.sampleEnd(s) - timeline.sampleStart(s);
    if (span <= 0) return;
    const { from, to } = timeline.sharesOf(s);
    for (let k = from; k < to; k++) {
      const task = timeline.shareTaskAt(k);
      if (task < 0 || task >= tasks) continue;
      this.shares[timeline.shareCoreAt(k) * slots + task]! += (timeline.shareCpuAt(k) / span) * weight;
    }
    for (let core = 0; core < timeline.cores; core++) {
      this.shares[core * slots + slots - 1]! += (timeline.busy(s, core) / 100) * weight;
    }
  }

  /** Queues each core's stack for columns [c0, c1): tasks bottom up, then other busy time. */
  private stacks(scene: CoreScene, c0: number, c1: number, slots: number): void {
    for (const row of scene.rows) {
      const top = Math.round(row.y * scene.dpr);
      const bottom = Math.round((row.y + row.h) * scene.dpr);
      const height = bottom - top;
      const base = row.core * slots;
      let filled = 0;
      let y = bottom;
      for (let task = 0; task < slots - 1; task++) {
        const share = this.shares[base + task]!;
        if (share <= 0) continue;
        filled = Math.min(1, filled + share);
        const next = bottom - Math.round(filled * height);
        // Any CPU at all shows as at least one device pixel.
        const y0 = next < y ? next : y - 1;
        if (y0 >= top) this.batch.push(task % TASK_COLOURS.length, c0, c1, y0, y);
        y = Math.max(top, y0);
      }
      if (!scene.measured) continue;
      const other = this.shares[base + slots - 1]! - filled;
      if (other <= 0.02) continue;
      const y0 = bottom - Math.round(Math.min(1, filled + other) * height);
      if (y0 < y) this.batch.push(OTHER_KEY, c0, c1, y0, y);
    }
  }
}
