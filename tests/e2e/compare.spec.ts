// Every lesson run end to end in the Compare view of the web shell (real engine, real threads and
// processes, Debian's Chromium): every run measured, speedups against the baseline, and a caption
// that quotes the bands' own numbers. Which caption the rules choose for known numbers is checked
// against words written by hand, on frozen records, in captions.spec.ts.
import { expect, test, type Page } from '@playwright/test';
import { amdahlSpeedup } from '../../src/core/amdahl';
import type { RunMeasure } from '../../src/core/captions';
import { LESSONS, lessonInfo } from '../../src/core/lessons';
import { findPython } from '../../src/node/python/python-env';
import { sweepCounts } from '../../src/renderer/lib/compare/comparison';
import { openApp, runStatus, setControls } from './app';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

async function cores(page: Page): Promise<number> {
  return page.getByRole('group', { name: 'CPU cores' }).getByRole('meter').count();
}

/** What each band measured, from the exact values it carries. */
async function measured(page: Page): Promise<Omit<RunMeasure, 'otherCores'>[]> {
  const bands = page.getByRole('list', { name: 'Runs compared on one clock' }).getByRole('listitem');
  return bands.evaluateAll((items) =>
    items.map((item) => {
      const data = (item as HTMLElement).dataset;
      const number = (text: string | undefined): number | null => (text ? Number(text) : null);
      return {
        id: data.run!,
        wallMs: Number(data.wallMs),
        cpuMs: number(data.cpuMs),
        startupMs: number(data.startupMs),
        speedup: number(data.speedup),
        tasks: Number(data.tasks),
      };
    }),
  );
}

async function openLesson(page: Page, id: string): Promise<void> {
  await setControls(page, { lesson: id });
  await page.keyboard.press('5');
  await expect(page.getByRole('tab', { name: /Compare/ })).toHaveAttribute('aria-selected', 'true');
}

for (const lesson of LESSONS) {
  test(`lesson ${lesson.id}: runs every run, and its caption says what they measured`, async ({ page }) => {
    test.setTimeout(120_000);
    await openLesson(page, lesson.id);
    const machineCores = await cores(page);
    // The server finds python3 as this does; without it, runs that need it are left out.
    const info = lessonInfo(lesson, machineCores, findPython().available);
    await page.getByRole('button', { name: /Run the lesson/ }).click();
    await expect(page.getByRole('status', { name: 'Lesson progress' })).toContainText(`Run 1 of ${info.runs.length}`);
    const caption = page.getByLabel('What the runs showed');
    // A failed run ends the lesson with an alert: fail on it at once, saying what it said.
    await expect(caption.or(page.getByRole('alert'))).toBeVisible({ timeout: 100_000 });
    await expect(caption).toBeVisible({ timeout: 1 });

    const runs = await measured(page);
    expect(runs.map((run) => run.id)).toEqual(info.runs.map((run) => run.id));
    for (const run of runs) expect(run.wallMs).toBeGreaterThan(0);
    if (info.baseline) {
      for (const run of runs.filter((other) => other.id !== info.baseline)) {
        const baseline = runs.find((other) => other.id === info.baseline)!;
        expect(run.speedup).toBeCloseTo(baseline.wallMs / run.wallMs, 6);
      }
    }
    // Every placeholder filled; every speedup it quotes is a band's, to the hundredth.
    const text = (await caption.textContent()) ?? '';
    expect(text).not.toMatch(/[{}]/);
    const speedups = runs.flatMap((run) => (run.speedup === null ? [] : [`${run.speedup.toFixed(2)}×`]));
    // The amdahl lesson quotes Amdahl's limit for this machine too.
    const limit = `${amdahlSpeedup(machineCores).toFixed(2)}×`;
    for (const [quoted] of text.matchAll(/\d+\.\d\d×/g)) expect([...speedups, limit], text).toContain(quoted);
    await expect(runStatus(page)).toContainText(/done/i);
  });
}

