// What a run costs the page while little happens: during the threading lesson (one task, a print
// a second) the numbers that tick ten times a second (the status clock, the meters, the live
// results) lay out only their own boxes, never the page. Real renderer and web server; the
// bench's synthetic engine replays the lesson's captured record at its recorded pace.
import { expect, test, type Page } from '@playwright/test';
import { MAIN_TASK } from '../../src/core/contract';
import { threadingLessonEvents } from '../bench/light';
import { runStatus } from './app';
import { openSynthetic, startSynthetic, type Synthetic } from './synthetic';

let synthetic: Synthetic;

test.beforeEach(async ({ page }) => {
  synthetic = await startSynthetic();
  await openSynthetic(page, synthetic);
});

test.afterEach(async () => {
  await synthetic.close();
});

interface LayoutEvent {
  name: string;
  ph: string;
  args?: { endData?: { layoutRoots?: { nodeName?: string }[] } };
}

/** The page's timeline over `ms` of the open page. */
async function timeline(page: Page, ms: number): Promise<LayoutEvent[]> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await page.waitForTimeout(ms);
  return (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: LayoutEvent[] }).traceEvents;
}

/** Layouts that started from the document (the whole page), over `ms` of the open page. */
async function pageLayouts(page: Page, ms: number): Promise<number> {
  return (await timeline(page, ms)).filter(
    (event) =>
      event.name === 'Layout' &&
      event.ph === 'X' &&
      (event.args?.endData?.layoutRoots ?? []).some((root) => root.nodeName === '#document'),
  ).length;
}

test('during the threading lesson, what ticks lays out only itself: the page only for a printed line', async ({
  page,
}) => {
  synthetic.engine.start({ kind: 'replay', events: threadingLessonEvents(), pace: 'recorded' });
  await expect(runStatus(page)).toContainText(/running/i);
  await expect(page.getByRole('log', { name: 'Console' })).toContainText('1');
  // Four seconds: about forty clock ticks and samples, four printed lines (each a new Console row).
  const layouts = await pageLayouts(page, 4_000);
  expect(layouts).toBeLessThanOrEqual(8);
});

test('while the lesson’s task sleeps, the page draws about five frames a second, not ten', async ({ page }) => {
  synthetic.engine.start({ kind: 'replay', events: threadingLessonEvents(), pace: 'recorded' });
  await expect(page.getByRole('log', { name: 'Console' })).toContainText('1');
  // Four seconds: twenty frames of edge and meters, four prints with a frame or two each (forty
  // samples, forty-four frames when each sample drew).
  const commits = (await timeline(page, 4_000)).filter((event) => event.name === 'Commit' && event.ph === 'X');
  expect(commits.length).toBeGreaterThanOrEqual(12);
  expect(commits.length).toBeLessThanOrEqual(32);
});

test('a program whose main thread computes while its task sleeps is not quiet: ten frames a second', async ({
  page,
}) => {
  // The same record with the main program running on a CPU throughout (a learner's program that
  // works while its thread sleeps): the meters keep their ten updates a second.
  const events = threadingLessonEvents();
  const start = events.findIndex((event) => event.kind === 'run-start');
  events.splice(start + 1, 0, { kind: 'state', runId: 1, t: 0.5, task: MAIN_TASK, state: 'running' });
  synthetic.engine.start({ kind: 'replay', events, pace: 'recorded' });
  await expect(page.getByRole('log', { name: 'Console' })).toContainText('1');
  const commits = (await timeline(page, 4_000)).filter((event) => event.name === 'Commit' && event.ph === 'X');
  expect(commits.length).toBeGreaterThanOrEqual(34);
});

test('the Console keeps its newest line in view while it scrolls on the live frames, and after the run', async ({
  page,
}) => {
  // Short enough that the lesson's eleven lines overflow the Console.
  await page.setViewportSize({ width: 1024, height: 480 });
  synthetic.engine.start({ kind: 'replay', events: threadingLessonEvents(), pace: 'recorded' });
  const log = page.getByRole('log', { name: 'Console' });
  const newestInView = (): Promise<boolean> =>
    log.evaluate((element) => {
      const lines = element.querySelectorAll('[data-seq]');
      const last = lines[lines.length - 1];
      if (!last) return true;
      const box = element.getBoundingClientRect();
      const line = last.getBoundingClientRect();
      return line.bottom <= box.bottom + 1 && line.top >= box.top - 1;
    });
  let overflowed = false;
  for (const lines of [3, 6, 9]) {
    await expect.poll(() => log.locator('[data-seq]').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(lines);
    await expect.poll(newestInView, { timeout: 1_000 }).toBe(true);
    overflowed ||= await log.evaluate((element) => element.scrollHeight > element.clientHeight);
  }
  await expect(runStatus(page)).toContainText(/done/i, { timeout: 15_000 });
  await expect.poll(newestInView, { timeout: 1_000 }).toBe(true);
  expect(overflowed || (await log.evaluate((element) => element.scrollHeight > element.clientHeight))).toBe(true);
});
