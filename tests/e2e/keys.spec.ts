// The room's shortcuts wherever focus is: Escape stops a run from any field, menu or the code
// editor, presenting too (then, with nothing to stop, it leaves presentation mode); R and S work from a menu without changing it; letters typed into a field are text (and
// the field says what was typed), never a shortcut. Real renderer and web server; the synthetic
// engine plays each run as a generated stream that lasts as long as the run asked for.
import { expect, test, type Page } from '@playwright/test';
import { runStatus, setControls } from './app';
import { openSynthetic, startSynthetic, type Synthetic } from './synthetic';

let synthetic: Synthetic;

test.beforeEach(async ({ page }) => {
  synthetic = await startSynthetic();
  await openSynthetic(page, synthetic);
  // Ten seconds of printing and sleeping: long enough to stop on purpose.
  await setControls(page, {
    lesson: '',
    workload: 'print-sleep',
    executor: 'threads',
    tasks: 2,
    steps: 10,
    stepMs: 1000,
  });
});

test.afterEach(async () => {
  await synthetic.close();
});

async function startRun(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/running/i);
}

test('Escape in a number field stops the run', async ({ page }) => {
  await startRun(page);
  await page.getByRole('spinbutton', { name: 'Tasks' }).focus();
  await page.keyboard.press('Escape');
  await expect(runStatus(page)).toContainText(/stopped/i);
});

test('Escape in a menu stops the run', async ({ page }) => {
  await startRun(page);
  await page.getByRole('combobox', { name: 'Lesson' }).focus();
  await page.keyboard.press('Escape');
  await expect(runStatus(page)).toContainText(/stopped/i);
});

test('presenting, Escape stops a running run and stays; with nothing to stop it leaves presentation mode', async ({
  page,
}) => {
  const presenting = page.getByRole('button', { name: 'Presentation mode' });
  await startRun(page);
  await page.keyboard.press('p');
  await expect(presenting).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(runStatus(page)).toContainText(/stopped/i);
  await expect(presenting).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(presenting).toHaveAttribute('aria-pressed', 'false');
});

test('R and S in a menu run and stop, and leave the menu as it was', async ({ page }) => {
  const workload = page.getByRole('combobox', { name: 'Workload' });
  await workload.focus();
  await page.keyboard.press('r');
  await expect(runStatus(page)).toContainText(/running/i);
  await page.keyboard.press('s');
  await expect(runStatus(page)).toContainText(/stopped/i);
  await expect(workload).toHaveValue('print-sleep');
  await expect(workload).toBeFocused();
});

test('letters typed into Tasks are text: no shortcut fires, and the message quotes them', async ({ page }) => {
  const tasks = page.getByRole('spinbutton', { name: 'Tasks' });
  await tasks.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('4rs');
  await expect(tasks).toHaveValue('4rs');
  await expect(page.getByText('Tasks must be a whole number from 1 to 64 (got 4rs).')).toBeVisible();
  await expect(runStatus(page)).toHaveText(/idle/i);
  await tasks.fill('four');
  await expect(page.getByText('Tasks must be a whole number from 1 to 64 (got four).')).toBeVisible();
});

test('the number fields step with the arrow keys and keep their bounds', async ({ page }) => {
  const tasks = page.getByRole('spinbutton', { name: 'Tasks' });
  await tasks.focus();
  await page.keyboard.press('ArrowUp');
  await expect(tasks).toHaveValue('3');
  await expect(tasks).toHaveAttribute('aria-valuenow', '3');
  await tasks.fill('64');
  await page.keyboard.press('ArrowUp');
  await expect(tasks).toHaveValue('64');
  await page.keyboard.press('ArrowDown');
  await expect(tasks).toHaveValue('63');
});

test('Escape in the code editor stops the run', async ({ page }) => {
  await page.getByRole('tab', { name: 'Code', exact: true }).click();
  await startRun(page);
  await page.getByRole('textbox', { name: 'Your Python program' }).click();
  await page.keyboard.press('Escape');
  await expect(runStatus(page)).toContainText(/stopped/i);
});

test('the lanes: a hovered mark says what it is, arrow keys step through marks and lanes, F follows live again', async ({
  page,
}) => {
  // A minute of printing: live for as long as the steps below take on a busy machine.
  await setControls(page, { steps: 60 });
  await startRun(page);
  const region = page.getByRole('region', { name: 'Task lanes' });
  const lanes = region.getByRole('application');
  const box = (await lanes.boundingBox())!;
  // The first lane, a little after the run's start: a segment or a print of task 1.
  await expect(async () => {
    await page.mouse.move(box.x + 12, box.y + box.height * 0.35);
    await expect(page.getByRole('tooltip')).toContainText(/task 1/, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  await page.mouse.move(box.x + box.width / 2, box.y + box.height + 80);
  const said = region.locator('[aria-live="polite"]');
  await lanes.focus();
  await page.keyboard.press('ArrowRight');
  await expect(said).toHaveText(/task 1/);
  await page.keyboard.press('ArrowDown');
  await expect(said).toHaveText(/task 2/);
  // + zooms in around the focused mark, away from the live edge; F from a menu (not a text field)
  // follows the edge again.
  await page.keyboard.press('+');
  const follow = region.getByRole('button', { name: /Follow live/ });
  await expect(follow).toBeVisible();
  await page.getByRole('combobox', { name: 'Lesson' }).focus();
  await page.keyboard.press('f');
  await expect(follow).toBeHidden();
  await expect(runStatus(page)).toContainText(/running/i);
});
