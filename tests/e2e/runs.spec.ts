// Any workload × executor × tasks through the UI, Stop mid-run, a failing task, and bad input.
import { expect, test } from '@playwright/test';
import { consoleLog, openApp, printedLines, runStatus, setControls } from './app';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const WORKLOADS = ['print-sleep', 'cpu', 'io', 'mixed'];
const EXECUTORS = ['sequential', 'async', 'threads', 'gil-threads', 'processes'];

for (const workload of WORKLOADS) {
  test(`${workload} on every executor, 3 tasks each, to done`, async ({ page }) => {
    for (const executor of EXECUTORS) {
      await setControls(page, { workload, executor, tasks: 3, steps: 2, stepMs: 60 });
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(runStatus(page), `${workload} × ${executor}`).toContainText(/done in/i, { timeout: 20_000 });
      expect(await printedLines(page), `${workload} × ${executor}`).toHaveLength(6);
    }
  });
}

test('64 threads at once, each with its own lane', async ({ page }) => {
  await setControls(page, { workload: 'io', executor: 'threads', tasks: 64, steps: 1, stepMs: 300 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 30_000 });
  expect(await printedLines(page)).toHaveLength(64);
  await expect(page.getByText('task 64', { exact: true }).first()).toBeAttached();
});

test('Stop ends a run mid-way: every task stops, no more lines arrive', async ({ page }) => {
  await setControls(page, { workload: 'print-sleep', executor: 'processes', tasks: 4, steps: 10, stepMs: 1000 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(consoleLog(page).locator('[data-who]')).toHaveCount(4, { timeout: 15_000 });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(runStatus(page)).toContainText(/stopped/i, { timeout: 5_000 });
  const lines = (await printedLines(page)).length;
  await page.waitForTimeout(1500); // longer than a step: nothing may print after Stop
  expect((await printedLines(page)).length).toBe(lines);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});

test('the keyboard runs and stops: R and Escape', async ({ page }) => {
  await setControls(page, { workload: 'io', executor: 'async', tasks: 2, steps: 10, stepMs: 500 });
  await page.locator('body').click();
  await page.keyboard.press('r');
  await expect(runStatus(page)).toContainText(/running/i);
  await page.keyboard.press('Escape');
  await expect(runStatus(page)).toContainText(/stopped/i);
});

test('a task that throws is shown failed with its error; the others finish', async ({ page }) => {
  await setControls(page, {
    workload: 'io',
    executor: 'threads',
    tasks: 3,
    steps: 2,
    stepMs: 100,
    fault: 'Task 1 throws',
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/failed/i, { timeout: 15_000 });
  await expect(runStatus(page)).toContainText('task 1 raised an error at step 1');
  const lines = await printedLines(page);
  expect(lines.filter((line) => line.startsWith('task 2:'))).toHaveLength(2);
  expect(lines.filter((line) => line.startsWith('task 3:'))).toHaveLength(2);
});

test('a process that exits non-zero is shown failed with its exit code', async ({ page }) => {
  await setControls(page, {
    workload: 'io',
    executor: 'processes',
    tasks: 2,
    steps: 2,
    stepMs: 100,
    fault: "Task 1's thread or process exits",
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('process exited with code 1', { timeout: 15_000 });
});

test('bad parameters are refused with the reason, and nothing runs', async ({ page }) => {
  const tasks = page.getByRole('spinbutton', { name: 'Tasks' });
  for (const bad of ['65', '0', '2.5']) {
    await tasks.fill(bad);
    await tasks.blur();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(runStatus(page)).toContainText('Tasks must be a whole number from 1 to 64');
    await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
  }
  expect(await printedLines(page)).toEqual([]);
  await tasks.fill('2');
  await setControls(page, { workload: 'io', steps: 1, stepMs: 50 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 15_000 });
});

test('the engine refuses what the page did not check: a request sent over the socket by hand', async ({ page }) => {
  const replies = await page.evaluate(async () => {
    const socket = new WebSocket(`ws://${location.host}/ws`);
    const got: unknown[] = [];
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data as string);
      if (message.kind === 'reply') got.push(message);
    });
    socket.send(JSON.stringify({ kind: 'call', id: 1, command: 'run', payload: { tasks: 1000, executor: 'fibers' } }));
    socket.send('}{');
    await new Promise((resolve) => setTimeout(resolve, 500));
    socket.close();
    return got;
  });
  expect(replies).toEqual([
    { kind: 'reply', id: 1, result: { ok: false, error: expect.stringContaining('Unknown executor "fibers"') } },
    { kind: 'reply', id: null, result: { ok: false, error: 'Message is not valid JSON.' } },
  ]);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
});

test('while CPU-bound processes fill every core, the page steps back and says so', async ({ page }) => {
  const cores = await page.getByRole('group', { name: 'CPU cores' }).getByRole('meter').count();
  await setControls(page, { workload: 'cpu', executor: 'processes', tasks: cores, steps: 12, stepMs: 500 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  // The meters show the run filling the machine, and the page draws slowly while it does.
  const allCores = page.getByRole('img', { name: /^All cores/ });
  await expect(allCores).toHaveAccessibleName(/drawing \d+×\/s to leave the cores to the tasks/, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(runStatus(page)).toContainText(/stopped/i, { timeout: 10_000 });
  // Once nothing keeps the cores busy, it draws at full rate again.
  await expect(allCores).not.toHaveAccessibleName(/drawing/, { timeout: 5_000 });
});
