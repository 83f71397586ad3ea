// What a run costs the page while little happens: during the threading lesson (one task, a print
// a second) the numbers that tick ten times a second (the status clock, the meters, the live
// results) lay out only their own boxes, never the page. Real renderer and web server; the
// bench's synthetic engine replays the lesson's captured record at its recorded pace.
import { expect, test, type Page } from '@playwright/test';
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

/** Layouts that started from the document (the whole page), over `ms` of the open page. */
async function pageLayouts(page: Page, ms: number): Promise<number> {
  const browser = page.context().browser()!;
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  await page.waitForTimeout(ms);
  const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: LayoutEvent[] };
  return trace.traceEvents.filter(
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
