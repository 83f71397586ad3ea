// The browser's frame source for the scheduler: requestAnimationFrame, timers and
// performance.now(). Kept apart from frame.ts so the scheduler's policy is tested without a DOM.
// Runs in the renderer.

import type { FrameSource } from './frame';

export const browserFrames: FrameSource = {
  request: (callback) => requestAnimationFrame(callback),
  after: (callback, ms) => void setTimeout(callback, ms),
  now: () => performance.now(),
};