test('a prediction is shown beside the measurement, and a bad one is refused in words', async ({ page }) => {
  await openLesson(page, 'startup');
  // startup has no prediction; cpu-bound asks how long the processes take.
  await openLesson(page, 'cpu-bound');
  const predict = page.getByRole('textbox', { name: /Predict first/ });
  await predict.fill('soon');
  await expect(page.getByText('A prediction is a positive number, like 2.5.')).toBeVisible();
  await predict.fill('1.5');
  await page.getByRole('button', { name: /Run the lesson/ }).click();
  const verdict = page.getByLabel('Your prediction');
  await expect(verdict).toBeVisible({ timeout: 60_000 });
  const processes = (await measured(page)).find((run) => run.id === 'processes')!;
  await expect(verdict).toContainText(`You predicted 1.50 s; it took ${(processes.wallMs / 1000).toFixed(2)} s`);
});

test('Stop ends a lesson where it is, and says so', async ({ page }) => {
  await openLesson(page, 'threading');
  await page.getByRole('button', { name: /Run the lesson/ }).click();
  await expect(runStatus(page)).toContainText(/running/i);
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Lesson progress' })).toContainText('Stopped');
  await expect(page.getByLabel('What the runs showed')).toHaveCount(0);
});

test('runs of your own are added one by one and compared on one clock', async ({ page }) => {
  await setControls(page, { lesson: '', workload: 'io', executor: 'sequential', tasks: 3, steps: 2, stepMs: 300 });
  await page.keyboard.press('5');
  const bands = page.getByRole('list', { name: 'Runs compared on one clock' }).getByRole('listitem');
  for (const executor of ['sequential', 'threads', 'async'] as const) {
    await setControls(page, { executor });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(runStatus(page)).toContainText(/done/i, { timeout: 20_000 });
    await page.getByRole('button', { name: '+ Add last run' }).click();
  }
  await expect(bands).toHaveCount(3);
  const runs = await measured(page);
  // Waiting overlaps: threads and the event loop finish well before one task after another
  // (ideally 3× here; start-up and a busy machine take some of that).
  expect(runs[1]!.speedup).toBeGreaterThan(1.5);
  expect(runs[2]!.speedup).toBeGreaterThan(1.5);
  await expect(page.getByRole('img', { name: /Speedup by number of tasks/ })).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(bands).toHaveCount(0);
});

test('a sweep shares the same work among 1 … 2×cores tasks and plots each speedup', async ({ page }) => {
  await setControls(page, { lesson: '', workload: 'io', executor: 'threads', steps: 2, stepMs: 600 });
  await page.keyboard.press('5');
  const machineCores = await cores(page);
  await page.getByRole('button', { name: /^Sweep 1–\d+ tasks$/ }).click();
  const caption = page.getByLabel('What the runs showed');
  await expect(caption.or(page.getByRole('alert'))).toBeVisible({ timeout: 60_000 });
  await expect(caption).toContainText('Waiting overlaps on any number of cores');
  const runs = await measured(page);
  expect(runs.map((run) => run.tasks)).toEqual(sweepCounts(machineCores));
  // Waits overlap beyond the cores: the most tasks finish the same waiting far sooner than one.
  expect(runs.at(-1)!.speedup).toBeGreaterThan(Math.min(2 * machineCores, 3) * 0.6);
  await expect(page.getByRole('img', { name: /Speedup by number of tasks/ })).toBeVisible();

  // A second sweep, of another executor, is drawn beside the first.
  await setControls(page, { executor: 'async' });
  await page.getByRole('button', { name: /^Sweep 1–\d+ tasks$/ }).click();
  await expect(page.getByRole('status', { name: 'Lesson progress' })).toBeVisible();
  await expect(caption).toBeVisible({ timeout: 60_000 });
  const key = page.getByRole('figure').locator('figcaption');
  await expect(key).toContainText(`Threads: 1 to ${2 * machineCores} tasks`);
  await expect(key).toContainText(`Async (one event loop): 1 to ${2 * machineCores} tasks`);
});
