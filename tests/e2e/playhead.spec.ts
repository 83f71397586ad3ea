// The playhead end to end, in Debian's Chromium against the real web shell: step back through
// the threading lesson's record until its lines leave the Console, play it again at 4×, read the
// Now line at chosen moments, pause a live run while it goes on and come back to live.
import { expect, test, type Page } from '@playwright/test';
import { consoleLog, openApp, printedLines, runStatus, setControls } from './app';

const ONE_TO_TEN = Array.from({ length: 10 }, (_, i) => String(i + 1));
const COMPLETE = 'Thread execution complete!';

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
const now = (page: Page) => page.getByRole('status', { name: 'Now' });
const slider = (page: Page) => page.getByRole('slider', { name: 'Playhead' });

/** What the Console shows once the page has drawn the playhead's move (two frames later). */
async function shown(page: Page): Promise<string[]> {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return printedLines(page);
}

/** Keys go to the page, not to the button last clicked. */
async function unfocus(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('step back from the end of the threading lesson, then play it again at 4×', async ({ page }) => {
  await setControls(page, { lesson: 'threading', stepMs: 200 });
  await button(page, 'Run').click();
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/, { timeout: 20_000 });
  expect(await shown(page)).toEqual([...ONE_TO_TEN, COMPLETE]);
  await expect(button(page, 'Play')).toBeEnabled();
  await expect(button(page, 'Back to live')).toBeDisabled();

  // Step back until the completion line leaves the Console: the numbers are still all there.
  let steps = 0;
  while ((await shown(page)).includes(COMPLETE)) {
    expect(++steps, 'the completion line leaves within a few steps').toBeLessThan(20);
    await button(page, 'Step back').click();
  }
  const left = await shown(page);
  expect(left.length).toBeGreaterThanOrEqual(8);
  expect(left).toEqual(ONE_TO_TEN.slice(0, left.length));
  await expect(slider(page)).toHaveAttribute('aria-valuetext', /^\d+\.\d\d s of \d+\.\d\d s$/);
  await expect(runStatus(page)).toContainText('running');

  // A few more steps take the last number away, and nothing else.
  const last = left.at(-1)!;
  for (let more = 0; (await shown(page)).includes(last); more++) {
    expect(more, 'a few steps take the last number away').toBeLessThan(8);
    await button(page, 'Step back').click();
  }
  expect(await shown(page)).toEqual(left.slice(0, -1));

  // Play at 4× runs back to the end: everything printed, the button back to "Play".
  await page.getByRole('combobox', { name: 'Replay speed' }).selectOption('4');
  const [at, of] = ((await slider(page).getAttribute('aria-valuetext')) ?? '').match(/[\d.]+/g)!.map(Number);
  const leftMs = (of! - at!) * 1000;
  const from = Date.now();
  await button(page, 'Play').click();
  await expect(consoleLog(page).getByText(COMPLETE)).toBeVisible({ timeout: 10_000 });
  await expect(button(page, 'Play')).toBeVisible();
  const took = Date.now() - from;
  expect(await shown(page)).toEqual([...ONE_TO_TEN, COMPLETE]);
  // It plays the rest of the record at 4× (not a jump to the end), in time (generous: a shared machine).
  expect(took).toBeGreaterThanOrEqual((leftMs / 4) * 0.9);
  expect(took).toBeLessThan(leftMs / 4 + 4_000);
  await expect(runStatus(page)).toContainText(/done in/);
});

