// Zoom and pan for any timeline element, by hand (d3 does maths only): the wheel zooms around the
// pointer, a horizontal swipe or a drag pans (on the axis, a click or drag scrubs the playhead),
// double-click fits; with focus, + − zoom, 0 fits,
// F follows live, Shift+← → pan (plain ← → where asked). Runs in the renderer; views use
// {@attach timelineGestures(viewport, () => scale)}.

import type { LinearScale } from './linear-scale';
import type { Attachment } from 'svelte/attachments';
import type { Viewport } from './viewport.svelte';

/** Zoom per pixel of wheel travel: one 100 px notch zooms by about 16 %. */
const WHEEL_ZOOM_PER_PX = 0.0015;
/** A trackpad pinch (Chromium sends it as a Ctrl+wheel) moves in small steps: amplify it. */
const PINCH_ZOOM_PER_PX = 0.01;
/** A wheel "line" is about this many pixels (Firefox sends lines). */
const LINE_PX = 16;
/** Pointer travel below this is a click, not a drag. */
const DRAG_START_PX = 4;
/** Keyboard zoom step and pan step (share of the window). */
export const KEY_ZOOM = 0.5;
export const KEY_PAN_SHARE = 0.2;

export interface GestureOptions {
  /** Plain ← and → pan (the axis); otherwise only with Shift (the lanes use arrows for marks). */
  arrowsPan?: boolean;
  /** Where + and − zoom around (a focused mark); the window's centre when null. */
  anchor?: () => number | null;
  /** A click or drag puts the playhead at the time under the pointer (the axis) instead of panning. */
  scrub?: (ms: number) => void;
}

/** Keys the timeline handles; returns whether the key was used. */
export function timelineKey(viewport: Viewport, event: KeyboardEvent, options: GestureOptions = {}): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  const span = viewport.end - viewport.start;
  const centre = options.anchor?.() ?? viewport.start + span / 2;
  switch (event.key) {
    case '+':
    case '=':
      viewport.zoomAt(centre, KEY_ZOOM);
      return true;
    case '-':
    case '_':
      viewport.zoomAt(centre, 1 / KEY_ZOOM);
      return true;
    case '0':
      viewport.fit();
      return true;
    case 'f':
    case 'F':
      viewport.followLive();
      return true;
    case 'ArrowLeft':
    case 'ArrowRight':
      if (!event.shiftKey && !options.arrowsPan) return false;
      viewport.panBy((event.key === 'ArrowLeft' ? -1 : 1) * span * KEY_PAN_SHARE);
      return true;
    default:
      return false;
  }
}

export function timelineGestures(
  viewport: Viewport,
  scale: () => LinearScale,
  options: GestureOptions = {},
): Attachment<HTMLElement> {
  return (element) => {
    let dragFrom: number | null = null;
    let lastX = 0;
    let dragging = false;

    const msPerPx = (): number => {
      const s = scale();
      const [d0 = 0, d1 = 1] = s.domain();
      const [r0 = 0, r1 = 1] = s.range();
      return (d1 - d0) / Math.max(1, r1 - r0);
    };

    const onwheel = (event: WheelEvent): void => {
      event.preventDefault();
      const unit = event.deltaMode === 1 ? LINE_PX : event.deltaMode === 2 ? element.clientWidth : 1;
      const dx = event.deltaX * unit;
      const dy = event.deltaY * unit;
      if (Math.abs(dx) > Math.abs(dy)) {
        viewport.panBy(dx * msPerPx());
        return;
      }
      const x = event.clientX - element.getBoundingClientRect().left;
      const rate = event.ctrlKey ? PINCH_ZOOM_PER_PX : WHEEL_ZOOM_PER_PX;
      viewport.zoomAt(scale().invert(x), Math.exp(dy * rate));
    };

    const scrubTo = (event: PointerEvent): void => {
      const x = event.clientX - element.getBoundingClientRect().left;
      options.scrub?.(scale().invert(x));
    };

    const onpointerdown = (event: PointerEvent): void => {
      if (event.button !== 0 || (event.pointerType === 'touch' && !options.scrub)) return;
      dragFrom = lastX = event.clientX;
      dragging = false;
      if (options.scrub) {
        element.setPointerCapture(event.pointerId);
        scrubTo(event);
      }
    };

    const onpointermove = (event: PointerEvent): void => {
      if (dragFrom === null) return;
      if ((event.buttons & 1) === 0) {
        dragFrom = null;
        return;
      }
      if (options.scrub) {
        scrubTo(event);
        return;
      }
      if (!dragging && Math.abs(event.clientX - dragFrom) < DRAG_START_PX) return;
      if (!dragging) {
        dragging = true;
        element.setPointerCapture(event.pointerId);
        element.classList.add('dragging');
      }
      viewport.panBy(-(event.clientX - lastX) * msPerPx());
      lastX = event.clientX;
    };

    const onpointerup = (event: PointerEvent): void => {
      if (element.hasPointerCapture(event.pointerId)) element.releasePointerCapture(event.pointerId);
      element.classList.remove('dragging');
      dragFrom = null;
      dragging = false;
    };

    const ondblclick = (): void => viewport.fit();

    const onkeydown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented) return;
      if (timelineKey(viewport, event, options)) event.preventDefault();
    };

    // Not passive: the wheel zooms the timeline instead of scrolling anything.
    element.addEventListener('wheel', onwheel, { passive: false });
    element.addEventListener('pointerdown', onpointerdown);
    element.addEventListener('pointermove', onpointermove);
    element.addEventListener('pointerup', onpointerup);
    element.addEventListener('pointercancel', onpointerup);
    element.addEventListener('dblclick', ondblclick);
    element.addEventListener('keydown', onkeydown);
    return () => {
      element.removeEventListener('wheel', onwheel);
      element.removeEventListener('pointerdown', onpointerdown);
      element.removeEventListener('pointermove', onpointermove);
      element.removeEventListener('pointerup', onpointerup);
      element.removeEventListener('pointercancel', onpointerup);
      element.removeEventListener('dblclick', ondblclick);
      element.removeEventListener('keydown', onkeydown);
    };
  };
}
