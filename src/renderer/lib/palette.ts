// Colours and patterns for task states and CPU meters. Okabe–Ito (safe for the common forms of
// colour blindness), and every state also differs by form: solid running, striped waiting,
// hatched sleeping, a thin line for ready, and marks for the end states; a state inferred rather
// than observed is drawn in dots on a pale wash. Legend, lanes, meters and the lesson chart all
// draw from here. Runs in the renderer.

import type { TaskState } from '../../core/contract';

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** The page's own colours (dark, for projectors); text pairs are ≥ 7:1 on BACKGROUND. */
export const INK = {
  background: '#0d1117',
  panel: '#161b24',
  lane: '#1e2430',
  grid: '#2c3442',
  text: '#f3f5f9',
  muted: '#b4bdcc',
} as const;

export type Fill = 'solid' | 'stripes' | 'hatch' | 'thin' | 'mark';

export interface StateStyle {
  colour: string;
  fill: Fill;
  /** Legend wording, in the lesson's terms. */
  label: string;
}

export const STATE_STYLES: Record<TaskState, StateStyle> = {
  running: { colour: OKABE_ITO.skyBlue, fill: 'solid', label: 'running' },
  waiting: { colour: OKABE_ITO.orange, fill: 'stripes', label: 'waiting for the lock' },
  sleeping: { colour: OKABE_ITO.bluishGreen, fill: 'hatch', label: 'sleeping' },
  ready: { colour: OKABE_ITO.yellow, fill: 'thin', label: 'ready' },
  done: { colour: INK.text, fill: 'mark', label: 'done' },
  failed: { colour: OKABE_ITO.vermillion, fill: 'mark', label: 'failed' },
  stopped: { colour: INK.muted, fill: 'mark', label: 'stopped' },
};

/** Meter colours: busy matches "running" so a running task and a busy core read as one idea. */
export const METER_STYLES = {
  busy: { colour: OKABE_ITO.skyBlue, label: 'busy' },
  steal: { colour: OKABE_ITO.yellow, label: 'stolen by the host' },
  self: { colour: OKABE_ITO.reddishPurple, label: 'Lanes itself' },
} as const;

export const PRINT_COLOUR = INK.text;

/**
 * The concurrency-vs-parallelism chart: in progress is a thick solid orange line, executing a
 * filled sky-blue area (the colour of "running" and "busy"), the cores a dashed light line. They
 * differ by form as well as by colour, so the chart reads in greyscale too. The chart itself
 * draws them from CSS variables (app.css: --curve-*), darker in the light theme.
 */
export const CURVE_STYLES = {
  inProgress: { colour: OKABE_ITO.orange, label: 'in progress' },
  executing: { colour: OKABE_ITO.skyBlue, label: 'executing' },
  cores: { colour: INK.text, label: 'cores' },
} as const;

/** One pattern tile, `size` CSS pixels square, drawn at device resolution. */
const TILE_PX = 10;

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

function tileCanvas(size: number): OffscreenCanvas | HTMLCanvasElement {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(size, size);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  return canvas;
}

/** The legend's words for a state drawn inferred (a CPython thread's wait placed from its clocks). */
export const INFERRED_LABEL = 'inferred';

/**
 * The fill for a state on a context scaled by `dpr`: a colour, or a pattern whose tile is drawn
 * at device pixels and mapped back so the lines stay crisp and the same width at any dpr.
 * `inferred`: the state's broken variant, told apart from what was observed by form too.
 */
