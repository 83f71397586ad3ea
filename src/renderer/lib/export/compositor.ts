// Draws one picture of a run at a moment, for the video and picture exports: the title, the core
// meters, the task lanes and the core lanes on one time axis, and a subtitle, with the views'
// own painters, from the record alone (never from the screen), so the same run at the same
// moment always gives the same pixels. Runs in the renderer; the exports drive it frame by frame
// (time only moves forward, as the painters' caches expect).

import { linearScale } from '../timeline/linear-scale';
import { LanesPainter, type PainterDeps } from '../timeline/lanes-paint';
import { CoreLanesPainter, type CoreRow } from '../timeline/core-lanes-paint';
import { layoutLanes, MAX_LANE_REM, type LaneLayout } from '../timeline/lane-layout';
import type { LaneGroup } from '../timeline/lane-groups';
import { axisTicks } from '../timeline/axis';
import { finalDomainEnd } from '../timeline/time-domain';
import { paintCoreHistory, paintMachineHistory } from '../meters/sparkline-paint';
import { METER_HISTORY_SAMPLES, type MeterPoint } from '../meters/meter-history';
import { unitOfTask, type CoreTimeline } from '../record/core-timeline';
import type { RunModel } from '../record/run-model';
import { formatSeconds, taskName } from '../format';
import { CURVE_STYLES, INK, OKABE_ITO, stateFill, taskColour } from '../palette';
import { RecordAt } from './record-at';
import { stepPoints } from '../parallelism/curve-path';
import type { StepSeries } from '../../../core/parallelism';

/** What the exports need from a canvas: the page's canvases, or a stand-in in unit tests. */
export interface ExportCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2D | null;
}

export interface CompositorInput {
  model: RunModel;
  /** The lane groups as the page lays them out (store.groups). */
  groups: readonly LaneGroup[];
  /** Whether the core lanes' task shares are measured (Linux) or inferred from the states. */
  measured: boolean;
  /** The big line: the lesson's title, or what was run. */
  title: string;
  /** The smaller line under it: what was run, with which executor. */
  detail: string;
  /** The lesson's question, for the title card. */
  question: string | null;
  /** The lesson's caption, for the card after the run. */
  caption: string | null;
  fontFamily: string;
  /** The concurrency-vs-parallelism curves (the page's own), drawn under the core lanes. */
  curves?: ExportCurves | null;
}

/** The two curves of the concurrency chart, over the whole run, and the machine's cores. */
export interface ExportCurves {
  concurrency: StepSeries;
  executing: StepSeries;
  measured: boolean;
  cores: number;
}

/** A picture's size: CSS px, and device pixels per CSS px (the canvas is width×dpr wide). */
export interface PictureSize {
  width: number;
  height: number;
  dpr: number;
}

export interface CompositorDeps {
  createCanvas: (width: number, height: number) => ExportCanvas;
  fill: PainterDeps['fill'];
}

export function pageCanvas(width: number, height: number): ExportCanvas {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}

const PAGE_DEPS: CompositorDeps = { createCanvas: pageCanvas, fill: stateFill };

/** Type at 1080 CSS px of height, px: large enough to read from the back of a classroom. */
const REM_AT_1080_PX = 26;
/** Room above the chart's highest line, as the page's chart leaves it. */
const CHART_HEADROOM = 1.12;
/** More cores than this get one meter for the whole machine instead of one each. */
const METERS_MAX = 8;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Layout {
  rem: number;
  pad: number;
  header: Box;
  meters: Box[];
  labelX: number;
  plot: { x: number; w: number };
  lanes: { y: number; layout: LaneLayout };
  lanesAxisY: number;
  cores: { y: number; h: number; rows: CoreRow[] };
  coresAxisY: number;
  /** The concurrency chart's plot (x and width are the lanes'), or null without curves. */
  chart: { y: number; h: number } | null;
  subtitle: Box;
}

function ctxOf(canvas: ExportCanvas): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  return ctx;
}

