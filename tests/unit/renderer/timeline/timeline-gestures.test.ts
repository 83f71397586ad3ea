import { describe, expect, it } from 'vitest';
import { KEY_PAN_SHARE, KEY_ZOOM, timelineKey } from '../../../../src/renderer/lib/timeline/timeline-gestures';
import type { Viewport } from '../../../../src/renderer/lib/timeline/viewport.svelte';

/** The viewport's surface as the keys use it, recording what was asked of it. */
function fakeViewport(): { viewport: Viewport; asked: string[] } {
  const asked: string[] = [];
  const viewport = {
    start: 1_000,
    end: 3_000,
    zoomAt: (ms: number, factor: number) => asked.push(`zoom ${ms} ${factor}`),
    panBy: (ms: number) => asked.push(`pan ${ms}`),
    fit: () => asked.push('fit'),
    followLive: () => asked.push('follow'),
  } as unknown as Viewport;
  return { viewport, asked };
}

function key(key: string, extra: Partial<KeyboardEvent> = {}): KeyboardEvent {
  return { key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...extra } as KeyboardEvent;
}

describe('timeline keys', () => {
  it('+ and − zoom around the centre (or the focused mark), 0 fits, F follows', () => {
    const { viewport, asked } = fakeViewport();
    expect(timelineKey(viewport, key('+'))).toBe(true);
    expect(timelineKey(viewport, key('-'), { anchor: () => 1_200 })).toBe(true);
    expect(timelineKey(viewport, key('0'))).toBe(true);
    expect(timelineKey(viewport, key('F'))).toBe(true);
    expect(asked).toEqual([`zoom 2000 ${KEY_ZOOM}`, `zoom 1200 ${1 / KEY_ZOOM}`, 'fit', 'follow']);
  });

  it('arrows pan only with Shift, unless the element says plain arrows pan', () => {
    const { viewport, asked } = fakeViewport();
    expect(timelineKey(viewport, key('ArrowRight'))).toBe(false);
    expect(timelineKey(viewport, key('ArrowRight', { shiftKey: true }))).toBe(true);
    expect(timelineKey(viewport, key('ArrowLeft'), { arrowsPan: true })).toBe(true);
    expect(asked).toEqual([`pan ${2_000 * KEY_PAN_SHARE}`, `pan ${-2_000 * KEY_PAN_SHARE}`]);
  });

  it('leaves modified keys to the browser (Ctrl + is the page zoom)', () => {
    const { viewport, asked } = fakeViewport();
    expect(timelineKey(viewport, key('+', { ctrlKey: true }))).toBe(false);
    expect(asked).toEqual([]);
  });
});
