// Every view at the four screens Lanes is used on (a small laptop, a laptop, a projector, a 4K
// display): before a run, after one, mid-run with every core busy, and a lesson compared. No text
// is cut, truncated or drawn over other text, no menu hides its choice, nothing scrolls sideways,
// every scrolling region is reachable by keyboard and shows a scrollbar, and the smallest text is
// legible from a desk (14 px at 1280×720) and from the back of a room (18 px at 1920×1080).
// Type follows the reader: at 200 % zoom the Console's text stays large. Real renderer, real
// web server, the synthetic engine replaying frozen records (tests/e2e/synthetic.ts).
import { expect, test, type Page } from '@playwright/test';
import { probeLayout } from './layout-probe';
import { openSynthetic, replay, replayRuns, replayUnfinished, startSynthetic, type Synthetic } from './synthetic';

const SIZES = [
  { width: 1024, height: 640, smallestPx: 14 },
  { width: 1280, height: 720, smallestPx: 14 },
  { width: 1920, height: 1080, smallestPx: 18 },
  { width: 3840, height: 2160, smallestPx: 18 },
];

const VIEWS = ['All', 'Tasks', 'Cores', 'Results', 'Compare', 'Code'] as const;

let synthetic: Synthetic;

// Scrollbars as a reader sees them: Playwright hides them in headless Chromium by default.
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    ignoreDefaultArgs: ['--hide-scrollbars'],
  },
});

test.beforeEach(async () => {
  synthetic = await startSynthetic();
});

test.afterEach(async () => {
  await synthetic.close();
});

async function showView(page: Page, view: (typeof VIEWS)[number]): Promise<void> {
  await page.getByRole('tab', { name: view, exact: true }).click();
  await expect(page.getByRole('tab', { name: view, exact: true })).toHaveAttribute('aria-selected', 'true');
  if (view === 'Code') await expect(page.getByRole('textbox', { name: 'Your Python program' })).toBeVisible();
  // Two frames: canvases, charts and measured labels settle at the new size.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function checkViews(
  page: Page,
  size: (typeof SIZES)[number],
  state: string,
  views: readonly (typeof VIEWS)[number][] = VIEWS,
): Promise<void> {
  for (const view of views) {
    await showView(page, view);
    const report = await probeLayout(page);
    const at = `${view} view, ${state}, ${size.width}×${size.height}`;
    // To look at every screen too (before accepting a change of look): LANES_SHOTS_DIR=/tmp/x.
    const shots = process.env.LANES_SHOTS_DIR;
    if (shots) {
      const name = `${size.width}x${size.height}-${state.replace(/\W+/g, '-')}-${view}.png`;
      await page.screenshot({ path: `${shots}/${name}` });
    }
    expect.soft(report.problems, at).toEqual([]);
    expect
      .soft(report.smallestPx, `${at}: smallest text ${report.smallestText}`)
      .toBeGreaterThanOrEqual(size.smallestPx);
  }
}

for (const size of SIZES) {
  test.describe(`${size.width}×${size.height}`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test('every view before a run', async ({ page }) => {
      await openSynthetic(page, synthetic);
      await checkViews(page, size, 'before a run');
    });

    test('every view after a run', async ({ page }) => {
      await openSynthetic(page, synthetic);
      await replay(page, synthetic, 'cpu-sequential');
      await replay(page, synthetic, 'cpu-threads');
      await checkViews(page, size, 'after a run');
    });

    test('every view mid-run with every core busy', async ({ page }) => {
      await openSynthetic(page, synthetic);
      await replay(page, synthetic, 'cpu-sequential');
      await replayUnfinished(page, synthetic, 'cpu-threads');
      await expect(page.getByRole('meter', { name: 'Core 0' })).toHaveAttribute('aria-valuenow', '100');
      await checkViews(page, size, 'mid-run at full load');
    });

    test('a lesson compared, with every lesson name whole in the menu', async ({ page }) => {
      test.setTimeout(120_000);
      synthetic.engine.onRun = replayRuns('instant');
      await openSynthetic(page, synthetic);
      const lessons = page.getByRole('combobox', { name: 'Lesson' });
      const ids = await lessons
        .locator('option')
        .evaluateAll((options) =>
          options.map((option) => (option as HTMLOptionElement).value).filter((value) => value !== ''),
        );
      for (const id of ids) {
        await lessons.selectOption(id);
        await showView(page, 'Compare');
        const report = await probeLayout(page);
        expect.soft(report.problems, `lesson ${id} chosen, Compare, ${size.width}×${size.height}`).toEqual([]);
      }
      await lessons.selectOption('cpu-bound');
      await showView(page, 'Compare');
      await page.getByRole('button', { name: /Run the lesson/ }).click();
      await expect(page.getByLabel('What the runs showed')).toBeVisible({ timeout: 30_000 });
      await checkViews(page, size, 'after a lesson', ['Compare', 'Results', 'All']);
    });
  });
}

test('type follows the reader: at 200 % zoom the Console’s text grows with it', async ({ browser }) => {
  const consoleSize = async (viewport: { width: number; height: number }, deviceScaleFactor: number) => {
    const page = await browser.newPage({ viewport, deviceScaleFactor });
    await openSynthetic(page, synthetic);
    const px = await page
      .getByRole('log', { name: 'Console' })
      .evaluate((log) => parseFloat(getComputedStyle(log).fontSize));
    await page.close();
    return px;
  };
  const projector = await consoleSize({ width: 1920, height: 1080 }, 1);
  // The same projector zoomed to 200 %: the page is given half as many CSS pixels, each twice as big.
  const zoomed = await consoleSize({ width: 960, height: 540 }, 2);
  expect(zoomed).toBeGreaterThanOrEqual(0.8 * projector);
});
