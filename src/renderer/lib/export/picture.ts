// Pictures of a run: a PNG drawn by the compositor from the record (so the frame is clean: no
// pointer, focus ring or tooltip) at the window's size, twice it, or 3840×2160; and the charts the
// page draws in SVG, as standalone SVG files with their styles written in. Runs in the renderer;
// the Export picture dialog calls it.

import type { PictureSize } from './compositor';

export const PICTURE_SIZES = ['window', 'window-2x', '2160p'] as const;
export type PictureSizeId = (typeof PICTURE_SIZES)[number];

/** 3840×2160 is drawn as 1920×1080 CSS px at 2 device pixels each: the 1080p layout, twice as sharp. */
const UHD = { width: 1920, height: 1080, dpr: 2 } as const;

/** The picture's size for a choice, given the window's CSS size (at least 640×360, so it stays legible). */
export function pictureSize(choice: PictureSizeId, window: { width: number; height: number }): PictureSize {
  if (choice === '2160p') return { ...UHD };
  const width = Math.max(640, Math.round(window.width));
  const height = Math.max(360, Math.round(window.height));
  return { width, height, dpr: choice === 'window-2x' ? 2 : 1 };
}

/** Pixels of a picture size: what the PNG will measure. */
export function pixelsOf(size: PictureSize): { width: number; height: number } {
  return { width: Math.round(size.width * size.dpr), height: Math.round(size.height * size.dpr) };
}

export function pngOf(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => {
      if (!blob) {
        reject(new Error('The picture could not be encoded as PNG.'));
        return;
      }
      blob.arrayBuffer().then((buffer) => resolve(new Uint8Array(buffer)), reject);
    }, 'image/png');
  });
}

/** Style properties an SVG chart's look depends on (what its CSS sets). */
const SVG_STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
] as const;

/** A chart the page draws in SVG, ready to save on its own. */
export interface SvgChart {
  name: string;
  label: string;
  svg: SVGSVGElement;
}

/** The SVG charts on show (the concurrency chart, the speedup chart), by what they draw. */
export function svgCharts(root: ParentNode = document): SvgChart[] {
  const charts: SvgChart[] = [];
  for (const svg of root.querySelectorAll<SVGSVGElement>('svg[role="img"]')) {
    const box = svg.getBoundingClientRect();
    if (box.width <= 0 || box.height <= 0) continue;
    const label = svg.getAttribute('aria-label') ?? '';
    const speedup = label.startsWith('Speedup');
    charts.push({
      name: speedup ? 'speedup' : 'parallelism',
      label: speedup ? 'Speedup chart' : 'Concurrency and parallelism chart',
      svg,
    });
  }
  return charts;
}

/**
 * The chart as a standalone SVG document: its computed styles written onto each element, its
 * size fixed, and the page's background behind it (the chart is drawn for a dark page).
 */
export function svgDocument(svg: SVGSVGElement, background: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((original, i) => {
    const target = copies[i];
    if (!target) return;
    const computed = getComputedStyle(original);
    const style = SVG_STYLE_PROPS.map((prop) => `${prop}:${computed.getPropertyValue(prop)}`).join(';');
    target.setAttribute('style', style);
    target.removeAttribute('class');
  });
  const box = svg.getBoundingClientRect();
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(Math.round(box.width)));
  copy.setAttribute('height', String(Math.round(box.height)));
  copy.setAttribute('viewBox', `0 0 ${Math.round(box.width)} ${Math.round(box.height)}`);
  const backdrop = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  backdrop.setAttribute('width', '100%');
  backdrop.setAttribute('height', '100%');
  backdrop.setAttribute('fill', background);
  copy.insertBefore(backdrop, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}
