// The task lanes' pointer and keys, on plain event targets standing in for the canvas and the window.
import { describe, expect, it } from 'vitest';
import type { LaneItem } from '../../../../src/renderer/lib/timeline/lanes-hit';
import { lanesInput, type LanesTarget } from '../../../../src/renderer/lib/timeline/lanes-input';

const mark = (index: number): LaneItem => ({ task: 0, kind: 'print', index });

function rig(options: { live?: boolean } = {}) {
  const log: string[] = [];
  let focus: LaneItem | null = null;
  let following = false;
  const target: LanesTarget = {
    get focus() {
      return focus;
    },
    itemAt: (x) => (x < 100 ? mark(Math.floor(x / 10)) : null),
    step: (key, from) => (key === 'ArrowRight' ? mark((from?.index ?? -1) + 1) : key === 'Home' ? null : undefined),
    hover: (item) => log.push(`hover ${item ? item.index : 'none'}`),
    pick: (item) => {
      focus = item;
      log.push(`pick ${item.index}`);
    },
    focusChanged: (on) => log.push(on ? 'focused' : 'blurred'),
    followLive: () => {
      if (!(options.live ?? true) || following) return false;
      following = true;
      log.push('follow');
      return true;
    },
  };
  const view = new EventTarget();
  const element = Object.assign(new EventTarget(), { ownerDocument: { defaultView: view } });
  const detach = lanesInput(target)(element as unknown as HTMLElement) as () => void;
  return { log, view, element, detach };
}

function event(type: string, fields: Record<string, unknown> = {}, target?: object): Event {
  const made = Object.assign(new Event(type, { cancelable: true }), {
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    repeat: false,
    buttons: 0,
    offsetX: 0,
    offsetY: 0,
    clientX: 0,
    clientY: 0,
    ...fields,
  });
  if (target) Object.defineProperty(made, 'target', { value: target });
  return made;
}

describe('the task lanes’ pointer and keys', () => {
  it('hovers the mark under the pointer, and nothing while a drag pans', () => {
    const { log, element } = rig();
    element.dispatchEvent(event('pointermove', { offsetX: 35 }));
    element.dispatchEvent(event('pointermove', { offsetX: 45, buttons: 1 }));
    element.dispatchEvent(event('pointermove', { offsetX: 15 }));
    element.dispatchEvent(event('pointerleave'));
    expect(log).toEqual(['hover 3', 'hover none', 'hover 1', 'hover none']);
  });

  it('focuses the mark clicked, unless the press moved (a pan)', () => {
    const { log, element } = rig();
    element.dispatchEvent(event('pointerdown', { clientX: 10, clientY: 10 }));
    element.dispatchEvent(event('click', { clientX: 12, clientY: 11, offsetX: 52 }));
    element.dispatchEvent(event('pointerdown', { clientX: 10, clientY: 10 }));
    element.dispatchEvent(event('click', { clientX: 30, clientY: 10, offsetX: 72 }));
    element.dispatchEvent(event('click', { offsetX: 500 }));
    expect(log).toEqual(['pick 5']);
  });

  it('steps with the keys the lanes use and leaves every other key alone', () => {
    const { log, element } = rig();
    const right = event('keydown', { key: 'ArrowRight' });
    element.dispatchEvent(right);
    element.dispatchEvent(event('keydown', { key: 'ArrowRight' }));
    expect(right.defaultPrevented).toBe(true);
    // Home with nowhere to go is still the lanes' key: used, nothing picked.
    const home = event('keydown', { key: 'Home' });
    element.dispatchEvent(home);
    expect(home.defaultPrevented).toBe(true);
    // Shift+arrows pan (the timeline's gestures); + and − zoom: not the lanes' keys.
    const shifted = event('keydown', { key: 'ArrowRight', shiftKey: true });
    element.dispatchEvent(shifted);
    const plus = event('keydown', { key: '+' });
    element.dispatchEvent(plus);
    expect([shifted.defaultPrevented, plus.defaultPrevented]).toEqual([false, false]);
    element.dispatchEvent(event('focus'));
    element.dispatchEvent(event('blur'));
    expect(log).toEqual(['pick 0', 'pick 1', 'focused', 'blurred']);
  });

  it('follows live on F from anywhere but a text field, once', () => {
    const { log, view } = rig();
    const typed = event('keydown', { key: 'f' }, { tagName: 'INPUT', type: 'text' });
    view.dispatchEvent(typed);
    expect(typed.defaultPrevented).toBe(false);
    const inMenu = event('keydown', { key: 'F' }, { tagName: 'SELECT', type: 'select-one' });
    view.dispatchEvent(inMenu);
    expect(inMenu.defaultPrevented).toBe(true);
    const again = event('keydown', { key: 'f' }, { tagName: 'BODY' });
    view.dispatchEvent(again);
    expect(again.defaultPrevented).toBe(false);
    expect(log).toEqual(['follow']);
  });

  it('does nothing on F without a live run, and stops listening when detached', () => {
    const idle = rig({ live: false });
    const f = event('keydown', { key: 'f' }, { tagName: 'BODY' });
    idle.view.dispatchEvent(f);
    expect(f.defaultPrevented).toBe(false);
    const { log, view, element, detach } = rig();
    detach();
    view.dispatchEvent(event('keydown', { key: 'f' }, { tagName: 'BODY' }));
    element.dispatchEvent(event('pointermove', { offsetX: 5 }));
    element.dispatchEvent(event('keydown', { key: 'ArrowRight' }));
    expect(log).toEqual([]);
  });
});
