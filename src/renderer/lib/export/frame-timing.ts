// Which moment of the run each frame of an exported video shows: the video's clock runs at the
// chosen speed over the run's record, frame by frame, so the same run always makes the same
// frames whatever the machine's speed. Runs in the renderer (the video export); pure.

/** A title card holds this long before the run starts, s of video. */
export const TITLE_CARD_S = 2.5;
/** The lesson's caption holds this long after the run ends, s of video. */
export const CAPTION_CARD_S = 4;

export interface FrameTiming {
  fps: number;
  /** 1 (as it happened), 0.5, 0.25: run time per video time. */
  speed: number;
  titleCard: boolean;
  captionCard: boolean;
}

/** What frame `index` shows: a card, or the run at `runMs` (ms since its start). */
export type FrameContent = { kind: 'title' } | { kind: 'run'; runMs: number } | { kind: 'caption' };

export interface FramePlan {
  titleFrames: number;
  runFrames: number;
  captionFrames: number;
  total: number;
  /** Video time per frame, s. */
  frameS: number;
}

/** Run time that passes between two frames, ms. */
export function runStepMs(timing: Pick<FrameTiming, 'fps' | 'speed'>): number {
  return (1000 * timing.speed) / timing.fps;
}

/**
 * The frames of a run of `durationMs`: one at the run's start and one every step after it that
 * still falls within the run (a 10.06 s run at 30 fps: frames at 0, 33.3 … 10,033 ms, 302 of them;
 * at 0.25× four times as many), with the cards' frames before and after.
 */
export function framePlan(durationMs: number, timing: FrameTiming): FramePlan {
  const step = runStepMs(timing);
  // A hair of slack so a run that is a whole number of steps long ends on a frame of its own.
  const runFrames = Math.floor(Math.max(0, durationMs) / step + 1e-9) + 1;
  const titleFrames = timing.titleCard ? Math.round(TITLE_CARD_S * timing.fps) : 0;
  const captionFrames = timing.captionCard ? Math.round(CAPTION_CARD_S * timing.fps) : 0;
  return {
    titleFrames,
    runFrames,
    captionFrames,
    total: titleFrames + runFrames + captionFrames,
    frameS: 1 / timing.fps,
  };
}

/**
 * What frame `index` of the plan shows. The run's last frame shows its very end (at most one
 * step after the frame's own moment), so the video always ends on the finished run.
 */
export function frameContent(plan: FramePlan, timing: FrameTiming, durationMs: number, index: number): FrameContent {
  if (index < plan.titleFrames) return { kind: 'title' };
  const run = index - plan.titleFrames;
  if (run >= plan.runFrames) return { kind: 'caption' };
  if (run === plan.runFrames - 1) return { kind: 'run', runMs: Math.max(0, durationMs) };
  return { kind: 'run', runMs: run * runStepMs(timing) };
}

/** Frame `index`'s timestamp in the video, s (exact multiples of the frame's length). */
export function frameTimestampS(plan: FramePlan, index: number): number {
  return index * plan.frameS;
}
