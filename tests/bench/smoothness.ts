// Goals 1–4 on the synthetic engine: smoothness at the nominal load and under a burst, event to
// pixel, and the Chromium tree's CPU (nominal and idle), each beside its baseline measured here:
// an empty page running the same rAF loop, a static page, and a no-op renderer on the same feed.
// Runs in Node (the bench harness); prints details to stderr, returns the goal lines.

import type { Page } from '@playwright/test';
import { openPage, sleep } from './browser';
import { installFrameProbe, recordNoop, startNoop, startProbe, stopProbe, type ProbeResult } from './page-probes';
import { cpuCores, cpuCoresByType } from './proc-cpu';
import { meterMainThread, profilePage, tracePage } from './profile';
import { appReady, appShowsEnd, type Rig } from './rig';
import { figureAt, frameStats, percentile, ratio, round, roundOrNull, type FrameStats, type GoalLine } from './stats';
import { bursts, steady } from './synthetic-engine';

/** The nominal load of goals 1, 3 and 4. */
const NOMINAL = { tasks: 16, eventsPerSecond: 200 };
/** Frames and CPU are recorded over this window, after WARMUP_MS. */
const WINDOW_MS = 10_000;
const WARMUP_MS = 1_000;
/** After a run, the page gets this long to settle before idle is measured. */
const SETTLE_MS = 3_000;
const STRESS = { tasks: 64, quietRate: 200, burstRate: 10_000, burstMs: 5_000 };

export interface Baselines {
  staticCores: number;
  rafCores: number;
  frames: FrameStats;
  longFrames: number;
  noopLatency: { p50: number | null; p95: number | null; count: number };
}

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

async function withPage<T>(rig: Rig, url: string, body: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await openPage(rig.browser.browser, rig.viewport);
  try {
    await page.goto(url);
    return await body(page);
  } finally {
    await context.close();
  }
}

function nominalRun(rig: Rig): Promise<unknown> {
  rig.engine.start(steady(NOMINAL.tasks, NOMINAL.eventsPerSecond, WARMUP_MS + WINDOW_MS));
  return rig.engine.done;
}

function stressRun(rig: Rig): Promise<unknown> {
  rig.engine.start(
    bursts(STRESS.tasks, {
      quietRate: STRESS.quietRate,
      burstRate: STRESS.burstRate,
      leadMs: WARMUP_MS,
      burstMs: STRESS.burstMs,
      gapMs: 0,
      durationMs: WARMUP_MS + STRESS.burstMs,
    }),
  );
  return rig.engine.done;
}

export async function measureBaselines(rig: Rig): Promise<Baselines> {
  const blank = `${rig.pages.url}blank.html`;
  const pid = rig.browser.pid;
  const staticCores = await withPage(rig, blank, async () => {
    await sleep(SETTLE_MS);
    return cpuCores(pid, () => sleep(WINDOW_MS));
  });
  const raf = await withPage(rig, blank, async (page) => {
    await installFrameProbe(page);
    await sleep(WARMUP_MS);
    await startProbe(page);
    const cores = await cpuCores(pid, () => sleep(WINDOW_MS));
    return { cores, probe: await stopProbe(page) };
  });
  const noop = await withPage(rig, blank, async (page) => {
    await startNoop(page);
    const done = nominalRun(rig);
    await sleep(WARMUP_MS);
    await recordNoop(page, true);
    await sleep(WINDOW_MS);
    const latencies = await recordNoop(page, false);
    await done;
    return latencies;
  });
  const baselines: Baselines = {
    staticCores: round(staticCores, 3),
    rafCores: round(raf.cores, 3),
    frames: frameStats(raf.probe.frames),
    longFrames: raf.probe.longFrames,
    noopLatency: {
      p50: roundOrNull(percentile(noop, 50), 1),
      p95: roundOrNull(percentile(noop, 95), 1),
      count: noop.length,
    },
  };
  log(`baselines ${JSON.stringify(baselines)}`);
  return baselines;
}

