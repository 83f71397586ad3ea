// The lesson's two programs end to end through the UI of the web shell, in Debian's Chromium.
import { expect, test } from '@playwright/test';
import { consoleLog, openApp, printedLines, runStatus, setControls } from './app';

const ONE_TO_TEN = Array.from({ length: 10 }, (_, i) => String(i + 1));

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

test('threading: one line a second from a worker thread, then the join line, live', async ({ page }) => {
  await setControls(page, { lesson: 'threading' });
  await expect(page.getByRole('combobox', { name: 'Executor' })).toHaveValue('threads');
  await expect(page.getByRole('spinbutton', { name: 'Step (ms)' })).toHaveValue('1000');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/running/i);

  // Lines arrive as they are printed, about a second apart: not all at the end.
  await expect(consoleLog(page).locator('[data-who]')).toHaveCount(2, { timeout: 5_000 });
  const secondAt = Date.now();
  await expect(consoleLog(page).locator('[data-who]')).toHaveCount(3, { timeout: 5_000 });
  expect(Date.now() - secondAt).toBeGreaterThan(500);
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeEnabled();

  await expect(runStatus(page)).toContainText(/done in 1\d\.\d\d s/i, { timeout: 20_000 });
  expect(await printedLines(page)).toEqual([...ONE_TO_TEN, 'Thread execution complete!']);
  await expect(page.getByText(/engine process \d+ · thread/)).toBeVisible();
});

test('multiprocessing: the same program in a separate OS process', async ({ page }) => {
  await setControls(page, { lesson: 'multiprocessing', stepMs: 150 });
  await expect(page.getByRole('combobox', { name: 'Lesson' })).toHaveValue('multiprocessing');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/i, { timeout: 20_000 });
  expect(await printedLines(page)).toEqual([...ONE_TO_TEN, 'Process execution complete!']);
  await expect(page.getByText(/process \d+ · task 1/)).toBeVisible();
});

test('the core meters show every logical core with a live percentage', async ({ page }) => {
  const group = page.getByRole('group', { name: 'CPU cores' });
  const meters = group.getByRole('meter');
  await expect(meters.first()).toHaveAccessibleName('Core 0');
  const count = await meters.count();
  expect(count).toBeGreaterThanOrEqual(1);
  for (let core = 0; core < count; core++) {
    const meter = group.getByRole('meter', { name: `Core ${core}`, exact: true });
    await expect(meter).toHaveAttribute('aria-valuenow', /^\d{1,3}$/);
  }
  // A CPU-bound run on threads keeps every core busy: some meter must climb past half.
  await setControls(page, { workload: 'cpu', executor: 'threads', tasks: count, steps: 4, stepMs: 500 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect
    .poll(
      async () =>
        Math.max(...(await meters.evaluateAll((els) => els.map((el) => Number(el.getAttribute('aria-valuenow')))))),
      {
        timeout: 10_000,
      },
    )
    .toBeGreaterThan(50);
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 30_000 });
});
