import { describe, expect, it } from 'vitest';
import { pictureSize, pixelsOf } from '../../../../src/renderer/lib/export/picture';

describe('pictureSize', () => {
  const window = { width: 1280, height: 720 };
  it('draws the window’s size at one or two device pixels per CSS pixel', () => {
    expect(pictureSize('window', window)).toEqual({ width: 1280, height: 720, dpr: 1 });
    expect(pixelsOf(pictureSize('window-2x', window))).toEqual({ width: 2560, height: 1440 });
  });
  it('draws 3840×2160 as the 1080p layout, twice as sharp, whatever the window', () => {
    expect(pictureSize('2160p', { width: 800, height: 900 })).toEqual({ width: 1920, height: 1080, dpr: 2 });
    expect(pixelsOf(pictureSize('2160p', window))).toEqual({ width: 3840, height: 2160 });
  });
  it('keeps a tiny window’s picture legible', () => {
    expect(pictureSize('window', { width: 300.4, height: 200 })).toEqual({ width: 640, height: 360, dpr: 1 });
  });
});
