// The Compare view as a class uses it: a lesson chosen, predicted, run and read, then the next
// lesson. Changing the lesson starts afresh (its own question, no old bands, caption or
// prediction); the running run's band is drawn as it runs; focus stays where the user was; the
// lesson runs from the keyboard. Real renderer and web server, the synthetic engine replaying
// frozen records of real runs as each lesson run (tests/e2e/synthetic.ts).
import { expect, test, type Page } from '@playwright/test';
import { runStatus } from './app';
import { openSynthetic, replayRuns, startSynthetic, type Synthetic } from './synthetic';

let synthetic: Synthetic;

test.beforeEach(async () => {
  synthetic = await startSynthetic();
});

test.afterEach(async () => {
  await synthetic.close();
});

async function chooseLesson(page: Page, id: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Lesson' }).selectOption(id);
  await page.getByRole('tab', { name: 'Compare', exact: true }).click();
}

const compare = (page: Page) => page.getByRole('region', { name: /./ }).filter({ has: page.locator('#compare-title') });
const bands = (page: Page) => page.getByRole('list', { name: 'Runs compared on one clock' }).getByRole('listitem');
const caption = (page: Page) => page.getByLabel('What the runs showed');
const predict = (page: Page) => page.getByRole('textbox', { name: /Predict first/ });
const runLesson = (page: Page) => page.getByRole('button', { name: /Run the lesson/ });

test('choosing another lesson starts Compare afresh: its title, its question, no old bands or caption', async ({
  page,
}) => {
  synthetic.engine.onRun = replayRuns('instant');
  await openSynthetic(page, synthetic);
  await chooseLesson(page, 'multiprocessing');
  await runLesson(page).click();
  await expect(caption(page)).toBeVisible();
  await expect(bands(page)).toHaveCount(1);

  await chooseLesson(page, 'cpu-bound');
  const title = await page
    .getByRole('combobox', { name: 'Lesson' })
    .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]!.label);
  await expect(compare(page).getByRole('heading', { level: 2 })).toHaveText(title);
  await expect(caption(page)).toHaveCount(0);
  await expect(bands(page)).toHaveCount(0);
  await expect(predict(page)).toBeVisible();
  await expect(predict(page)).toHaveValue('');
});

test('a prediction belongs to its lesson: another lesson asks afresh and judges no old answer', async ({ page }) => {
  synthetic.engine.onRun = replayRuns('instant');
  await openSynthetic(page, synthetic);
  await chooseLesson(page, 'threading');
  await predict(page).fill('10');
  await chooseLesson(page, 'io-bound');
  await expect(predict(page)).toHaveValue('');
  await runLesson(page).click();
  await expect(caption(page)).toBeVisible();
  await expect(page.getByLabel('Your prediction')).toHaveCount(0);
});

test('a running lesson run is drawn as it runs, as a band of its own', async ({ page }) => {
  synthetic.engine.onRun = replayRuns('recorded');
  await openSynthetic(page, synthetic);
  await chooseLesson(page, 'threading');
  await runLesson(page).click();
  await expect(runStatus(page)).toContainText(/running/i);
  await expect(bands(page)).toHaveCount(1);
  await expect(bands(page).first()).toHaveAttribute('data-status', 'running');
  await expect(page.getByText('The first run’s band appears when it ends.')).toHaveCount(0);
  // Its canvas has the run's lanes on it while the run is still going.
  await expect
    .poll(() =>
      bands(page)
        .first()
        .locator('canvas')
        .evaluate((canvas: HTMLCanvasElement) => {
          const ctx = canvas.getContext('2d')!;
          const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
          let painted = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
          return painted;
        }),
    )
    .toBeGreaterThan(100);
  await expect(runStatus(page)).toContainText(/running/i);
  await expect(caption(page)).toBeVisible({ timeout: 20_000 });
  await expect(bands(page).first()).toHaveAttribute('data-status', 'done');
});

