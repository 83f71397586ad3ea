// Tick positions and labels for the shared time axis, from d3-scale's ticks() (d3 does the
// maths; Svelte draws them with {#each}). Runs in the renderer; pure.

import type { LinearScale } from './linear-scale';
import { formatTick } from '../format';

export interface AxisTick {
  ms: number;
  x: number;
  label: string;
}

/** About one label per this many rem: room for "12.5 s" with space around it. */
export const TICK_SPACING_REM = 7;

export function axisTicks(scale: LinearScale, width: number, remPx = 18): AxisTick[] {
  const count = Math.max(2, Math.floor(width / (TICK_SPACING_REM * remPx)));
  const ticks = scale.ticks(count);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : (scale.domain()[1] ?? 1000);
  return ticks.map((ms) => ({ ms, x: scale(ms), label: formatTick(ms, step) }));
}