/** Goals 1 and 3: one nominal run with the frame probe and the renderer's drawn marks. */
export async function smoothAndPrompt(rig: Rig, base: Baselines): Promise<GoalLine[]> {
  const { probe, wallStart, runId } = await withPage(rig, `${rig.app.url}?bench`, async (page) => {
    await appReady(page);
    await installFrameProbe(page);
    const done = nominalRun(rig);
    const start = rig.engine.lastStart!;
    await sleep(WARMUP_MS);
    const mainThread = await meterMainThread(page);
    await startProbe(page);
    await sleep(WINDOW_MS);
    const result = await stopProbe(page);
    log(`G1 renderer main thread ${JSON.stringify(await mainThread())}`);
    await done;
    return { probe: result, wallStart: start.wallStart, runId: start.runId };
  });
  const frames = frameStats(probe.frames);
  log(
    `G1 frames ${JSON.stringify(frames)} long animation frames ${probe.longFrames} (max ${round(probe.longFrameMaxMs, 1)} ms)`,
  );
  const g1: GoalLine = {
    goal: 'G1 smoothness, nominal (16 tasks, 200 events/s, 10 s)',
    value: { fps: frames.fps, p95Ms: frames.p95Ms, longFrames: probe.longFrames },
    unit: 'fps, ms, count',
    baseline: { fps: base.frames.fps, p95Ms: base.frames.p95Ms, longFrames: base.longFrames },
    ratio: { fps: ratio(frames.fps, base.frames.fps), p95Ms: ratio(frames.p95Ms, base.frames.p95Ms), longFrames: null },
    target: 'fps >= 58, p95Ms <= 18, longFrames = 0',
    met: (frames.fps ?? 0) >= 58 && (frames.p95Ms ?? Infinity) <= 18 && probe.longFrames === 0,
    judge: (value) =>
      (figureAt(value, 'fps') ?? 0) >= 58 &&
      (figureAt(value, 'p95Ms') ?? Infinity) <= 18 &&
      figureAt(value, 'longFrames') === 0,
  };
  const latencies = drawnLatencies(probe, runId, wallStart);
  const p95 = roundOrNull(percentile(latencies, 95), 1);
  log(
    latencies.length === 0
      ? 'G3 the renderer made no lanes:drawn marks with ?bench: event-to-pixel not measurable'
      : `G3 ${latencies.length} drawn frames, latency p50 ${roundOrNull(percentile(latencies, 50), 1)} ms, p95 ${p95} ms, max ${round(Math.max(...latencies), 1)} ms`,
  );
  const g3: GoalLine = {
    goal: 'G3 event to pixel, nominal load',
    value: p95,
    unit: 'ms (p95)',
    baseline: base.noopLatency.p95,
    ratio: ratio(p95, base.noopLatency.p95),
    target: '<= 33',
    met: p95 !== null && p95 <= 33,
    judge: (value) => (figureAt(value) ?? Infinity) <= 33,
  };
  return [g1, g3];
}

function drawnLatencies(probe: ProbeResult, runId: number, wallStart: number): number[] {
  return probe.drawn.filter((mark) => mark.runId === runId).map((mark) => mark.at - (wallStart + mark.t));
}

/** Goal 2: 64 tasks, a second at the nominal rate, then a 5 s burst at 10,000 events/s. */
export async function stress(rig: Rig, base: Baselines): Promise<GoalLine> {
  const probe = await withPage(rig, `${rig.app.url}?bench`, async (page) => {
    await appReady(page);
    await installFrameProbe(page);
    const done = stressRun(rig);
    await sleep(WARMUP_MS);
    const mainThread = await meterMainThread(page);
    await startProbe(page);
    await sleep(STRESS.burstMs);
    const result = await stopProbe(page);
    log(`G2 renderer main thread ${JSON.stringify(await mainThread())}`);
    await done;
    await appShowsEnd(page);
    return result;
  });
  const frames = frameStats(probe.frames);
  log(
    `G2 frames ${JSON.stringify(frames)} long animation frames ${probe.longFrames}, events sent ${rig.engine.events}`,
  );
  return {
    goal: 'G2 stress (64 tasks, 10,000 events/s for 5 s)',
    value: frames.p95Ms,
    unit: 'ms (frame p95)',
    baseline: base.frames.p95Ms,
    ratio: ratio(frames.p95Ms, base.frames.p95Ms),
    target: '<= 33',
    met: frames.p95Ms !== null && frames.p95Ms <= 33,
    judge: (value) => (figureAt(value) ?? Infinity) <= 33,
  };
}

