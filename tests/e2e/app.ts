// Shared steps for the web-shell specs: open the app, wait until it is connected and idle, and
// set the run controls by their accessible names (docs/architecture.md, "Public surfaces").
import { expect, type Locator, type Page } from '@playwright/test';

export interface Controls {
  lesson?: string;
  workload?: string;
  executor?: string;
  tasks?: number;
  steps?: number;
  stepMs?: number;
  fault?: string;
}

/**
 * Opens the app and makes sure no run from an earlier test is still going. The page is logged in
 * already: the web project's pages start with the session cookie the global setup got.
 */
export async function openApp(page: Page): Promise<void> {
  const response = await page.goto('/');
  expect(response?.status(), 'the session cookie from the global setup (tests/e2e/global-setup.ts)').toBe(200);
  const stop = page.getByRole('button', { name: 'Stop', exact: true });
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await expect(page.getByRole('group', { name: 'CPU cores' })).toBeVisible();
  if (await stop.isEnabled()) await stop.click();
  await expect(run).toBeEnabled();
}

async function fill(field: Locator, value: number): Promise<void> {
  await field.fill(String(value));
  await field.blur();
}

export async function setControls(page: Page, controls: Controls): Promise<void> {
  if (controls.lesson !== undefined) await page.getByRole('combobox', { name: 'Lesson' }).selectOption(controls.lesson);
  if (controls.workload !== undefined)
    await page.getByRole('combobox', { name: 'Workload' }).selectOption(controls.workload);
  if (controls.executor !== undefined)
    await page.getByRole('combobox', { name: 'Executor' }).selectOption(controls.executor);
  if (controls.tasks !== undefined) await fill(page.getByRole('spinbutton', { name: 'Tasks' }), controls.tasks);
  if (controls.steps !== undefined) await fill(page.getByRole('spinbutton', { name: 'Steps' }), controls.steps);
  if (controls.stepMs !== undefined) await fill(page.getByRole('spinbutton', { name: 'Step (ms)' }), controls.stepMs);
  if (controls.fault !== undefined)
    await page.getByRole('combobox', { name: 'Fault' }).selectOption({ label: controls.fault });
}

export function consoleLog(page: Page): Locator {
  return page.getByRole('log', { name: 'Console' });
}

export function runStatus(page: Page): Locator {
  return page.getByRole('status', { name: 'Run status' });
}

/** The printed texts, in order, as the Console shows them. */
export async function printedLines(page: Page): Promise<string[]> {
  return consoleLog(page).locator('[data-who]').allTextContents();
}
