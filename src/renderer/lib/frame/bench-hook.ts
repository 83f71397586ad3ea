// The benchmark's view of drawing, only with `?bench` in the URL (read once; otherwise a no-op):
// after each frame that drew newly applied events, performance.mark('lanes:drawn', { detail:
// { runId, t } }) with t the newest event time drawn (engine ms since run start; add the run's
// wallStart for wall time), and window.__lanesDrawn = { frames, lastT }. Runs in the renderer.

declare global {
  interface Window {
    /** Present only with `?bench`: frames that drew new events, and the newest event time drawn. */
    __lanesDrawn?: { frames: number; lastT: number };
  }
}

export const BENCH =
  typeof window !== 'undefined' && typeof location !== 'undefined' && new URLSearchParams(location.search).has('bench');

if (BENCH) window.__lanesDrawn = { frames: 0, lastT: 0 };

/** Records that a frame drew events up to engine time `t` of run `runId`. */
export function markDrawn(runId: number, t: number): void {
  if (!BENCH) return;
  performance.mark('lanes:drawn', { detail: { runId, t } });
  const counters = window.__lanesDrawn;
  if (counters) {
    counters.frames++;
    counters.lastT = t;
  }
}
