// The first screen loads only what it shows: the Compare and Code views (and the code editor) are
// fetched when first opened, say they are loading while they come, take their final box at once
// (nothing around them moves), and say so in one line when they cannot be fetched. Real renderer
// and web server; the synthetic engine answers hello. Slow and failing loads are made with routes.
import { expect, test, type Page } from '@playwright/test';
import { openSynthetic, startSynthetic, type Synthetic } from './synthetic';

let synthetic: Synthetic;

test.beforeEach(async ({ page }) => {
  synthetic = await startSynthetic();
  await openSynthetic(page, synthetic);
});

test.afterEach(async () => {
  await synthetic.close();
});

/** The page's scripts fetched so far (file names). */
function scripts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name).pathname.split('/').pop() ?? '')
      .filter((name) => name.endsWith('.js')),
  );
}

/** Bytes of JavaScript fetched so far (as decoded: minified, uncompressed). */
function scriptBytes(page: Page): Promise<number> {
  return page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((entry) => entry.name.endsWith('.js'))
      .reduce((sum, entry) => sum + entry.decodedBodySize, 0),
  );
}

/** What only a view or dialog opened later needs: its chunks (the editor's come with CodePanel's). */
const LATER = /^(CompareView|CodePanel|compositor|encode-video)/;

const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true });
const compareTitle = (page: Page) => page.locator('#compare-title');
const editor = (page: Page) => page.getByRole('textbox', { name: 'Your Python program' });

test('the first screen fetches neither Compare, Code nor the exports, within 250 kB; each view is fetched when first opened', async ({
  page,
}) => {
  const first = await scripts(page);
  expect(first.filter((name) => /^index-/.test(name))).toHaveLength(1);
  expect(first.filter((name) => LATER.test(name))).toEqual([]);
  // Issue 11's budget for the first screen (bench goal G11).
  expect(await scriptBytes(page)).toBeLessThanOrEqual(250_000);

  await tab(page, 'Compare').click();
  await expect(compareTitle(page)).toBeVisible();
  expect((await scripts(page)).some((name) => name.startsWith('CompareView'))).toBe(true);
  expect((await scripts(page)).some((name) => name.startsWith('CodePanel'))).toBe(false);

  await tab(page, 'Code').click();
  await expect(editor(page)).toBeVisible();
  expect((await scripts(page)).some((name) => name.startsWith('CodePanel'))).toBe(true);

  // Opened again, each is there at once: no loading note in between.
  await tab(page, 'Compare').click();
  await expect(compareTitle(page)).toBeVisible();
  await tab(page, 'Code').click();
  await expect(editor(page)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Loading/ })).toHaveCount(0);
});

test('a slow view says it is loading, in the box it will fill: nothing else moves when it arrives', async ({
  page,
}) => {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/CompareView[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  const meters = page.getByRole('group', { name: 'CPU cores' });
  const metersBefore = await meters.boundingBox();

  await tab(page, 'Compare').click();
  const loading = page.getByRole('status').filter({ hasText: 'Loading the Compare view…' });
  await expect(loading).toBeVisible();
  await expect.poll(() => loading.evaluate((note) => getComputedStyle(note).opacity)).toBe('1');
  const slot = page.locator('.slot.compare');
  const slotLoading = await slot.boundingBox();

  release();
  await expect(compareTitle(page)).toBeVisible();
  await expect(loading).toHaveCount(0);
  expect(await slot.boundingBox()).toEqual(slotLoading);
  expect(await meters.boundingBox()).toEqual(metersBefore);
});

test('a view that cannot be fetched says so in one line; opened again, it loads', async ({ page }) => {
  await page.route(/\/assets\/CodePanel[^/]*\.js$/, (route) => route.abort('connectionrefused'));
  await tab(page, 'Code').click();
  const alert = page.getByRole('alert');
  await expect(alert).toHaveText(/^The Code view could not be loaded \(.+\)\. Reload the page to try again\.$/);
  await expect(alert).not.toContainText(/\bat\s+\S+:\d+/);

  await page.unroute(/\/assets\/CodePanel[^/]*\.js$/);
  await tab(page, 'All').click();
  await tab(page, 'Code').click();
  await expect(editor(page)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