export function stateFill(ctx: Context2D, state: TaskState, dpr: number, inferred = false): string | CanvasPattern {
  const style = STATE_STYLES[state];
  if (inferred) return inferredFill(ctx, style, dpr);
  if (style.fill !== 'stripes' && style.fill !== 'hatch') return style.colour;
  const size = Math.max(1, Math.round(TILE_PX * dpr));
  const tile = tileCanvas(size);
  const t = tile.getContext('2d') as Context2D | null;
  if (!t) return style.colour;
  // Opaque tiles (lane colour, then a dim wash of the state's colour): painting a segment twice
  // gives the same pixels, so cached and live pieces of one segment join without seams.
  t.fillStyle = INK.lane;
  t.fillRect(0, 0, size, size);
  t.fillStyle = style.colour;
  t.globalAlpha = style.fill === 'hatch' ? 0.28 : 0.35;
  t.fillRect(0, 0, size, size);
  t.globalAlpha = 1;
  t.strokeStyle = style.colour;
  t.lineWidth = Math.max(1, (style.fill === 'hatch' ? 2 : 3.5) * dpr);
  t.beginPath();
  if (style.fill === 'stripes') {
    // Vertical bars: "stuck in a queue" — unmistakably different from the diagonal hatch.
    t.moveTo(size / 2, 0);
    t.lineTo(size / 2, size);
  } else {
    // Diagonal hatch, drawn across tile corners so it tiles seamlessly.
    for (const offset of [-size, 0, size]) {
      t.moveTo(offset, size);
      t.lineTo(offset + size, 0);
    }
  }
  t.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  if (!pattern) return style.colour;
  pattern.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern;
}

/**
 * An inferred state: the state's colour in dots on a pale wash, where observed states are solid,
 * barred or hatched, so it reads "placed, not seen" without relying on hue. A thin band (ready)
 * shows as the pale wash with dots where they fall.
 */
function inferredFill(ctx: Context2D, style: StateStyle, dpr: number): string | CanvasPattern {
  const size = Math.max(2, Math.round(8 * dpr));
  const tile = tileCanvas(size);
  const t = tile.getContext('2d') as Context2D | null;
  if (!t) return style.colour;
  t.fillStyle = INK.lane;
  t.fillRect(0, 0, size, size);
  t.fillStyle = style.colour;
  t.globalAlpha = 0.2;
  t.fillRect(0, 0, size, size);
  t.globalAlpha = 1;
  const dot = Math.max(1, Math.round(3.5 * dpr));
  t.fillRect(Math.round((size - dot) / 2), Math.round((size - dot) / 2), dot, dot);
  const pattern = ctx.createPattern(tile, 'repeat');
  if (!pattern) return style.colour;
  pattern.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern;
}

/** Steal in the meters: yellow hatch, so it reads apart from busy without relying on hue. */
export function stealFill(ctx: Context2D, dpr: number): string | CanvasPattern {
  const size = Math.max(1, Math.round(6 * dpr));
  const tile = tileCanvas(size);
  const t = tile.getContext('2d') as Context2D | null;
  if (!t) return METER_STYLES.steal.colour;
  t.fillStyle = METER_STYLES.steal.colour;
  t.globalAlpha = 0.4;
  t.fillRect(0, 0, size, size);
  t.globalAlpha = 1;
  t.strokeStyle = METER_STYLES.steal.colour;
  t.lineWidth = Math.max(1, 1.5 * dpr);
  t.beginPath();
  for (const offset of [-size, 0, size]) {
    t.moveTo(offset, 0);
    t.lineTo(offset + size, size);
  }
  t.stroke();
  const pattern = ctx.createPattern(tile, 'repeat');
  if (!pattern) return METER_STYLES.steal.colour;
  pattern.setTransform(new DOMMatrix().scale(1 / dpr));
  return pattern;
}

/**
 * One colour per task where colour means "which task" (the core lanes, the chips by the task
 * lanes' labels): the Okabe–Ito hues, then a light grey; past eight tasks they repeat, and the
 * tooltip names the task.
 */
export const TASK_COLOURS: readonly string[] = [
  OKABE_ITO.skyBlue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.yellow,
  OKABE_ITO.vermillion,
  OKABE_ITO.blue,
  '#d9dde5',
];

export function taskColour(task: number): string {
  return TASK_COLOURS[((task % TASK_COLOURS.length) + TASK_COLOURS.length) % TASK_COLOURS.length]!;
}

/** Core lanes: a core's busy time no task accounts for (the app, the browser, the OS). */
export const OTHER_WORK_COLOUR = '#454d5e';
