// The task lanes' pointer and keys: the mark under the pointer is hovered, a click that did not
// drag focuses it, arrow keys, Home and End step between marks and lanes, and F (anywhere but a
// text field) follows a live run. Runs in the renderer; TaskLanes attaches it to its canvas with
// {@attach lanesInput(target)}, beside the timeline's zoom and pan (timeline-gestures.ts).

import type { Attachment } from 'svelte/attachments';
import { isTyping, keyLike } from '../controls/shortcuts';
import type { LaneItem } from './lanes-hit';

/** Pointer travel between press and click past which the press was a drag (it panned), CSS px. */
export const CLICK_SLOP_PX = 4;

/** What the lanes show and do, as the attachment needs it; the component owns the state. */
export interface LanesTarget {
  /** The keyboard's mark, which arrow keys move from. */
  readonly focus: LaneItem | null;
  /** The mark at a point of the canvas, CSS px from its top left. */
  itemAt(x: number, y: number): LaneItem | null;
  /** Where `key` moves the focus from `from`; undefined for a key the lanes leave alone. */
  step(key: string, from: LaneItem | null): LaneItem | null | undefined;
  hover(item: LaneItem | null): void;
  /** Focuses a mark (a click or a key picked it). */
  pick(item: LaneItem): void;
  /** The canvas gained or lost the keyboard focus. */
  focusChanged(focused: boolean): void;
  /** Follows the live run; false when there is none, or the window already follows it. */
  followLive(): boolean;
}

const modified = (event: KeyboardEvent): boolean => event.ctrlKey || event.metaKey || event.altKey;

export function lanesInput(target: LanesTarget): Attachment<HTMLElement> {
  return (element) => {
    let pressedAt: { x: number; y: number } | null = null;

    const onpointermove = (event: PointerEvent): void => {
      // A drag pans the window: nothing is hovered while it does.
      target.hover(event.buttons !== 0 ? null : target.itemAt(event.offsetX, event.offsetY));
    };
    const onpointerleave = (): void => target.hover(null);
    const onpointerdown = (event: PointerEvent): void => {
      pressedAt = { x: event.clientX, y: event.clientY };
    };
    const onclick = (event: MouseEvent): void => {
      const moved = pressedAt ? Math.hypot(event.clientX - pressedAt.x, event.clientY - pressedAt.y) : 0;
      pressedAt = null;
      if (moved > CLICK_SLOP_PX) return;
      const item = target.itemAt(event.offsetX, event.offsetY);
      if (item) target.pick(item);
    };
    const onfocus = (): void => target.focusChanged(true);
    const onblur = (): void => target.focusChanged(false);
    const onkeydown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || modified(event) || event.shiftKey) return;
      const next = target.step(event.key, target.focus);
      if (next === undefined) return;
      event.preventDefault();
      if (next) target.pick(next);
    };
    // F follows live from anywhere on the page, as long as the key is not typed into a field.
    const onwindowkey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.repeat || modified(event)) return;
      if ((event.key !== 'f' && event.key !== 'F') || isTyping(keyLike(event))) return;
      if (target.followLive()) event.preventDefault();
    };

    const view = element.ownerDocument.defaultView;
    element.addEventListener('pointermove', onpointermove);
    element.addEventListener('pointerleave', onpointerleave);
    element.addEventListener('pointerdown', onpointerdown);
    element.addEventListener('click', onclick);
    element.addEventListener('focus', onfocus);
    element.addEventListener('blur', onblur);
    element.addEventListener('keydown', onkeydown);
    view?.addEventListener('keydown', onwindowkey);
    return () => {
      element.removeEventListener('pointermove', onpointermove);
      element.removeEventListener('pointerleave', onpointerleave);
      element.removeEventListener('pointerdown', onpointerdown);
      element.removeEventListener('click', onclick);
      element.removeEventListener('focus', onfocus);
      element.removeEventListener('blur', onblur);
      element.removeEventListener('keydown', onkeydown);
      view?.removeEventListener('keydown', onwindowkey);
    };
  };
}
