// The Code view's editor as a learner uses it: it fills the view (at least 20 lines at 1280×720),
// its height can be changed (by mouse or keyboard), it shows the focus ring every other control
// has, Tab indents and Escape then Tab leaves it; the controls that do not apply to one's own
// program (workload, executor, tasks, steps, step, fault: its lanes are set in the panel) are not shown. Real renderer and web server; the synthetic engine answers hello.
import { expect, test, type Page } from '@playwright/test';
import { openSynthetic, startSynthetic, type Synthetic } from './synthetic';

let synthetic: Synthetic;

test.beforeEach(async () => {
  synthetic = await startSynthetic();
});

test.afterEach(async () => {
  await synthetic.close();
});

const editor = (page: Page) => page.getByRole('textbox', { name: 'Your Python program' });

async function openCode(page: Page): Promise<void> {
  await openSynthetic(page, synthetic);
  await page.getByRole('tab', { name: 'Code', exact: true }).click();
  await expect(editor(page)).toBeVisible();
}

/** Whole lines of code the editor shows at once. */
async function visibleLines(page: Page): Promise<number> {
  return page.locator('.cm-scroller').evaluate((scroller) => {
    const line = scroller.querySelector('.cm-line')!.getBoundingClientRect().height;
    return Math.floor(scroller.clientHeight / line);
  });
}

for (const size of [
  { width: 1024, height: 640, lines: 14 },
  { width: 1280, height: 720, lines: 20 },
  { width: 1920, height: 1080, lines: 20 },
]) {
  test(`the editor fills the Code view at ${size.width}×${size.height} (${size.lines}+ lines)`, async ({ page }) => {
    await page.setViewportSize(size);
    await openCode(page);
    expect(await visibleLines(page)).toBeGreaterThanOrEqual(size.lines);
  });
}

test('the editor’s height changes with its separator, by keyboard and by mouse', async ({ page }) => {
  await openCode(page);
  const separator = page.getByRole('separator', { name: /Editor height/ });
  const before = await visibleLines(page);
  await separator.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
  const smaller = await visibleLines(page);
  expect(smaller).toBeLessThan(before);
  const box = (await separator.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 + 120, { steps: 5 });
  await page.mouse.up();
  expect(await visibleLines(page)).toBeGreaterThan(smaller);
});

test('the editor shows the focus ring the other controls show', async ({ page }) => {
  await openCode(page);
  await editor(page).click();
  const ring = await page.locator('.cm-editor').evaluate((element) => {
    const style = getComputedStyle(element);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor };
  });
  // The page's ring (app.css :focus-visible): 0.2rem solid, the focus yellow.
  const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  expect(ring.style).toBe('solid');
  expect(ring.colour).toBe('rgb(240, 228, 66)');
  expect(ring.width).toBeCloseTo(0.2 * rootPx, 0);
});

test('Tab indents in the editor; Escape then Tab leaves it', async ({ page }) => {
  await openCode(page);
  await editor(page).click();
  await page.keyboard.press('ControlOrMeta+Home');
  await page.keyboard.press('Tab');
  await expect(editor(page)).toBeFocused();
  await expect(page.locator('.cm-line').first()).toHaveText(/^ {4}import/);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(editor(page)).not.toBeFocused();
  await expect(page.locator('.cm-editor')).not.toContainClass('cm-focused');
});

test('the Code view shows only the controls a program of one’s own uses', async ({ page }) => {
  await openCode(page);
  for (const name of ['Workload', 'Executor', 'Fault']) {
    await expect(page.getByRole('combobox', { name, exact: true })).toBeHidden();
  }
  for (const name of ['Tasks', 'Steps', 'Step (ms)']) {
    await expect(page.getByRole('spinbutton', { name, exact: true })).toBeHidden();
  }
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeVisible();
  await page.getByRole('tab', { name: 'All', exact: true }).click();
  await expect(page.getByRole('combobox', { name: 'Workload' })).toBeVisible();
});
