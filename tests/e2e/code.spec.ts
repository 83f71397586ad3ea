// The learner's own Python program, from the code panel (view 6) through the real engine and a
// real python3 to the lanes and the Console, in Debian's Chromium. Without python3 the panel
// says how to enable it, and these tests say they were not run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { openApp, printedLines, runStatus, setControls } from './app';

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/** What `python3 program.py` prints, run here directly. */
function pythonPrints(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'lanes-e2e-'));
  const file = join(dir, 'program.py');
  writeFileSync(file, source);
  return execFileSync('python3', [file], { encoding: 'utf8' }).trimEnd().split('\n');
}

async function openCode(page: Page): Promise<void> {
  await openApp(page);
  await page.keyboard.press('6');
  await expect(page.getByRole('tab', { name: /Code/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('textbox', { name: 'Your Python program' })).toBeVisible();
}

/** Replaces the editor's text as a paste would (no auto-indent on the way in). */
async function writeProgram(page: Page, source: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'Your Python program' });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(source);
}

test.beforeEach(() => {
  if (!hasPython()) console.log('NOTE: python3 not installed: the code panel tests were NOT run');
  // Without python3 the panel only says how to enable it (checked in the unit tests); these
  // tests then say they were not run, and do not count as passing.
  test.skip(!hasPython(), 'python3 is not installed');
});

const THREADS = `import threading

lock = threading.Lock()

def work(name):
    for i in range(3):
        with lock:
            print(f"{name} step {i}")

threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
for t in threads:
    t.start()
    t.join()
print("joined")
`;

test('a program of your own runs as python3 runs it: its threads as lanes, its prints exactly', async ({ page }) => {
  await openCode(page);
  await writeProgram(page, THREADS);
  await page.getByRole('button', { name: /Run program/ }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
  expect(await printedLines(page)).toEqual(pythonPrints(THREADS));
  await expect(page.getByText(/task 1/).first()).toBeVisible();
});

/** Where the editor must keep at least 20 lines (issue 10); on the small screen it keeps fewer. */
const CODE_SIZES = [
  { width: 1024, height: 640, lines: 14 },
  { width: 1280, height: 720, lines: 20 },
  { width: 1920, height: 1080, lines: 20 },
  { width: 3840, height: 2160, lines: 20 },
];

for (const size of CODE_SIZES) {
  test(`at ${size.width}×${size.height} the lanes a program started show under the editor, which keeps ${size.lines} lines`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openCode(page);
    await writeProgram(page, THREADS);
    await page.getByRole('button', { name: /Run program/ }).click();
    await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
    const region = page.getByRole('region', { name: 'Task lanes' });
    // The main program's lane and both threads', each labelled, on screen without scrolling.
    const seen = await page.evaluate(() => {
      const timeline = document.querySelector('.timeline')!;
      const box = timeline.getBoundingClientRect();
      return {
        scrolled: timeline.scrollTop,
        box: { top: box.top, bottom: Math.min(box.bottom, innerHeight) },
      };
    });
    expect(seen.scrolled).toBe(0);
    for (const name of ['main', 'task 1', 'task 2']) {
      const label = region.getByText(name, { exact: true });
      await expect(label, name).toBeVisible();
      const at = (await label.boundingBox())!;
      expect(at.y, `${name} below the top of the lanes`).toBeGreaterThanOrEqual(seen.box.top - 1);
      expect(at.y + at.height, `${name} above the bottom of the window`).toBeLessThanOrEqual(seen.box.bottom + 1);
    }
    const lines = await page.locator('.cm-scroller').evaluate((scroller) => {
      const line = scroller.querySelector('.cm-line')!.getBoundingClientRect().height;
      return Math.floor(scroller.clientHeight / line);
    });
    expect(lines).toBeGreaterThanOrEqual(size.lines);
  });
}

test('Ctrl+Enter runs, and an error in a thread is shown with its line', async ({ page }) => {
  await openCode(page);
  await writeProgram(
    page,
    'import threading\n\ndef boom():\n    raise ValueError("no")\n\nt = threading.Thread(target=boom)\nt.start()\nt.join()\n',
  );
  await page.keyboard.press('ControlOrMeta+Enter');
  await expect(runStatus(page)).toContainText(/failed/i, { timeout: 20_000 });
  await expect(page.getByRole('alert')).toContainText('line 4 of program.py');
  await expect(page.getByRole('alert')).toContainText('ValueError');
});

