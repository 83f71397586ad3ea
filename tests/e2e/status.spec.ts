// The Run status says what is true now: a failed program's error does not come back after the
// controls change, and a long message stays inside the status box (the controls do not move)
// while the whole of it opens on demand. Real engine and a real python3 through the web shell.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { openApp, runStatus, setControls } from './app';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

test.beforeEach(async ({ page }) => {
  test.skip(!hasPython(), 'python3 is not installed');
  await openApp(page);
});

async function runProgram(page: Page, source: string): Promise<void> {
  await page.getByRole('tab', { name: 'Code', exact: true }).click();
  await writeAndRun(page, source);
}

async function writeAndRun(page: Page, source: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'Your Python program' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(source);
  await page.getByRole('button', { name: /Run program/ }).click();
  await expect(runStatus(page)).toContainText(/failed/i, { timeout: 20_000 });
}

test('a program’s error does not come back after the controls are edited', async ({ page }) => {
  await runProgram(page, 'print(undefined_name)\n');
  await expect(runStatus(page)).toContainText('NameError');
  await page.getByRole('tab', { name: 'All', exact: true }).click();
  // A refused run, then the field put right: the status shows what is true now.
  await setControls(page, { tasks: 0 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('Tasks must be a whole number');
  await setControls(page, { tasks: 2 });
  await expect(runStatus(page)).not.toContainText('NameError');
  await expect(runStatus(page)).not.toContainText('Tasks must be');
  await setControls(page, { workload: 'io' });
  await expect(runStatus(page)).not.toContainText('NameError');
});

test('a long message stays in the status box, and opens in full on demand', async ({ page }) => {
  await page.getByRole('tab', { name: 'Code', exact: true }).click();
  await expect(page.getByRole('textbox', { name: 'Your Python program' })).toBeVisible();
  const run = page.getByRole('button', { name: 'Run', exact: true });
  // The status sentence's box: the line it sits in.
  const box = runStatus(page).locator('xpath=..');
  const before = { run: await run.boundingBox(), status: await box.boundingBox() };
  const long = 'a long reason '.repeat(30).trim();
  await writeAndRun(page, `raise ValueError("${long}")\n`);
  await expect(runStatus(page)).toContainText('ValueError');
  expect(await run.boundingBox()).toEqual(before.run);
  expect(await box.boundingBox()).toEqual(before.status);
  await page.getByRole('button', { name: 'Show the whole message' }).click();
  await expect(page.getByRole('dialog', { name: 'Run status in full' })).toContainText(long);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Run status in full' })).toBeHidden();
});
