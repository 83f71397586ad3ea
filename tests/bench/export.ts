// Goal 14, the video export (issue 13): the threading lesson's record (10.2 s, replayed from the
// fixture at once) exported from the page as the user would, 1920×1080 at 30 fps in WebM (VP9),
// no title card, subtitles on; the time from Export to the file, against the run's own length.
// Runs in Node (the bench harness), in the rig's Chromium.
import type { Page } from '@playwright/test';
import { openPage } from './browser';
import { threadingLessonEvents } from './light';
import { appReady, appShowsEnd, type Rig } from './rig';
import { round, type GoalLine } from './stats';

/** Measured this many times; the median is reported (the machine is shared and noisy). */
const REPEATS = 3;
/** Export time at most this multiple of the run's length. */
const TARGET_RATIO = 1.5;

function log(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** One export: opens the dialog, presses Export, waits for the download; returns its ms. */
async function exportOnce(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Export video' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export video' });
  await dialog.getByRole('combobox', { name: 'Size' }).selectOption({ label: '1920 × 1080 (Full HD)' });
  await dialog.getByRole('combobox', { name: 'Frame rate' }).selectOption({ label: '30 frames a second' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'WebM (VP9)' });
  await dialog.getByRole('checkbox', { name: 'Title card first' }).uncheck();
  await dialog.getByRole('button', { name: 'Export' }).isEnabled();
  const download = page.waitForEvent('download', { timeout: 120_000 });
  const started = Date.now();
  await dialog.getByRole('button', { name: 'Export' }).click();
  const file = await download;
  const ms = Date.now() - started;
  await file.delete();
  log(`G14 status: ${await dialog.getByRole('status').innerText()}`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return ms;
}

export async function videoExport(rig: Rig): Promise<GoalLine> {
  const events = threadingLessonEvents();
  const end = events.find((event) => event.kind === 'run-end');
  if (!end) throw new Error('the threading fixture has no run-end');
  const { context, page } = await openPage(rig.browser.browser, { width: 1920, height: 1080 });
  try {
    await page.goto(rig.app.url);
    await appReady(page);
    rig.engine.start({ kind: 'replay', events, pace: 'instant' });
    await rig.engine.done;
    await appShowsEnd(page);
    const times: number[] = [];
    for (let repeat = 1; repeat <= REPEATS; repeat++) {
      times.push(await exportOnce(page));
      log(`G14 repetition ${repeat}: ${times.at(-1)} ms for a ${round(end.t, 0)} ms run`);
    }
    const ms = median(times);
    const ratio = round(ms / end.t, 3);
    return {
      goal: 'G14 video export (a 10.2 s run, 1920×1080, 30 fps, VP9)',
      value: round(ms, 0),
      unit: 'ms',
      baseline: round(end.t, 0),
      ratio,
      target: `ratio <= ${TARGET_RATIO} (export time ÷ the run's length)`,
      met: ratio <= TARGET_RATIO,
    };
  } finally {
    await context.close();
  }
}