test('Stop ends a program that never ends', async ({ page }) => {
  await openCode(page);
  await writeProgram(page, 'while True:\n    pass\n');
  await page.getByRole('button', { name: /Run program/ }).click();
  await expect(runStatus(page)).toContainText(/running/i, { timeout: 10_000 });
  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(runStatus(page)).toContainText(/stopped/i, { timeout: 10_000 });
});

test('the program is kept across a reload, and an empty one is refused in words', async ({ page }) => {
  await openCode(page);
  await writeProgram(page, 'print("kept")\n');
  await page.reload();
  await page.keyboard.press('6');
  await expect(page.getByRole('textbox', { name: 'Your Python program' })).toContainText('print("kept")');
  await writeProgram(page, '   ');
  await page.getByRole('button', { name: /Run program/ }).click();
  await expect(page.getByRole('alert')).toContainText('The program is empty');
});

test('a syntax error names its line, and the editor selects it', async ({ page }) => {
  await openCode(page);
  await writeProgram(page, 'print("fine")\nprint("broken"\n');
  await page.getByRole('button', { name: /Run program/ }).click();
  await expect(runStatus(page)).toContainText(/failed/i, { timeout: 20_000 });
  await expect(page.getByRole('alert')).toContainText(/SyntaxError.*line 2 of program\.py/);
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  expect(selected).toContain('print("broken"');
});

test('the lanes fit what the program started', async ({ page }) => {
  await openCode(page);
  const lanes = page.getByRole('spinbutton', { name: 'Lanes' });
  await lanes.fill('8');
  await writeProgram(
    page,
    'import threading\n\nts = [threading.Thread(target=print, args=(n,)) for n in range(3)]\nfor t in ts:\n    t.start()\n    t.join()\n',
  );
  await page.getByRole('button', { name: /Run program/ }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
  await expect(lanes).toHaveValue('3');
  await expect(page.getByText('Lanes now 3: the threads and processes the program started.')).toBeVisible();
});

test('Python threads that compute take turns for the GIL, and the lanes say so', async ({ page }) => {
  await openApp(page);
  await setControls(page, { workload: 'cpu', executor: 'python-threads', tasks: 2, steps: 2, stepMs: 300 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 30_000 });
  // Point along the first lane: the thread hands the GIL over every few milliseconds, so some
  // of the points fall on its waits, each with its reason.
  const region = page.getByRole('region', { name: 'Task lanes' });
  const box = (await region.getByRole('application').boundingBox())!;
  // Task 1's lane (the main program's, waiting in join(), is above it).
  const lane = (await region.getByText('task 1', { exact: true }).boundingBox())!;
  const tip = page.getByRole('tooltip');
  const seen = new Set<string>();
  for (let i = 0; i < 60 && seen.size < 2; i++) {
    await page.mouse.move(box.x + box.width * (0.3 + (0.5 * i) / 60), lane.y + lane.height / 2);
    await page.waitForTimeout(50);
    const text = (await tip.count()) > 0 ? await tip.first().innerText() : '';
    if (/waiting/.test(text)) {
      expect(text).toMatch(/GIL/);
      seen.add('waiting');
    } else if (/running/.test(text)) seen.add('running');
  }
  expect([...seen].sort()).toEqual(['running', 'waiting']);
  // Results sums it up: two threads sharing one GIL each wait about half the time.
  const summary = await page.getByText(/Waiting for the GIL: \d+ % of the time/).textContent();
  const share = Number(/(\d+) %/.exec(summary ?? '')?.[1]);
  expect(share).toBeGreaterThan(25);
  expect(share).toBeLessThan(75);
});

test('an example replaces the program in one edit, and Ctrl+Z brings the program back', async ({ page }) => {
  await openCode(page);
  await writeProgram(page, 'print("mine")\n');
  await page.getByRole('combobox', { name: 'Examples' }).selectOption({ label: 'Threads that compute: the GIL' });
  const editor = page.getByRole('textbox', { name: 'Your Python program' });
  await expect(editor).toContainText('def step(x):');
  await expect(page.getByRole('spinbutton', { name: 'Lanes' })).toHaveValue('2');
  await page.keyboard.press('ControlOrMeta+z');
  await expect(editor).toContainText('print("mine")');
  await expect(editor).not.toContainText('def step(x):');
});