test('the Now line says what happens at chosen moments, by keys', async ({ page }) => {
  await setControls(page, { lesson: 'threading', stepMs: 300 });
  await button(page, 'Run').click();
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/, { timeout: 20_000 });
  await expect(now(page)).toContainText('the run is over: every task finished');
  await unfocus(page);

  await page.keyboard.press('Home');
  await expect(slider(page)).toHaveAttribute('aria-valuetext', /^0\.00 s of /);
  expect(await shown(page)).toEqual([]);

  // Shift+→ three times: the third print, at which instant the task is running.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  expect(await shown(page)).toEqual(['1', '2', '3']);
  await expect(now(page)).toHaveText(/^0\.\d s — task 1 is running, .+; Lanes itself uses \d+ % of one core\.$/);

  // → to the next event: it goes to sleep, and no core is running a task.
  await page.keyboard.press('ArrowRight');
  await expect(now(page)).toHaveText(/^0\.\d s — task 1 is sleeping; no core is running a task;/);
  expect(await shown(page)).toEqual(['1', '2', '3']);

  // Shift+← back to the second print; End to the end again.
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  expect(await shown(page)).toEqual(['1', '2']);
  await page.keyboard.press('End');
  await expect(now(page)).toContainText('the run is over');
  expect(await shown(page)).toEqual([...ONE_TO_TEN, COMPLETE]);

  // A click on the time axis scrubs there.
  const axis = page.getByRole('slider', { name: /^Time window/ });
  const box = (await axis.boundingBox())!;
  await page.mouse.click(box.x + 2, box.y + box.height / 2);
  await expect(slider(page)).toHaveAttribute('aria-valuetext', /^0\.\d\d s of /);
  expect((await shown(page)).length).toBeLessThanOrEqual(1);
});

test('pause a live run: the run goes on, the view stays and says how far behind; L goes back to live', async ({
  page,
}) => {
  await setControls(page, { lesson: 'threading', stepMs: 1000 });
  await button(page, 'Run').click();
  await expect(button(page, 'Pause')).toBeEnabled();
  await expect.poll(async () => (await printedLines(page)).length, { timeout: 8_000 }).toBeGreaterThanOrEqual(2);
  await button(page, 'Pause').click();
  const held = await shown(page);
  // The run goes on (how far behind live grows) while the Console holds what was printed by the pause.
  const behind = page.getByText(/\d+\.\d\d s behind live/);
  await expect(behind).toBeVisible({ timeout: 3_000 });
  await expect(behind).toHaveText(/^[2-9]\.\d\d s behind live$/, { timeout: 5_000 });
  expect(await shown(page)).toEqual(held);
  await expect(button(page, 'Back to live')).toBeEnabled();

  await unfocus(page);
  await page.keyboard.press('l');
  await expect(button(page, 'Back to live')).toBeDisabled();
  await expect.poll(async () => (await printedLines(page)).length).toBeGreaterThan(held.length);
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/, { timeout: 20_000 });
  expect(await shown(page)).toEqual([...ONE_TO_TEN, COMPLETE]);
});

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`the replay bar at ${size.width}×${size.height}: every control whole, inside the window, none overlapping`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await setControls(page, { lesson: 'threading', stepMs: 100 });
    await button(page, 'Run').click();
    await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/, { timeout: 20_000 });
    for (let i = 0; i < 5; i++) await button(page, 'Step back').click();
    const bar = page.getByRole('group', { name: 'Replay' });
    const controls = [
      button(page, 'Play'),
      button(page, 'Step back'),
      button(page, 'Step forward'),
      slider(page),
      page.getByRole('combobox', { name: 'Replay speed' }),
      button(page, 'Back to live'),
      now(page),
    ];
    const barBox = (await bar.boundingBox())!;
    const boxes = [];
    for (const control of controls) {
      const box = (await control.boundingBox())!;
      boxes.push(box);
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height).toBeLessThanOrEqual(size.height);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      // Large enough to hit and to read from the back of a room.
      expect(box.height).toBeGreaterThanOrEqual(28);
    }
    for (const box of boxes.slice(0, -1)) {
      expect(box.y).toBeGreaterThanOrEqual(barBox.y - 1);
      expect(box.y + box.height).toBeLessThanOrEqual(barBox.y + barBox.height + 1);
    }
    for (let i = 0; i + 2 < boxes.length; i++) {
      expect(boxes[i]!.x + boxes[i]!.width, 'controls side by side, not overlapping').toBeLessThanOrEqual(
        boxes[i + 1]!.x + 1,
      );
    }
    // The Now line is whole: its text is not cut.
    const cut = await now(page).evaluate((element) => element.scrollWidth > element.clientWidth + 1);
    expect(cut).toBe(false);
    const shots = process.env.LANES_SHOTS_DIR;
    if (shots) {
      await page.screenshot({ path: `${shots}/playhead-${size.width}x${size.height}.png` });
      await bar.screenshot({ path: `${shots}/playhead-bar-${size.width}x${size.height}.png` });
    }
  });
}

