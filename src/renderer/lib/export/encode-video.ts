// Encodes a run's video: each frame drawn by the compositor from the record, handed to WebCodecs
// through mediabunny (the container is mediabunny's, never written by hand), into memory. Runs in
// the renderer; the Export video dialog starts it, watches its progress and may cancel it, which
// releases the encoder and leaves nothing behind.

import {
  BufferTarget,
  CanvasSource,
  canEncodeVideo,
  Mp4OutputFormat,
  Output,
  QUALITY_HIGH,
  WebMOutputFormat,
} from 'mediabunny';
import { Compositor } from './compositor';
import { frameContent, framePlan, frameTimestampS, type FrameTiming } from './frame-timing';
import { VIDEO_FORMAT_IDS, VIDEO_FORMATS, VIDEO_SIZES, type VideoFormat, type VideoOptions } from './video-options';

export interface VideoProgress {
  done: number;
  total: number;
  /** Estimated time left, ms (null before the first frames say how fast this goes). */
  leftMs: number | null;
}

export interface EncodedVideo {
  data: Uint8Array;
  format: VideoFormat;
  mimeType: string;
  frames: number;
}

/** Let the page breathe (progress bar, Cancel) at least this often while encoding, ms. */
const YIELD_EVERY_MS = 50;
/** Frames before the time left is estimated: the encoder's start-up would skew it. */
const ESTIMATE_AFTER_FRAMES = 5;

/** The formats this browser encodes at `size` (WebCodecs' own answer, through mediabunny). */
export async function encodableFormats(options: Pick<VideoOptions, 'size' | 'fps'>): Promise<Set<VideoFormat>> {
  const { width, height } = VIDEO_SIZES[options.size];
  const found = new Set<VideoFormat>();
  if (typeof VideoEncoder === 'undefined') return found;
  for (const id of VIDEO_FORMAT_IDS) {
    const ok = await canEncodeVideo(VIDEO_FORMATS[id].codec, { width, height, frameRate: options.fps }).catch(
      () => false,
    );
    if (ok) found.add(id);
  }
  return found;
}

function yieldToPage(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Draws and encodes every frame of the plan. Resolves with the file, or null when `signal` was
 * aborted (the output is then cancelled and its buffer dropped).
 */
export async function encodeVideo(
  compositor: Compositor,
  options: VideoOptions,
  format: VideoFormat,
  subtitle: ((t: number) => string) | null,
  onProgress: (progress: VideoProgress) => void,
  signal: AbortSignal,
): Promise<EncodedVideo | null> {
  const timing: FrameTiming = {
    fps: options.fps,
    speed: options.speed,
    titleCard: options.titleCard,
    captionCard: options.captionCard,
  };
  const duration = compositor.durationMs;
  const plan = framePlan(duration, timing);
  const spec = VIDEO_FORMATS[format];
  const output = new Output({
    format: spec.container === 'mp4' ? new Mp4OutputFormat({ fastStart: 'in-memory' }) : new WebMOutputFormat(),
    target: new BufferTarget(),
  });
  const source = new CanvasSource(compositor.canvas as HTMLCanvasElement, {
    codec: spec.codec,
    quality: QUALITY_HIGH,
    latencyMode: 'quality',
  });
  output.addVideoTrack(source, { frameRate: options.fps });
  let finished = false;
  try {
    await output.start();
    const started = performance.now();
    let breathed = started;
    let captionDrawn = false;
    for (let index = 0; index < plan.total; index++) {
      if (signal.aborted) return null;
      const content = frameContent(plan, timing, duration, index);
      if (content.kind === 'title') {
        if (index === 0) compositor.drawTitle();
      } else if (content.kind === 'run') {
        compositor.drawRun(content.runMs, subtitle ? subtitle(content.runMs) : null);
      } else if (!captionDrawn) {
        compositor.drawCaption();
        captionDrawn = true;
      }
      await source.add(frameTimestampS(plan, index), plan.frameS);
      const now = performance.now();
      if (now - breathed >= YIELD_EVERY_MS) {
        const done = index + 1;
        const perFrame = (now - started) / done;
        onProgress({
          done,
          total: plan.total,
          leftMs: done >= ESTIMATE_AFTER_FRAMES ? perFrame * (plan.total - done) : null,
        });
        await yieldToPage();
        breathed = performance.now();
      }
    }
    if (signal.aborted) return null;
    source.close();
    await output.finalize();
    finished = true;
    onProgress({ done: plan.total, total: plan.total, leftMs: 0 });
    const buffer = (output.target as BufferTarget).buffer;
    if (!buffer) throw new Error('The video encoder produced no file.');
    return { data: new Uint8Array(buffer), format, mimeType: await output.getMimeType(), frames: plan.total };
  } finally {
    if (!finished && output.state !== 'canceled' && output.state !== 'finalized') await output.cancel();
  }
}
