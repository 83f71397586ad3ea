// What an exported video can be: size, frame rate, speed, container and codec, and the cards and
// subtitles around the run; checked before a frame is drawn. Runs in the renderer (the Export
// video dialog hands its form here); pure, so every rule is unit-tested.

import type { Result } from '../../../core/contract';

export const VIDEO_SIZES = {
  '1080p': { width: 1920, height: 1080, label: '1920 × 1080 (Full HD)' },
  '2160p': { width: 3840, height: 2160, label: '3840 × 2160 (4K)' },
} as const;
export type VideoSize = keyof typeof VIDEO_SIZES;

export const VIDEO_FPS = [30, 60] as const;
export type VideoFps = (typeof VIDEO_FPS)[number];

/** Run time per video time: as it happened, half speed, quarter speed. */
export const VIDEO_SPEEDS = [1, 0.5, 0.25] as const;
export type VideoSpeed = (typeof VIDEO_SPEEDS)[number];

/** Containers and codecs, in the order they are preferred. */
export const VIDEO_FORMATS = {
  'webm-vp9': { codec: 'vp9', container: 'webm', label: 'WebM (VP9)', ending: '.webm' },
  'webm-vp8': { codec: 'vp8', container: 'webm', label: 'WebM (VP8)', ending: '.webm' },
  'mp4-avc': { codec: 'avc', container: 'mp4', label: 'MP4 (H.264)', ending: '.mp4' },
} as const;
export type VideoFormat = keyof typeof VIDEO_FORMATS;
export const VIDEO_FORMAT_IDS = Object.keys(VIDEO_FORMATS) as VideoFormat[];

export interface VideoOptions {
  size: VideoSize;
  fps: VideoFps;
  speed: VideoSpeed;
  format: VideoFormat;
  titleCard: boolean;
  /** The "Now" line burned in at the bottom of each frame of the run. */
  subtitles: boolean;
  /** The lesson's caption on a card after the run (only when there is one). */
  captionCard: boolean;
}

export const DEFAULT_VIDEO_OPTIONS: VideoOptions = {
  size: '1080p',
  fps: 30,
  speed: 1,
  format: 'webm-vp9',
  titleCard: true,
  subtitles: true,
  captionCard: true,
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T>(allowed: readonly T[], value: unknown): value is T {
  return allowed.includes(value as T);
}

/** Checks the dialog's options: every field present and one of the allowed values. */
export function checkVideoOptions(value: unknown): Result<VideoOptions> {
  if (!isRecord(value)) return { ok: false, error: 'Video options must be an object.' };
  const known = new Set(Object.keys(DEFAULT_VIDEO_OPTIONS));
  const extra = Object.keys(value).find((key) => !known.has(key));
  if (extra !== undefined) return { ok: false, error: `A video has no option "${extra.slice(0, 40)}".` };
  const { size, fps, speed, format, titleCard, subtitles, captionCard } = value;
  if (!oneOf(Object.keys(VIDEO_SIZES), size)) return { ok: false, error: 'The size must be 1080p or 2160p.' };
  if (!oneOf<unknown>(VIDEO_FPS, fps)) return { ok: false, error: 'The frame rate must be 30 or 60 frames a second.' };
  if (!oneOf<unknown>(VIDEO_SPEEDS, speed)) return { ok: false, error: 'The speed must be 1×, 0.5× or 0.25×.' };
  if (!oneOf<unknown>(VIDEO_FORMAT_IDS, format)) return { ok: false, error: 'The format must be WebM or MP4.' };
  for (const [name, flag] of Object.entries({ titleCard, subtitles, captionCard })) {
    if (typeof flag !== 'boolean') return { ok: false, error: `"${name}" must be true or false.` };
  }
  return { ok: true, value: value as unknown as VideoOptions };
}

/**
 * The format to encode: the one asked for when the platform encodes it, else (for VP9) VP8;
 * null when neither can be encoded here. `encodable` says which formats the platform encodes.
 */
export function chooseFormat(asked: VideoFormat, encodable: ReadonlySet<VideoFormat>): VideoFormat | null {
  if (encodable.has(asked)) return asked;
  if (asked === 'webm-vp9' && encodable.has('webm-vp8')) return 'webm-vp8';
  return null;
}

/** A file name for the video: the lesson (or workload), the size and the speed. */
export function videoFileName(title: string, options: VideoOptions): string {
  const base =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'lanes-run';
  const speed = options.speed === 1 ? '' : `-${options.speed}x`;
  return `${base}-${VIDEO_SIZES[options.size].height}p${options.fps}${speed}${VIDEO_FORMATS[options.format].ending}`;
}
