// Goals 15 and 16: the playhead over a recorded run. G15 replays a nominal record (16 tasks,
// 200 events/s) at 4× from its start and records the frames, beside the empty page's rAF loop;
// G16 feeds a one-hour record, then puts the playhead at positions across it through the
// "Playhead" slider and times each answer (the frame that shows it), beside a frame with no seek.
// Runs in Node (the bench harness); prints details to stderr, returns the goal lines.

import type { Page } from '@playwright/test';
import { openPage, sleep } from './browser';
import { profilePage, tracePage } from './profile';
import { installFrameProbe, startProbe, stopProbe } from './page-probes';
import { appReady, appShowsEnd, until, type Rig } from './rig';
import type { Baselines } from './smoothness';
import { figureAt, frameStats, percentile, ratio, round, roundOrNull, type GoalLine } from './stats';
import { fedFast, steady } from './synthetic-engine';

/** G15's record: the nominal load for 20 s of run time, fed at 4× (5 s). */
const NOMINAL = { tasks: 16, eventsPerSecond: 200, recordMs: 20_000, feedSpeed: 4 };
const REPLAY_SPEED = '4';
/** G16's record: an hour of 4 tasks at 25 events/s each (360,000 events and 36,000 samples), fed in 30 s. */
const HOUR = { tasks: 4, eventsPerSecond: 100, simulatedMs: 3_600_000, realMs: 30_000 };
const POSITIONS = 40;
const MAX_ANSWER_MS = 50;

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