test("a clicker's PageUp/PageDown step a finished run's events while its lanes are on screen", async ({ page }) => {
  await setControls(page, { lesson: 'threading', stepMs: 100 });
  await button(page, 'Run').click();
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/, { timeout: 20_000 });
  await unfocus(page);
  // PageUp steps back event by event until the completion line leaves the Console.
  for (let steps = 0; (await shown(page)).includes(COMPLETE); steps++) {
    expect(steps, 'the completion line leaves within a few presses').toBeLessThan(20);
    await page.keyboard.press('PageUp');
  }
  expect(await shown(page)).toEqual(ONE_TO_TEN);
  // Still the lanes, not the lesson's Compare view: the clicker stepped within the run.
  await expect(page.getByRole('region', { name: 'Task lanes' })).toBeVisible();
  await page.keyboard.press('PageDown');
  await expect.poll(() => shown(page)).toEqual([...ONE_TO_TEN, COMPLETE]);
});

test('away from the head, the lanes’ tooltips say what was known then, and later marks are not there', async ({
  page,
}) => {
  await setControls(page, { lesson: 'threading', stepMs: 300 });
  await button(page, 'Run').click();
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/, { timeout: 20_000 });
  await unfocus(page);
  await page.keyboard.press('Home');
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(now(page)).toHaveText(/task 1 is sleeping/);
  const [at, of] = ((await slider(page).getAttribute('aria-valuetext')) ?? '').match(/[\d.]+/g)!.map(Number);
  expect(at! / of!).toBeLessThan(0.5);

  const lanes = page.getByRole('region', { name: 'Task lanes' });
  const plot = (await lanes.locator('canvas[role="application"]').boundingBox())!;
  const tip = lanes.getByRole('tooltip');
  const hoverLane = async (name: string, share: number): Promise<void> => {
    const label = (await lanes.getByText(name, { exact: true }).boundingBox())!;
    await page.mouse.move(plot.x + plot.width * share, label.y + label.height / 2);
  };
  // Before the playhead: the main program's join, still open then, "so far" up to the playhead.
  await hoverLane('main', (at! / of!) * 0.5);
  await expect(tip).toContainText('main · waiting');
  await expect(tip).toContainText(/since [\d.]+ m?s, [\d.]+ m?s so far/);
  // Past the playhead the lanes are empty, and so is the pointer's reach.
  await hoverLane('task 1', 0.9);
  await expect(tip).toBeHidden();
  await hoverLane('main', 0.9);
  await expect(tip).toBeHidden();
  // The core lanes too: samples after the playhead are not drawn, and not described.
  const cores = page.getByRole('region', { name: 'Core lanes' });
  const coresPlot = (await cores.getByRole('application').boundingBox())!;
  await page.mouse.move(coresPlot.x + coresPlot.width * 0.9, coresPlot.y + 4);
  await expect(cores.getByRole('tooltip')).toBeHidden();
  await page.mouse.move(coresPlot.x + coresPlot.width * (at! / of!) * 0.5, coresPlot.y + 4);
  await expect(cores.getByRole('tooltip')).toBeVisible();
  // Back at the end: the whole record again.
  await page.keyboard.press('End');
  await hoverLane('task 1', 0.9);
  await expect(tip).toBeVisible();
});
