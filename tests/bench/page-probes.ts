// What the bench installs in a page: a frame probe (an rAF loop recording frame timestamps, a
// long-animation-frame counter, and the renderer's `lanes:drawn` marks) and a no-op renderer
// (a WebSocket client that only notes the newest event each frame: the event-to-pixel floor).
// These functions are serialised into the page by Playwright, so each is self-contained.
// Runs in the browser page; the harness (run.ts) reads the results back.

import type { Page } from '@playwright/test';

/** What the renderer marks after a frame that drew newly applied events (`?bench` in its URL). */
export const DRAWN_MARK = 'lanes:drawn';

export interface ProbeResult {
  /** rAF timestamps while recording, ms on the page's clock. */
  frames: number[];
  /** Long animation frames (> 50 ms) while recording. */
  longFrames: number;
  longFrameMaxMs: number;
  /** `lanes:drawn` marks while recording: epoch ms when drawn, and the newest event time drawn. */
  drawn: { at: number; runId: number; t: number }[];
}

interface ProbeState extends ProbeResult {
  recording: boolean;
}

type ProbeWindow = Window & { __benchProbe?: ProbeState };

function installProbe(markName: string): void {
  const w = window as ProbeWindow;
  if (w.__benchProbe) return;
  const probe: ProbeState = { recording: false, frames: [], longFrames: 0, longFrameMaxMs: 0, drawn: [] };
  w.__benchProbe = probe;
  const loop = (timestamp: number): void => {
    if (probe.recording) probe.frames.push(timestamp);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  new PerformanceObserver((list) => {
    if (!probe.recording) return;
    for (const entry of list.getEntries()) {
      probe.longFrames++;
      probe.longFrameMaxMs = Math.max(probe.longFrameMaxMs, entry.duration);
    }
  }).observe({ type: 'long-animation-frame' });
  new PerformanceObserver((list) => {
    if (!probe.recording) return;
    for (const entry of list.getEntriesByName(markName)) {
      const detail = (entry as PerformanceMark).detail as { runId?: unknown; t?: unknown } | null;
      if (typeof detail?.t !== 'number' || typeof detail.runId !== 'number') continue;
      probe.drawn.push({ at: performance.timeOrigin + entry.startTime, runId: detail.runId, t: detail.t });
    }
  }).observe({ type: 'mark' });
}

/** Installs the probe (idempotent): its rAF loop runs from now on, recording nothing yet. */
export async function installFrameProbe(page: Page): Promise<void> {
  await page.evaluate(installProbe, DRAWN_MARK);
}

/** Starts recording afresh. */
export async function startProbe(page: Page): Promise<void> {
  await installFrameProbe(page);
  await page.evaluate(() => {
    const probe = (window as ProbeWindow).__benchProbe!;
    probe.frames = [];
    probe.drawn = [];
    probe.longFrames = probe.longFrameMaxMs = 0;
    probe.recording = true;
  });
}

export function stopProbe(page: Page): Promise<ProbeResult> {
  return page.evaluate(() => {
    const probe = (window as ProbeWindow).__benchProbe!;
    probe.recording = false;
    const { frames, longFrames, longFrameMaxMs, drawn } = probe;
    return { frames, longFrames, longFrameMaxMs, drawn };
  });
}

type NoopWindow = Window & { __benchNoop?: { latencies: number[]; recording: boolean } };

/**
 * The no-op renderer: the same WebSocket feed, parsed, and in each animation frame the newest
 * lane event's age (now − (wallStart + t)) noted if anything new arrived. Nothing is drawn.
 */
function installNoop(): Promise<void> {
  const w = window as NoopWindow;
  const state = { latencies: [] as number[], recording: false };
  w.__benchNoop = state;
  let wallStart: number | null = null;
  let newest = -1;
  let shown = -1;
  const socket = new WebSocket(`ws://${location.host}/ws`);
  const subscribed = new Promise<void>((resolve) => {
    // The engine answers a call only after it has subscribed this socket to the feed.
    socket.onopen = () => socket.send(JSON.stringify({ kind: 'call', id: 1, command: 'hello', payload: null }));
    socket.onmessage = (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as {
        kind: string;
        events?: { kind: string; t?: number; wallStart?: number }[];
      };
      if (data.kind === 'reply') resolve();
      for (const event of data.events ?? []) {
        if (event.kind === 'run-start' && typeof event.wallStart === 'number') {
          wallStart = event.wallStart;
          newest = shown = -1;
        } else if ((event.kind === 'state' || event.kind === 'print') && typeof event.t === 'number') {
          // What the renderer's mark reports: the newest lane event (a state change or a print).
          newest = Math.max(newest, event.t);
        }
      }
    };
  });
  const loop = (): void => {
    if (newest > shown && wallStart !== null) {
      shown = newest;
      if (state.recording) state.latencies.push(performance.timeOrigin + performance.now() - (wallStart + newest));
    }
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  return subscribed;
}

/** Installs the no-op renderer and resolves once its feed is subscribed. */
export async function startNoop(page: Page): Promise<void> {
  await page.evaluate(installNoop);
}

export async function recordNoop(page: Page, recording: boolean): Promise<number[]> {
  return page.evaluate((on) => {
    const state = (window as NoopWindow).__benchNoop!;
    state.recording = on;
    return state.latencies.slice();
  }, recording);
}
