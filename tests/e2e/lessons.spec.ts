// The lesson's two programs end to end through the UI of the web shell, in Debian's Chromium.
import { expect, test } from '@playwright/test';
import type { RecordSnapshot } from '../../src/core/contract';
import { toTrace } from '../../src/core/trace';
import { EngineSocket } from '../bench/lanes-web';
import { consoleLog, openApp, printedLines, runStatus, setControls } from './app';
import { URL_ENV } from './lanes-web';

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

test('threading: two lanes, the main program waiting in join() while its thread sleeps; so says the trace', async ({
  page,
}) => {
  await setControls(page, { lesson: 'threading', stepMs: 200 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/i, { timeout: 20_000 });
  const lanes = page.getByRole('region', { name: 'Task lanes' });
  await expect(lanes.getByText(/^engine process \d+ · main program$/)).toBeVisible();
  const main = lanes.getByText('main', { exact: true });
  const task = lanes.getByText('task 1', { exact: true });
  await expect(main).toBeVisible();
  await expect(task).toBeVisible();
  // Halfway through the run, on both lanes at the same instant: main waits, its thread sleeps.
  const plot = (await lanes.locator('canvas[role="application"]').boundingBox())!;
  const at = async (label: typeof main): Promise<void> => {
    const box = (await label.boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.45, box.y + box.height / 2);
  };
  const tip = lanes.getByRole('tooltip');
  await at(main);
  await expect(tip).toContainText('main · waiting');
  await expect(tip).toContainText('join(): waiting for every task to end');
  await at(task);
  await expect(tip).toContainText(/task 1 (· sleeping|printed)/);

  // The same run's trace: a thread track named main, whose join slice spans the thread's sleeps.
  const url = process.env[URL_ENV];
  if (!url) throw new Error(`${URL_ENV} is not set: the global setup starts lanes web`);
  const socket = await EngineSocket.open(url);
  const record = (await socket.call('record')) as RecordSnapshot;
  socket.close();
  const enginePid = record.events.find((e) => e.kind === 'unit')!.pid;
  const trace = toTrace(record.events, { enginePid, version: 'e2e' }).traceEvents;
  const name = trace.find((e) => e.name === 'thread_name' && e.args?.name === 'main')!;
  expect(name.pid).toBe(enginePid);
  const join = trace.find((e) => e.pid === name.pid && e.tid === name.tid && e.name === 'join')!;
  const sleeps = trace.filter((e) => e.name === 'sleep' && e.cat === 'task');
  expect(sleeps).toHaveLength(10);
  for (const sleep of sleeps) {
    expect(sleep.ts).toBeGreaterThanOrEqual(join.ts);
    expect(sleep.ts + sleep.dur!).toBeLessThanOrEqual(join.ts + join.dur!);
  }
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
