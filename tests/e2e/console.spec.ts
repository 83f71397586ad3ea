// The Console keeps the newest line in view until the reader scrolls away from it. Real renderer,
// real web server, the synthetic engine replaying a frozen record (tests/e2e/synthetic.ts).
import { expect, test, type Page } from '@playwright/test';
import { openSynthetic, replay, startSynthetic, type Synthetic } from './synthetic';

let synthetic: Synthetic;

test.beforeEach(async () => {
  synthetic = await startSynthetic();
});

test.afterEach(async () => {
  await synthetic.close();
});

/** How far the log's last line is below its visible bottom, in CSS px (0: in view). */
function belowView(page: Page): Promise<number> {
  return page
    .getByRole('log', { name: 'Console' })
    .evaluate((log) => Math.round(log.scrollHeight - log.scrollTop - log.clientHeight));
}

test('the log still follows when lines arrive between its own scroll and that scroll’s event', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 960 });
  await openSynthetic(page, synthetic);
  await replay(page, synthetic, 'gil-threads');
  await expect.poll(() => belowView(page)).toBeLessThanOrEqual(1);
  // What happens on a busy frame: the log scrolled itself to its newest line, then more lines
  // came before the browser delivered that scroll's event. The reader did not scroll.
  await page.getByRole('log', { name: 'Console' }).evaluate((log) => {
    const later = document.createElement('div');
    later.style.height = '12rem';
    log.append(later);
    log.dispatchEvent(new Event('scroll'));
    later.remove();
  });
  // The log is shorter in a shorter window; a log that follows keeps its newest line in view.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(() => belowView(page)).toBeLessThanOrEqual(1);
});

/** Scrolls the log as a reader does (by dragging its scrollbar, say): its scroll event, then two frames. */
async function scrollLog(page: Page, to: 'top' | 'end'): Promise<void> {
  await page.getByRole('log', { name: 'Console' }).evaluate(async (log, where) => {
    const scrolled = new Promise((resolve) => log.addEventListener('scroll', resolve, { once: true }));
    log.scrollTop = where === 'top' ? 0 : log.scrollHeight;
    await scrolled;
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  }, to);
}

test('a reader who scrolls up keeps their place; scrolling back to the end follows again', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 960 });
  await openSynthetic(page, synthetic);
  await replay(page, synthetic, 'gil-threads');
  await scrollLog(page, 'top');
  await page.setViewportSize({ width: 1280, height: 880 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  expect(await page.getByRole('log', { name: 'Console' }).evaluate((log) => log.scrollTop)).toBe(0);
  await scrollLog(page, 'end');
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(() => belowView(page)).toBeLessThanOrEqual(1);
});