async function withApp<T>(rig: Rig, body: (page: Page) => Promise<T>): Promise<T> {
  const { context, page } = await openPage(rig.browser.browser, rig.viewport);
  try {
    await page.goto(rig.app.url);
    await appReady(page);
    return await body(page);
  } finally {
    await context.close();
  }
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Goal 14: a nominal record replayed from its start at 4×, frames recorded until it ends. */
export async function replayAtFour(rig: Rig, base: Baselines): Promise<GoalLine> {
  const { probe, replayMs } = await withApp(rig, async (page) => {
    rig.engine.start({ ...steady(NOMINAL.tasks, NOMINAL.eventsPerSecond, NOMINAL.recordMs), speed: NOMINAL.feedSpeed });
    await rig.engine.done;
    await appShowsEnd(page);
    await page.getByRole('combobox', { name: 'Replay speed' }).selectOption(REPLAY_SPEED);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Home');
    await installFrameProbe(page);
    await sleep(500);
    await startProbe(page);
    const from = Date.now();
    await button(page, 'Play').click();
    await until('the replay to start', () => button(page, 'Pause').isVisible(), 5_000);
    await until('the replay to reach the end', () => button(page, 'Play').isVisible(), 30_000);
    const replayed = Date.now() - from;
    const result = await stopProbe(page);
    const now = await page.getByRole('status', { name: 'Now' }).innerText();
    if (!now.includes('the run is over')) throw new Error(`G15: the replay did not end at the end: "${now}"`);
    return { probe: result, replayMs: replayed };
  });
  const frames = frameStats(probe.frames);
  log(
    `G15 replayed ${NOMINAL.recordMs} ms of record in ${replayMs} ms at ${REPLAY_SPEED}×; frames ${JSON.stringify(frames)}; ` +
      `long animation frames ${probe.longFrames} (max ${round(probe.longFrameMaxMs, 1)} ms)`,
  );
  return {
    goal: 'G15 replay at 4× (a 16 tasks × 200 events/s record)',
    value: { fps: frames.fps, p95Ms: frames.p95Ms, longFrames: probe.longFrames },
    unit: 'fps, ms, count',
    baseline: { fps: base.frames.fps, p95Ms: base.frames.p95Ms, longFrames: base.longFrames },
    ratio: { fps: ratio(frames.fps, base.frames.fps), p95Ms: ratio(frames.p95Ms, base.frames.p95Ms), longFrames: null },
    target: 'fps >= 58, p95Ms <= 18',
    met: (frames.fps ?? 0) >= 58 && (frames.p95Ms ?? Infinity) <= 18,
    judge: (value) => (figureAt(value, 'fps') ?? 0) >= 58 && (figureAt(value, 'p95Ms') ?? Infinity) <= 18,
  };
}

/**
 * In the page: puts the playhead at `ms` through the slider (as a drag does) and returns how long
 * until the frame that shows it has run (its DOM updated), ms; with `ms` null, the same wait with
 * no seek (the frame cadence alone).
 */
function seekAndTime(ms: number | null): Promise<number> {
  const slider = document.querySelector<HTMLInputElement>('input[aria-label="Playhead"]')!;
  const from = performance.now();
  if (ms !== null) {
    slider.value = String(ms);
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return new Promise((done) => requestAnimationFrame(() => done(performance.now() - from)));
}

/** Goal 15: scrubbing a one-hour record, one position at a time. */
export async function scrubHour(rig: Rig): Promise<GoalLine> {
  const { answers, idle, checked } = await withApp(rig, async (page) => {
    rig.engine.start(fedFast(HOUR.tasks, HOUR.eventsPerSecond, HOUR.simulatedMs, HOUR.realMs));
    await rig.engine.done;
    await appShowsEnd(page, 120_000);
    const slider = page.getByRole('slider', { name: 'Playhead' });
    const endMs = Number(await slider.getAttribute('max'));
    const answers: number[] = [];
    const idle: number[] = [];
    let checked = 0;
    // LANES_BENCH_PROFILE: where a seek's time goes (.bench/g16-scrub.cpuprofile, .trace.json).
    const profiling = process.env.LANES_BENCH_PROFILE
      ? {
          profile: await profilePage(page, 'g16-scrub'),
          trace: await tracePage(rig.browser.browser, page, 'g16-scrub'),
        }
      : null;
    for (let i = 0; i < POSITIONS; i++) {
      // Spread over the hour, jumping back and forth (never replaying from the start helps no one here).
      const at = ((i * 0.618034) % 1) * endMs;
      idle.push(await page.evaluate(seekAndTime, null));
      answers.push(await page.evaluate(seekAndTime, at));
      // What the page shows is for that moment: the slider says it.
      const text = (await slider.getAttribute('aria-valuetext')) ?? '';
      const said = Number(/^([\d.]+) s of/.exec(text)?.[1] ?? NaN);
      // To the hundredth it shows (the slider moves in whole milliseconds).
      if (Math.abs(said - at / 1000) <= 0.011) checked++;
    }
    if (profiling) {
      log(`G16 functions with the most self time:\n${(await profiling.profile()).join('\n')}`);
      log(`G16 main thread by task kind:\n${(await profiling.trace()).join('\n')}`);
    }
    return { answers, idle, checked };
  });
  const p95 = roundOrNull(percentile(answers, 95), 1);
  const max = roundOrNull(Math.max(...answers), 1);
  const idleP95 = roundOrNull(percentile(idle, 95), 1);
  log(
    `G16 ${POSITIONS} positions over an hour's record: answers ${JSON.stringify(answers.map((ms) => round(ms, 1)))}; ` +
      `frames without a seek p95 ${idleP95} ms; positions shown as asked ${checked}/${POSITIONS}`,
  );
  return {
    goal: 'G16 scrubbing a one-hour record (per position)',
    value: { p95Ms: p95, maxMs: max, shown: checked },
    unit: 'ms, ms, positions',
    baseline: { p95Ms: idleP95, maxMs: null, shown: POSITIONS },
    ratio: { p95Ms: ratio(p95, idleP95), maxMs: null, shown: null },
    target: `p95Ms < ${MAX_ANSWER_MS}, every position shown`,
    met: (p95 ?? Infinity) < MAX_ANSWER_MS && checked === POSITIONS,
    judge: (value) => (figureAt(value, 'p95Ms') ?? Infinity) < MAX_ANSWER_MS && figureAt(value, 'shown') === POSITIONS,
  };
}
