// Draws a meter's recent history: one column per sample, busy (solid, the "running" blue) with
// stolen time hatched on top; or, for the app's own use, a line in its own colour.
// Runs in the renderer, on the frame scheduler.

import { INK, METER_STYLES, stealFill } from './palette';
import type { MeterPoint } from './meter-history';

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

/** The app's own CPU as a line, scaled to one core (it should stay near the bottom). */
export function paintSelfHistory(
  ctx: CanvasRenderingContext2D,
  width: number,
  height: number,
  points: readonly MeterPoint[],
  capacity: number,
): void {
  ctx.clearRect(0, 0, width, height);
  ctx.fillStyle = INK.lane;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = INK.grid;
  ctx.fillRect(0, Math.round(height / 2), width, 1);
  if (points.length === 0) return;
  const column = width / capacity;
  const offset = capacity - points.length;
  const y = (self: number): number => height - Math.min(1, self) * (height - 2) - 1;
  ctx.beginPath();
  points.forEach((point, i) => {
    const x = (offset + i + 0.5) * column;
    if (i === 0) ctx.moveTo(x, y(point.self));
    else ctx.lineTo(x, y(point.self));
  });
  ctx.strokeStyle = METER_STYLES.self.colour;
  ctx.lineWidth = 2.5;
  ctx.lineJoin = 'round';
  ctx.stroke();
}
