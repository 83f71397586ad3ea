import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_VIDEO_OPTIONS,
  checkVideoOptions,
  chooseFormat,
  videoFileName,
  type VideoFormat,
} from '../../../../src/renderer/lib/export/video-options';
import { checkFileName } from '../../../../src/core/desktop-validate';

describe('checkVideoOptions', () => {
  it('accepts every allowed combination', () => {
    for (const size of ['1080p', '2160p'])
      for (const fps of [30, 60])
        for (const speed of [1, 0.5, 0.25])
          for (const format of ['webm-vp9', 'webm-vp8', 'mp4-avc']) {
            const options = { ...DEFAULT_VIDEO_OPTIONS, size, fps, speed, format };
            expect(checkVideoOptions(options)).toEqual({ ok: true, value: options });
          }
  });

  it.each([
    [null, 'must be an object'],
    [{ ...DEFAULT_VIDEO_OPTIONS, size: '720p' }, '1080p or 2160p'],
    [{ ...DEFAULT_VIDEO_OPTIONS, fps: 24 }, '30 or 60'],
    [{ ...DEFAULT_VIDEO_OPTIONS, fps: '30' }, '30 or 60'],
    [{ ...DEFAULT_VIDEO_OPTIONS, speed: 2 }, '1×, 0.5× or 0.25×'],
    [{ ...DEFAULT_VIDEO_OPTIONS, format: 'gif' }, 'WebM or MP4'],
    [{ ...DEFAULT_VIDEO_OPTIONS, subtitles: 'yes' }, '"subtitles" must be true or false'],
    [{ ...DEFAULT_VIDEO_OPTIONS, audio: true }, 'no option "audio"'],
  ])('refuses %j with one clear message', (value, message) => {
    const result = checkVideoOptions(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it('never accepts anything but the allowed values', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const result = checkVideoOptions(value);
        if (result.ok) expect(checkVideoOptions({ ...result.value })).toEqual(result);
      }),
    );
  });
});

describe('chooseFormat', () => {
  const all = new Set<VideoFormat>(['webm-vp9', 'webm-vp8', 'mp4-avc']);
  it('keeps the format asked for where the platform encodes it', () => {
    expect(chooseFormat('webm-vp9', all)).toBe('webm-vp9');
    expect(chooseFormat('mp4-avc', all)).toBe('mp4-avc');
  });
  it('falls back from VP9 to VP8, and to nothing for H.264', () => {
    expect(chooseFormat('webm-vp9', new Set(['webm-vp8']))).toBe('webm-vp8');
    expect(chooseFormat('mp4-avc', new Set(['webm-vp8']))).toBeNull();
    expect(chooseFormat('webm-vp9', new Set())).toBeNull();
  });
});

describe('videoFileName', () => {
  it('names the video by its lesson, size and speed, as the save dialog accepts', () => {
    const name = videoFileName('A thread that prints and sleeps', { ...DEFAULT_VIDEO_OPTIONS, speed: 0.25 });
    expect(name).toBe('a-thread-that-prints-and-sleeps-1080p30-0.25x.webm');
    expect(checkFileName(name, 'video')).toBeNull();
    const mp4 = videoFileName('***', { ...DEFAULT_VIDEO_OPTIONS, format: 'mp4-avc', size: '2160p', fps: 60 });
    expect(mp4).toBe('lanes-run-2160p60.mp4');
    expect(checkFileName(mp4, 'video')).toBeNull();
  });
});