/**
 * Goal 4: the Chromium tree's CPU at the nominal load (no probe), then idle after the run with
 * nothing changing (goal 9 measures idle with the meters moving).
 */
export async function rendererCpu(rig: Rig, base: Baselines): Promise<GoalLine> {
  const pid = rig.browser.pid;
  const { nominal, idle } = await withPage(rig, rig.app.url, async (page) => {
    await appReady(page);
    await sleep(WARMUP_MS);
    const done = nominalRun(rig);
    await sleep(WARMUP_MS);
    let byType: Record<string, number> = {};
    const nominalCores = await cpuCores(pid, async () => {
      byType = await cpuCoresByType(pid, () => sleep(WINDOW_MS));
    });
    log(`G4 nominal cores per Chromium process ${JSON.stringify(byType)}`);
    await done;
    await appShowsEnd(page);
    await sleep(SETTLE_MS);
    return { nominal: nominalCores, idle: await cpuCores(pid, () => sleep(WINDOW_MS)) };
  });
  log(`G4 nominal ${round(nominal, 3)} cores, idle ${round(idle, 3)} cores`);
  return {
    goal: 'G4 renderer CPU, Chromium process tree',
    value: { nominalCores: round(nominal, 3), idleCores: round(idle, 3) },
    unit: 'cores',
    baseline: { nominalCores: base.rafCores, idleCores: base.staticCores },
    ratio: { nominalCores: ratio(nominal, base.rafCores), idleCores: ratio(idle, base.staticCores) },
    target: 'nominalCores <= 0.25, idleCores <= 0.02',
    met: nominal <= 0.25 && idle <= 0.02,
    judge: (value) =>
      (figureAt(value, 'nominalCores') ?? Infinity) <= 0.25 && (figureAt(value, 'idleCores') ?? Infinity) <= 0.02,
  };
}

/**
 * Not a goal: with LANES_BENCH_PROFILE=1, a CPU profile and then a timeline trace of the app at the
 * nominal load, under the burst and at the `extra` loads (no probe), saved under .bench/ and
 * summarised on stderr: the functions with the most self time, and the main thread's time per
 * task kind. LANES_BENCH_PROFILE=idle,lesson profiles only the loads named.
 */
export async function profileRuns(rig: Rig, extra: readonly ProfiledLoad[] = []): Promise<void> {
  const loads: ProfiledLoad[] = [
    { name: 'nominal', start: nominalRun, windowMs: WINDOW_MS },
    { name: 'stress', start: stressRun, windowMs: STRESS.burstMs },
    ...extra,
  ];
  const only = process.env.LANES_BENCH_PROFILE?.split(',').map((each) => each.trim());
  for (const { name, start, windowMs } of loads) {
    if (only && !only.includes('1') && !only.includes(name)) continue;
    for (const kind of ['profile', 'trace'] as const) {
      await withPage(rig, rig.app.url, async (page) => {
        await appReady(page);
        const done = start(rig);
        await sleep(WARMUP_MS);
        const file = `${kind}-${name}`;
        const stop =
          kind === 'profile' ? await profilePage(page, file) : await tracePage(rig.browser.browser, page, file);
        await sleep(windowMs);
        const top = await stop();
        const what = kind === 'profile' ? 'top self time' : "main thread's time per task kind";
        log(`${kind} ${name} (.bench/${file}), ${what}:\n${top.join('\n')}`);
        await done;
      });
    }
  }
}

/** A load to profile: started once the page is ready; its promise settles when it is over. */
export interface ProfiledLoad {
  name: string;
  start: (rig: Rig) => Promise<unknown>;
  windowMs: number;
}
