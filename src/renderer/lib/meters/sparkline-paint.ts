// Draws a meter's recent history: one column per sample, busy (solid, the "running" blue) with
// stolen time hatched on top; for the whole machine, busy cores stacked on the app's own share.
// Runs in the renderer, on the frame scheduler.

import { INK, METER_STYLES, stealFill } from '../palette';
import { machineUse, type MeterPoint } from './meter-history';

const stealFills = new WeakMap<CanvasRenderingContext2D, { dpr: number; fill: string | CanvasPattern }>();

function cachedStealFill(ctx: CanvasRenderingContext2D, dpr: number): string | CanvasPattern {
  const cached = stealFills.get(ctx);
  if (cached && cached.dpr === dpr) return cached.fill;
  const fill = stealFill(ctx, dpr);
  stealFills.set(ctx, { dpr, fill });
  return fill;
}

export function paintCoreHistory(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  dpr: number,
  points: readonly MeterPoint[],
  capacity: number,
  core: number,
): void {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = INK.lane;
  ctx.fillRect(0, 0, width, height);
  const column = width / capacity;
  const offset = capacity - points.length;
  const steal = cachedStealFill(ctx, dpr);
  for (let i = 0; i < points.length; i++) {
    const point = points[i]!;
    const busy = point.cores[core] ?? 0;
    const stolen = point.steal[core] ?? 0;
    const x0 = Math.round((offset + i) * column * dpr) / dpr;
    const x1 = Math.round((offset + i + 1) * column * dpr) / dpr;
    const busyH = (busy / 100) * height;
    const stealH = (stolen / 100) * height;
    if (busyH > 0) {
      ctx.fillStyle = METER_STYLES.busy.colour;
      ctx.fillRect(x0, height - busyH, x1 - x0, busyH);
    }
    if (stealH > 0) {
      ctx.fillStyle = steal;
      ctx.fillRect(x0, height - busyH - stealH, x1 - x0, stealH);
    }
  }
  // 50 % guide: "half a core" is the line a teacher points at.
  ctx.fillStyle = INK.grid;
  ctx.fillRect(0, Math.round(height / 2), width, 1);
}

/**
 * The whole machine, in cores' worth (0 at the bottom, every core at the top): busy CPU stacked
 * on the app's own share of it, which sits at the bottom in its own colour, so the observer's
 * cost is part of the picture. A faint line marks each whole core (up to 16).
 */
export function paintMachineHistory(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  dpr: number,
  points: readonly MeterPoint[],
  capacity: number,
  cores: number,
): void {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = INK.lane;
  ctx.fillRect(0, 0, width, height);
  const scale = height / Math.max(1, cores);
  const column = width / capacity;
  const offset = capacity - points.length;
  for (let i = 0; i < points.length; i++) {
    const { busy, self } = machineUse(points[i]!);
    const x0 = Math.round((offset + i) * column * dpr) / dpr;
    const x1 = Math.round((offset + i + 1) * column * dpr) / dpr;
    const selfH = Math.min(height, self * scale);
    const busyH = Math.min(height, busy * scale);
    if (busyH > selfH) {
      ctx.fillStyle = METER_STYLES.busy.colour;
      ctx.fillRect(x0, height - busyH, x1 - x0, busyH - selfH);
    }
    if (selfH > 0) {
      // At least a device pixel or two: a small cost must still show.
      const h = Math.max(selfH, 2 / dpr);
      ctx.fillStyle = METER_STYLES.self.colour;
      ctx.fillRect(x0, height - h, x1 - x0, h);
    }
  }
  // Past 16 cores the lines would be a wash of grey rather than a scale.
  if (cores > 16) return;
  ctx.fillStyle = INK.grid;
  for (let core = 1; core < cores; core++) ctx.fillRect(0, Math.round(height - core * scale), width, 1);
}