test('focus stays on “Run the lesson” while the lesson runs and after it ends', async ({ page }) => {
  synthetic.engine.onRun = replayRuns('instant');
  await openSynthetic(page, synthetic);
  await chooseLesson(page, 'cpu-bound');
  await runLesson(page).focus();
  await page.keyboard.press('Enter');
  await expect(caption(page)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await expect(runLesson(page)).toBeFocused();
});

test('Enter in the prediction box runs the lesson, and focus stays in the box', async ({ page }) => {
  synthetic.engine.onRun = replayRuns('instant');
  await openSynthetic(page, synthetic);
  await chooseLesson(page, 'cpu-bound');
  await predict(page).fill('2');
  await predict(page).press('Enter');
  await expect(caption(page)).toBeVisible();
  await expect(page.getByLabel('Your prediction')).toContainText('You predicted 2.00 s');
  await expect(predict(page)).toBeFocused();
});

test('C runs the chosen lesson from anywhere outside a text field', async ({ page }) => {
  synthetic.engine.onRun = replayRuns('instant');
  await openSynthetic(page, synthetic);
  await page.getByRole('combobox', { name: 'Lesson' }).selectOption('cpu-bound');
  await page.getByRole('tab', { name: 'All', exact: true }).click();
  await page.keyboard.press('c');
  await expect(page.getByRole('tab', { name: 'Compare', exact: true })).toHaveAttribute('aria-selected', 'true');
  await expect(caption(page)).toBeVisible();
  await expect(runLesson(page)).toHaveAttribute('aria-keyshortcuts', 'C');
});

test('the “real Python” checkbox is as easy to hit as the controls beside it', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await openSynthetic(page, synthetic);
  await chooseLesson(page, 'threading');
  const checkbox = page.getByRole('checkbox', { name: /Run the real Python program/ });
  // The Compare view is fetched when first opened: count the checkbox once it is drawn.
  await expect(runLesson(page)).toBeVisible();
  test.skip((await checkbox.count()) === 0, 'python3 is not installed: no real-Python checkbox to check');
  const box = (await checkbox.boundingBox())!;
  const button = (await runLesson(page).boundingBox())!;
  const labelPx = await checkbox.evaluate((input) => parseFloat(getComputedStyle(input.parentElement!).fontSize));
  expect(box.height).toBeGreaterThanOrEqual(labelPx);
  expect(box.height).toBeGreaterThanOrEqual(button.height * 0.4);
});

test('every scrolling region scrolls from the keyboard', async ({ page }) => {
  synthetic.engine.onRun = replayRuns('instant');
  await page.setViewportSize({ width: 1024, height: 640 });
  await openSynthetic(page, synthetic);
  await chooseLesson(page, 'cpu-bound');
  await runLesson(page).click();
  await expect(caption(page)).toBeVisible();
  const scrollers = page.locator('main *').filter({ visible: true });
  const marked = await scrollers.evaluateAll((elements) => {
    let n = 0;
    for (const element of elements as HTMLElement[]) {
      const style = getComputedStyle(element);
      if (/auto|scroll/.test(style.overflowY) && element.scrollHeight > element.clientHeight + 2) {
        element.dataset.scrollCheck = String(n++);
        element.scrollTop = 0;
      }
    }
    return n;
  });
  expect(marked).toBeGreaterThan(0);
  for (let i = 0; i < marked; i++) {
    const region = page.locator(`[data-scroll-check="${i}"]`);
    // Reached with Tab, as a keyboard user would: from the page's start, at most 60 stops.
    await page.locator('body').focus();
    let reached = false;
    for (let stop = 0; stop < 60 && !reached; stop++) {
      await page.keyboard.press('Tab');
      reached = await region.evaluate((element) => element.contains(document.activeElement));
    }
    expect(reached, `scrolling region ${i} reached by Tab`).toBe(true);
    await page.keyboard.press('End');
    await page.keyboard.press('PageDown');
    await expect
      .poll(() => region.evaluate((element) => element.scrollTop), `scrolling region ${i} scrolled`)
      .toBeGreaterThan(0);
  }
});