/** Splits text into lines no wider than `maxWidth` at the context's font. */
export function wrapText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export class Compositor {
  readonly canvas: ExportCanvas;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly base: ExportCanvas;
  private readonly history: ExportCanvas;
  private readonly live: ExportCanvas;
  private readonly coreCanvas: ExportCanvas;
  private readonly lanes: LanesPainter;
  private readonly coresPainter = new CoreLanesPainter();
  private readonly at: RecordAt;
  private readonly layout: Layout;
  private readonly domainEnd: number;
  /** The run's CPU samples and task count, held from the start: a new run replaces the model's. */
  private readonly timeline: CoreTimeline;
  private readonly tasks: number;
  private readonly curvePoints: { concurrency: number[]; executing: number[] } | null;
  readonly durationMs: number;

  constructor(
    private readonly input: CompositorInput,
    readonly size: PictureSize,
    private readonly deps: CompositorDeps = PAGE_DEPS,
  ) {
    const { model } = input;
    this.timeline = model.cores;
    this.tasks = model.spec?.tasks ?? 0;
    this.durationMs = model.end?.t ?? model.latestT;
    this.domainEnd = finalDomainEnd(this.durationMs);
    this.at = new RecordAt(model);
    this.lanes = new LanesPainter({ fill: deps.fill });
    const device = (css: number): number => Math.max(1, Math.round(css * size.dpr));
    this.canvas = deps.createCanvas(device(size.width), device(size.height));
    this.ctx = ctxOf(this.canvas);
    this.base = deps.createCanvas(this.canvas.width, this.canvas.height);
    this.layout = this.place();
    // Read now: a run started while the video is made replaces the page's curves.
    this.curvePoints = input.curves ? this.pointsOf(input.curves) : null;
    const { plot, lanes, cores } = this.layout;
    this.history = deps.createCanvas(device(plot.w), device(Math.max(1, lanes.layout.height)));
    this.live = deps.createCanvas(this.history.width, this.history.height);
    this.coreCanvas = deps.createCanvas(device(plot.w), device(Math.max(1, cores.h)));
    if (model.spec) {
      const threads = unitOfTask(model.spec, model.units);
      model.cores.attribute(Infinity, input.measured, model.tracks, threads);
    }
    this.drawBase();
  }

  /** Where everything goes, in CSS px. */
  private place(): Layout {
    const { width: W, height: H } = this.size;
    const rem = Math.max(12, Math.round(REM_AT_1080_PX * Math.min(H / 1080, W / 1920) * 10) / 10);
    const pad = Math.round(rem * 1.2);
    const header: Box = { x: pad, y: pad, w: W - 2 * pad, h: Math.round(rem * 3.6) };
    const cores = this.input.model.cores.cores || this.input.model.start?.cores || 1;
    const meterCount = cores > METERS_MAX ? 1 : cores;
    const meterY = header.y + header.h + Math.round(rem * 0.4);
    const meterH = Math.round(rem * 4.2);
    const meterGap = Math.round(rem * 0.8);
    // Whole pixels: a meter's columns at a fractional offset would show seams between them.
    const meterW = Math.floor(Math.min(rem * 16, (W - 2 * pad - (meterCount - 1) * meterGap) / meterCount));
    const meters = Array.from({ length: meterCount }, (_, i) => ({
      x: pad + i * (meterW + meterGap),
      y: meterY,
      w: meterW,
      h: meterH,
    }));
    const labelX = pad;
    const plotX = pad + Math.round(rem * 6.5);
    const plot = { x: plotX, w: W - pad - plotX };
    const subtitleH = Math.round(rem * 2.6);
    const subtitle: Box = { x: pad, y: H - pad - subtitleH, w: W - 2 * pad, h: subtitleH };
    const top = meterY + meterH + Math.round(rem * 1.1);
    const axisH = Math.round(rem * 1.6);
    const headingH = Math.round(rem * 1.4);
    // The concurrency chart, when there are curves: a fixed share under the core lanes.
    const chartH = this.input.curves ? Math.round(rem * 5.5) : 0;
    const chartRoom = this.input.curves ? chartH + headingH + Math.round(rem * 0.4) : 0;
    const free = subtitle.y - Math.round(rem * 0.8) - top - 2 * axisH - headingH - Math.round(rem * 0.8) - chartRoom;
    const lanesCount = this.input.groups.reduce((sum, group) => sum + group.tasks.length, 0);
    const coreLaneMax = Math.round(MAX_LANE_REM * rem * 0.75);
    const coresWanted = cores * coreLaneMax + (cores - 1) * 4;
    const lanesWanted = lanesCount * Math.round(MAX_LANE_REM * rem) + this.input.groups.length * 1.6 * rem;
    const lanesShare = Math.max(0.4, Math.min(0.7, lanesWanted / Math.max(1, lanesWanted + coresWanted)));
    const lanesH = Math.max(rem * 2, Math.min(lanesWanted + rem, free * lanesShare));
    const layout = layoutLanes(this.input.groups, lanesH, rem);
    const lanesAxisY = top + layout.height + Math.round(rem * 0.2);
    const coresY = lanesAxisY + axisH + headingH;
    const coresRoom = Math.max(
      rem,
      Math.min(coresWanted, subtitle.y - Math.round(rem * 0.8) - axisH - coresY - chartRoom),
    );
    const coreGap = coresRoom / cores > 12 ? 4 : 1;
    const coreH = Math.max(2, Math.floor((coresRoom - (cores - 1) * coreGap) / cores));
    const rows = Array.from({ length: cores }, (_, core) => ({ core, y: core * (coreH + coreGap), h: coreH }));
    const coresH = cores * coreH + (cores - 1) * coreGap;
    return {
      rem,
      pad,
      header,
      meters,
      labelX,
      plot,
      lanes: { y: top, layout },
      lanesAxisY,
      cores: { y: coresY, h: coresH, rows },
      coresAxisY: coresY + coresH + Math.round(rem * 0.2),
      chart: chartH > 0 ? { y: coresY + coresH + axisH + headingH + Math.round(rem * 0.4), h: chartH } : null,
      subtitle,
    };
  }

  private font(weight: number, remTimes: number): string {
    return `${weight} ${Math.round(this.layout.rem * remTimes)}px ${this.input.fontFamily}`;
  }

  /** What never changes between frames: background, titles, lane and core labels, the axes. */
  private drawBase(): void {
    const ctx = ctxOf(this.base);
    const { size, layout } = this;
    const { rem, header, plot, lanes } = layout;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    ctx.fillStyle = INK.background;
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.textBaseline = 'top';
    ctx.fillStyle = INK.text;
    ctx.font = this.font(700, 1.45);
    ctx.fillText(this.input.title, header.x, header.y, header.w * 0.7);
    ctx.fillStyle = INK.muted;
    ctx.font = this.font(400, 1);
    ctx.fillText(this.input.detail, header.x, header.y + rem * 2.1, header.w * 0.7);
    // Lane labels and group headings, beside and over the lanes.
    ctx.font = this.font(600, 0.85);
    for (const heading of lanes.layout.headers) {
      ctx.fillStyle = INK.muted;
      ctx.fillText(heading.label, plot.x, lanes.y + heading.y + (heading.h - rem * 0.85) / 2, plot.w);
    }
    ctx.textBaseline = 'middle';
    ctx.font = this.font(700, 1);
    for (const row of lanes.layout.rows) {
      // Each task's colour by its name: the core lanes draw each task's CPU in it.
      if (row.task >= 0) {
        ctx.fillStyle = taskColour(row.task);
        ctx.fillRect(plot.x - rem * 0.45, lanes.y + row.y, rem * 0.25, row.h);
      }
      if (!row.labelled) continue;
      ctx.fillStyle = INK.text;
      ctx.fillText(taskName(row.task), layout.labelX, lanes.y + row.y + row.h / 2, plot.x - layout.labelX - rem * 0.4);
    }
    ctx.textBaseline = 'top';
    ctx.fillStyle = INK.text;
    ctx.font = this.font(700, 0.95);
    const measured = this.input.measured ? 'measured' : 'inferred from the tasks’ states';
    ctx.fillText(`CPU cores: which task used each core (${measured})`, plot.x, layout.cores.y - rem * 1.35, plot.w);
    ctx.textBaseline = 'middle';
    ctx.font = this.font(700, 0.9);
    for (const row of layout.cores.rows) {
      if (row.h < rem * 0.8) continue;
      ctx.fillText(`Core ${row.core}`, layout.labelX, layout.cores.y + row.y + row.h / 2, plot.x - layout.labelX);
    }
    this.drawAxis(ctx, layout.lanesAxisY);
    this.drawAxis(ctx, layout.coresAxisY);
    this.drawKey(ctx);
    this.drawChartBase(ctx);
  }

  /** The chart's top value: every task or core, with a little room above. */
  private chartMax(curves: ExportCurves): number {
    return Math.max(curves.cores, this.tasks, 1) * CHART_HEADROOM;
  }

  /** The concurrency chart's frame: its heading and key, its lane, the cores' dashed line. */
  private drawChartBase(ctx: CanvasRenderingContext2D): void {
    const { chart, plot, rem, labelX } = this.layout;
    const curves = this.input.curves;
    if (!chart || !curves) return;
    ctx.textBaseline = 'top';
    ctx.font = this.font(700, 0.95);
    ctx.fillStyle = INK.text;
    const title = 'Concurrency vs parallelism:';
    ctx.fillText(title, plot.x, chart.y - rem * 1.35);
    let x = plot.x + ctx.measureText(title).width + rem * 0.8;
    const executing = `executing (${curves.measured ? 'measured' : 'inferred'})`;
    for (const [colour, words] of [
      [CURVE_STYLES.inProgress.colour, 'tasks in progress'],
      [CURVE_STYLES.executing.colour, executing],
    ] as const) {
      ctx.fillStyle = colour;
      ctx.fillRect(x, chart.y - rem * 0.95, rem * 1.3, rem * 0.3);
      ctx.fillStyle = INK.muted;
      ctx.fillText(words, x + rem * 1.6, chart.y - rem * 1.35);
      x += rem * 1.6 + ctx.measureText(words).width + rem * 0.9;
    }
    ctx.fillStyle = INK.lane;
    ctx.fillRect(plot.x, chart.y, plot.w, chart.h);
    const max = this.chartMax(curves);
    const y = (value: number): number => chart.y + chart.h - (value / max) * chart.h;
    ctx.fillStyle = INK.muted;
    ctx.textBaseline = 'middle';
    ctx.font = this.font(600, 0.85);
    ctx.fillText(`${curves.cores} ${curves.cores === 1 ? 'core' : 'cores'}`, labelX, y(curves.cores), plot.x - labelX);
    ctx.fillText('0', labelX, y(0) - rem * 0.3);
  }

  /** The two curves up to `t`: tasks in progress (a line), cores executing (a filled area). */
  private drawChart(t: number): void {
    const { chart, plot } = this.layout;
    const curves = this.input.curves;
    if (!chart || !curves) return;
    const ctx = this.ctx;
    const max = this.chartMax(curves);
    const x = (ms: number): number => plot.x + (ms / this.domainEnd) * plot.w;
    const y = (value: number): number => chart.y + chart.h - (Math.min(max, value) / max) * chart.h;
    const prefix = (points: readonly number[]): number[] => {
      const out: number[] = [];
      for (let i = 0; i < points.length; i += 2) {
        if (points[i]! > t) {
          if (out.length > 0) out.push(t, out[out.length - 1]!);
          break;
        }
        out.push(points[i]!, points[i + 1]!);
      }
      return out;
    };
    const points = this.curvePoints;
    if (!points) return;
    const executing = prefix(points.executing);
    const progress = prefix(points.concurrency);
    if (executing.length >= 4) {
      ctx.beginPath();
      ctx.moveTo(x(executing[0]!), y(0));
      for (let i = 0; i < executing.length; i += 2) ctx.lineTo(x(executing[i]!), y(executing[i + 1]!));
      ctx.lineTo(x(executing[executing.length - 2]!), y(0));
      ctx.closePath();
      ctx.globalAlpha = 0.55;
      ctx.fillStyle = CURVE_STYLES.executing.colour;
      ctx.fill();
      ctx.globalAlpha = 1;
    }
    ctx.setLineDash([8, 6]);
    ctx.strokeStyle = CURVE_STYLES.cores.colour;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(plot.x, y(curves.cores));
    ctx.lineTo(plot.x + plot.w, y(curves.cores));
    ctx.stroke();
    ctx.setLineDash([]);
    if (progress.length >= 4) {
      ctx.strokeStyle = CURVE_STYLES.inProgress.colour;
      ctx.lineWidth = Math.max(3, this.layout.rem * 0.18);
      ctx.lineJoin = 'round';
      ctx.beginPath();
      ctx.moveTo(x(progress[0]!), y(progress[1]!));
      for (let i = 2; i < progress.length; i += 2) ctx.lineTo(x(progress[i]!), y(progress[i + 1]!));
      ctx.stroke();
    }
  }

  /** Both curves over the whole run, one mean per pixel column (the chart's own maths). */
  private pointsOf(curves: ExportCurves): { concurrency: number[]; executing: number[] } {
    const columns = Math.max(1, Math.floor(this.layout.plot.w));
    return {
      concurrency: stepPoints(curves.concurrency, 0, this.domainEnd, columns, this.durationMs),
      executing: stepPoints(curves.executing, 0, this.domainEnd, columns, this.durationMs),
    };
  }

  /** The lanes' key, right of the meters: each state's swatch, drawn with the lanes' own fill. */
  private drawKey(ctx: CanvasRenderingContext2D): void {
    const { rem, meters, header } = this.layout;
    const last = meters[meters.length - 1];
    if (!last) return;
    const states = ['running', 'sleeping', 'waiting', 'ready'] as const;
    const columnW = rem * 8;
    const right = header.x + header.w;
    const x0 = Math.max(last.x + last.w + rem * 2, right - 2 * columnW);
    if (right - x0 < columnW) return;
    const columns = right - x0 >= 2 * columnW ? 2 : 1;
    ctx.font = this.font(600, 0.9);
    ctx.textBaseline = 'middle';
    states.forEach((state, i) => {
      const x = x0 + (i % columns) * columnW;
      const y = last.y + Math.floor(i / columns) * rem * 1.45;
      if (y + rem > last.y + last.h + rem * 1.5) return;
      const swatch = rem * 1.5;
      ctx.fillStyle = INK.lane;
      ctx.fillRect(x, y, swatch, rem);
      ctx.fillStyle = this.deps.fill(ctx, state, this.size.dpr, false);
      if (state === 'ready') ctx.fillRect(x, y + rem * 0.4, swatch, rem * 0.2);
      else ctx.fillRect(x, y, swatch, rem);
      ctx.fillStyle = INK.text;
      ctx.fillText(state, x + swatch + rem * 0.4, y + rem / 2, columnW - swatch - rem * 0.6);
    });
  }

  private drawAxis(ctx: CanvasRenderingContext2D, y: number): void {
    const { plot, rem } = this.layout;
    const scale = linearScale([0, this.domainEnd], [0, plot.w]);
    ctx.fillStyle = INK.grid;
    ctx.fillRect(plot.x, y, plot.w, 2);
    ctx.font = this.font(400, 0.85);
    ctx.textBaseline = 'top';
    for (const tick of axisTicks(scale, plot.w, rem)) {
      ctx.fillStyle = INK.grid;
      ctx.fillRect(plot.x + tick.x - 1, y, 2, rem * 0.35);
      ctx.fillStyle = INK.muted;
      const width = ctx.measureText(tick.label).width;
      const x = Math.min(plot.x + plot.w - width, Math.max(plot.x, plot.x + tick.x - width / 2));
      ctx.fillText(tick.label, x, y + rem * 0.45);
    }
  }

  /** The meters' points: the last samples that ended by `t` (what the meters showed then). */
  private meterPoints(t: number): MeterPoint[] {
    const timeline = this.timeline;
    const n = Math.min(timeline.samples, timeline.firstEndingAfter(t));
    const points: MeterPoint[] = [];
    for (let i = Math.max(0, n - METER_HISTORY_SAMPLES); i < n; i++) {
      const cores = Array.from({ length: timeline.cores }, (_, core) => timeline.busy(i, core));
      points.push({ cores, steal: [], self: timeline.self(i), selfCovers: null });
    }
    return points;
  }

  private drawMeters(t: number): void {
    const { ctx, size, layout } = this;
    const { rem } = layout;
    const points = this.meterPoints(t);
    const latest = points[points.length - 1] ?? null;
    const cores = this.timeline.cores;
    const labelH = rem * 1.3;
    layout.meters.forEach((box, i) => {
      const whole = layout.meters.length === 1 && cores > METERS_MAX;
      const busy = whole ? (latest?.cores.reduce((sum, value) => sum + value, 0) ?? 0) / 100 : (latest?.cores[i] ?? 0);
      const label = whole ? `All ${cores} cores · ${busy.toFixed(1)} busy` : `Core ${i} · ${Math.round(busy)} %`;
      ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
      ctx.textBaseline = 'top';
      ctx.font = this.font(700, 0.9);
      ctx.fillStyle = INK.text;
      ctx.fillText(label, box.x, box.y, box.w);
      const graphH = box.h - labelH;
      ctx.setTransform(size.dpr, 0, 0, size.dpr, box.x * size.dpr, (box.y + labelH) * size.dpr);
      if (whole) paintMachineHistory(ctx, box.w, graphH, size.dpr, points, METER_HISTORY_SAMPLES, cores);
      else paintCoreHistory(ctx, box.w, graphH, size.dpr, points, METER_HISTORY_SAMPLES, i);
    });
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
  }

  private drawLanes(t: number): void {
    const { size, layout, input } = this;
    this.at.advance(t);
    const running = t < this.durationMs;
    const plotW = layout.plot.w;
    const history = ctxOf(this.history);
    const live = ctxOf(this.live);
    const left = this.lanes.paint(history, live, {
      width: plotW,
      height: layout.lanes.layout.height,
      dpr: size.dpr,
      start: 0,
      end: this.domainEnd,
      plotWidth: plotW,
      layout: layout.lanes.layout,
      trackOf: this.at.trackOf,
      epoch: 1,
      frameMs: t,
      liveMs: t,
      settledMs: t,
      running,
      fontPx: layout.rem,
      fontFamily: input.fontFamily,
    });
    const x = Math.round(layout.plot.x * size.dpr);
    const y = Math.round(layout.lanes.y * size.dpr);
    this.ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.ctx.drawImage(this.history as CanvasImageSource, x, y);
    const leftPx = Math.round(left * size.dpr);
    const w = this.live.width - leftPx;
    if (w > 0)
      this.ctx.drawImage(this.live as CanvasImageSource, 0, 0, w, this.live.height, x + leftPx, y, w, this.live.height);
    const cores = ctxOf(this.coreCanvas);
    this.coresPainter.paint(cores, {
      width: plotW,
      height: layout.cores.h,
      dpr: size.dpr,
      start: 0,
      end: this.domainEnd,
      plotWidth: plotW,
      rows: layout.cores.rows,
      timeline: this.timeline,
      tasks: this.tasks,
      measured: input.measured,
      epoch: 1,
      final: !running,
      untilMs: t,
    });
    this.ctx.drawImage(this.coreCanvas as CanvasImageSource, x, Math.round(layout.cores.y * size.dpr));
  }

  private drawClock(t: number): void {
    const { ctx, layout } = this;
    const { header } = layout;
    ctx.font = this.font(700, 1.45);
    ctx.textBaseline = 'top';
    const text = `${formatSeconds(t)} of ${formatSeconds(this.durationMs)}`;
    const width = ctx.measureText(text).width;
    ctx.fillStyle = INK.text;
    ctx.fillText(text, header.x + header.w - width, header.y);
  }

  private drawSubtitle(text: string): void {
    if (!text) return;
    const { ctx, layout } = this;
    const box = layout.subtitle;
    ctx.font = this.font(600, 1.15);
    ctx.textBaseline = 'middle';
    const room = box.w - layout.rem * 1.6;
    const lines = this.subtitleLines(text, room);
    const width = Math.min(room, Math.max(...lines.map((line) => ctx.measureText(line).width)));
    const plateW = width + layout.rem * 1.6;
    const x = box.x + (box.w - plateW) / 2;
    ctx.fillStyle = INK.panel;
    ctx.fillRect(x, box.y, plateW, box.h);
    ctx.fillStyle = INK.text;
    const lineH = box.h / (lines.length + 0.25);
    lines.forEach((line, i) => {
      ctx.fillText(line, x + layout.rem * 0.8, box.y + lineH * (i + 0.625), room);
    });
  }

  /** The subtitle in one line where it fits, else in two, broken between words near the middle. */
  private subtitleLines(text: string, room: number): string[] {
    const { ctx } = this;
    if (ctx.measureText(text).width <= room) return [text];
    const words = text.split(' ');
    let best: [string, string] = [text, ''];
    let bestWidth = Infinity;
    for (let i = 1; i < words.length; i++) {
      const pair: [string, string] = [words.slice(0, i).join(' '), words.slice(i).join(' ')];
      const widest = Math.max(ctx.measureText(pair[0]).width, ctx.measureText(pair[1]).width);
      if (widest < bestWidth) [best, bestWidth] = [pair, widest];
    }
    return best[1] ? best : [text];
  }

  /** Draws the run as it stood at `t` (ms since its start), with `subtitle` under it. */
  drawRun(t: number, subtitle: string | null): void {
    const clamped = Math.max(0, Math.min(this.durationMs, t));
    const { ctx, size } = this;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.base as CanvasImageSource, 0, 0);
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    this.drawClock(clamped);
    this.drawMeters(clamped);
    this.drawLanes(clamped);
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    this.drawChart(clamped);
    if (subtitle !== null) this.drawSubtitle(subtitle);
  }

  /** A card over the whole frame: big centred lines on the page's background. */
  private card(heading: string, body: string | null, over: boolean): void {
    const { ctx, size, layout } = this;
    const { rem } = layout;
    ctx.setTransform(size.dpr, 0, 0, size.dpr, 0, 0);
    if (over) {
      ctx.globalAlpha = 0.88;
      ctx.fillStyle = INK.background;
      ctx.fillRect(0, 0, size.width, size.height);
      ctx.globalAlpha = 1;
    } else {
      ctx.fillStyle = INK.background;
      ctx.fillRect(0, 0, size.width, size.height);
    }
    const maxW = Math.min(size.width - 4 * rem, rem * 44);
    ctx.textBaseline = 'top';
    ctx.font = this.font(700, 2.2);
    const headLines = wrapText(ctx, heading, maxW);
    ctx.font = this.font(400, 1.35);
    const bodyLines = body ? wrapText(ctx, body, maxW) : [];
    const headH = headLines.length * rem * 2.8;
    const bodyH = bodyLines.length * rem * 1.9;
    let y = (size.height - headH - bodyH - (bodyLines.length ? rem * 1.4 : 0)) / 2;
    ctx.fillStyle = OKABE_ITO.skyBlue;
    ctx.fillRect((size.width - maxW) / 2, y - rem * 1.2, rem * 4, rem * 0.3);
    ctx.font = this.font(700, 2.2);
    ctx.fillStyle = INK.text;
    for (const line of headLines) {
      ctx.fillText(line, (size.width - maxW) / 2, y);
      y += rem * 2.8;
    }
    y += rem * 1.4;
    ctx.font = this.font(400, 1.35);
    ctx.fillStyle = INK.muted;
    for (const line of bodyLines) {
      ctx.fillText(line, (size.width - maxW) / 2, y);
      y += rem * 1.9;
    }
  }

  /** The title card: the lesson's title and question (or what was run). */
  drawTitle(): void {
    const { title, detail, question } = this.input;
    this.card(title, question ?? detail, false);
  }

  /** The finished run, dimmed, under the lesson's caption. */
  drawCaption(): void {
    this.drawRun(this.durationMs, null);
    this.card('What was measured', this.input.caption ?? '', true);
  }
}
