// Presenting Lanes to a room: presentation mode (P, the toggle, Esc) at its 175 % type scale,
// the light theme beside the dark one, a clicker's keys through a lesson, B blanking the screen,
// the "?" list of every shortcut, screencast mode's key caps, and axe-core's WCAG 2.1 A/AA checks
// in both themes, presenting and not, idle and running. Real renderer, real web server, the
// synthetic engine replaying frozen records (tests/e2e/synthetic.ts).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { SHORTCUTS, displayKey, shortcutKeys, type ShortcutId } from '../../src/core/shortcuts';
import type { EngineEvent, ExecutorId, TaskState } from '../../src/core/contract';
import { probeLayout } from './layout-probe';
import { openSynthetic, replay, replayRuns, replayUnfinished, startSynthetic, type Synthetic } from './synthetic';

let synthetic: Synthetic;

// Scrollbars as a reader sees them (the layout probe checks that scrolling regions show one).
test.use({
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    ignoreDefaultArgs: ['--hide-scrollbars'],
  },
});

test.beforeEach(async () => {
  synthetic = await startSynthetic();
});

test.afterEach(async () => {
  await synthetic.close();
});

const toggle = (page: Page) => page.getByRole('button', { name: 'Presentation mode' });

/** Chooses a theme in the Display menu, as a reader does. */
async function chooseTheme(page: Page, theme: 'dark' | 'light'): Promise<void> {
  await page.getByRole('button', { name: 'Display' }).click();
  await page.getByRole('dialog', { name: 'Display' }).getByRole('combobox', { name: 'Theme' }).selectOption(theme);
  // Closed by its button: Escape would leave full screen, and with it presentation mode.
  await page.getByRole('button', { name: 'Display' }).click();
  await expect(page.getByRole('dialog', { name: 'Display' })).toBeHidden();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`presentation mode at 175 % on ${size.width}×${size.height}: text 24 px or more, nothing cut or overlapping`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openSynthetic(page, synthetic);
    await replay(page, synthetic, 'cpu-sequential');
    await replay(page, synthetic, 'cpu-threads');
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'false');
    await page.keyboard.press('p');
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
    // 175 % of the page's own size, the default.
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--type-scale'))).toBe(
      '1.75',
    );
    for (const theme of ['dark', 'light'] as const) {
      await chooseTheme(page, theme);
      for (const view of ['1', '5'] as const) {
        await page.keyboard.press(view);
        await settle(page);
        const report = await probeLayout(page);
        const at = `${theme}, view ${view}, ${size.width}×${size.height}`;
        expect.soft(report.problems, at).toEqual([]);
        expect.soft(report.smallestPx, `${at}: smallest text ${report.smallestText}`).toBeGreaterThanOrEqual(24);
        const shots = process.env.LANES_SHOTS_DIR;
        if (shots)
          await page.screenshot({ path: `${shots}/present-${theme}-${view}-${size.width}x${size.height}.png` });
      }
      await page.keyboard.press('1');
    }
    // The brief, the lanes, the meters and the Console are on screen; the results wait.
    await expect(page.getByRole('region', { name: 'Task lanes' })).toBeVisible();
    await expect(page.getByRole('group', { name: 'CPU cores' })).toBeVisible();
    await expect(page.getByRole('log', { name: 'Console' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Results' })).toBeHidden();
    // Esc leaves it, and does not stop anything.
    await page.keyboard.press('Escape');
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'false');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--type-scale'))).toBe(
      '1',
    );
  });
}

/** A box, CSS px, and whether it lies inside another (the viewport, or what a scrolling region shows). */
interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
const SLACK_PX = 1;
const inside = (inner: Rect, outer: Rect): boolean =>
  inner.x >= outer.x - SLACK_PX &&
  inner.y >= outer.y - SLACK_PX &&
  inner.x + inner.width <= outer.x + outer.width + SLACK_PX &&
  inner.y + inner.height <= outer.y + outer.height + SLACK_PX;
const overlaps = (a: Rect, b: Rect): boolean =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > SLACK_PX &&
  Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > SLACK_PX;

/**
 * Where an element is seen: its box cut by every ancestor that hides or scrolls its overflow
 * (null where nothing of it is left, as in a region scrolled away from it).
 */
async function seenBox(target: Locator): Promise<{ box: Rect; seen: Rect | null }> {
  return target.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    let left = rect.left;
    let top = rect.top;
    let right = rect.right;
    let bottom = rect.bottom;
    for (let at = element.parentElement; at && at !== document.documentElement; at = at.parentElement) {
      const style = getComputedStyle(at);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const clip = at.getBoundingClientRect();
      left = Math.max(left, clip.left + at.clientLeft);
      top = Math.max(top, clip.top + at.clientTop);
      right = Math.min(right, clip.left + at.clientLeft + at.clientWidth);
      bottom = Math.min(bottom, clip.top + at.clientTop + at.clientHeight);
    }
    const box = { x: rect.left, y: rect.top, width: rect.width, height: rect.height };
    const seen =
      right - left > 0.5 && bottom - top > 0.5 ? { x: left, y: top, width: right - left, height: bottom - top } : null;
    return { box, seen };
  });
}

for (const size of [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
]) {
  test(`presenting at 175 % on ${size.width}×${size.height}, a 4-task run's lanes, replay bar and Now line are all on screen, unscrolled`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openSynthetic(page, synthetic);
    await replay(page, synthetic, 'cpu-threads');
    await page.keyboard.press('p');
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
    await settle(page);
    const viewport = { x: 0, y: 0, ...size };
    const lanes = page.getByRole('region', { name: 'Task lanes' });
    // The lanes are what the teacher points at: a quarter of the screen's height at least.
    const plot = await seenBox(lanes.locator('canvas[role="application"]'));
    expect(plot.seen, 'the lanes are seen').not.toBeNull();
    expect.soft(plot.seen?.height ?? 0, 'lanes height seen').toBeGreaterThanOrEqual(size.height * 0.25);
    expect.soft(inside(plot.box, viewport), 'lanes inside the window').toBe(true);
    // Every lane's label, whole, in the window and in what its region shows.
    for (const task of [1, 2, 3, 4]) {
      const label = await seenBox(lanes.locator('.lane-label').filter({ hasText: `task ${task}` }));
      expect.soft(label.seen, `task ${task}'s label is seen`).not.toBeNull();
      if (label.seen) expect.soft(inside(label.box, label.seen), `task ${task}'s label is whole`).toBe(true);
      expect.soft(inside(label.box, viewport), `task ${task}'s label is in the window`).toBe(true);
    }
    // And their time axis under them, its title too.
    const axis = await seenBox(lanes.getByText('time', { exact: true }));
    expect
      .soft(axis.seen !== null && inside(axis.box, axis.seen) && inside(axis.box, viewport), 'time axis')
      .toBe(true);
    // The replay bar's controls, whole, in the window and clear of the Console.
    const consoleBox = (await page.getByRole('log', { name: 'Console' }).boundingBox())!;
    const replayBar = page.getByRole('group', { name: 'Replay' });
    for (const control of [
      replayBar.getByRole('button', { name: /^(Play|Pause)$/ }),
      replayBar.getByRole('button', { name: 'Step back' }),
      replayBar.getByRole('button', { name: 'Step forward' }),
      replayBar.getByRole('button', { name: 'Back to live' }),
      replayBar.getByRole('combobox', { name: 'Replay speed' }),
    ]) {
      const { box, seen } = await seenBox(control);
      const name = String(control);
      expect.soft(seen, `${name} is seen`).not.toBeNull();
      if (seen) expect.soft(inside(box, seen), `${name} is whole`).toBe(true);
      expect.soft(inside(box, viewport), `${name} is in the window`).toBe(true);
      expect.soft(overlaps(box, consoleBox), `${name} is clear of the Console`).toBe(false);
    }
    // The Now line holds its sentence.
    const now = page.getByRole('status', { name: 'Now' });
    expect.soft(await now.evaluate((element) => element.scrollHeight - element.clientHeight)).toBeLessThanOrEqual(1);
    expect.soft(inside((await now.boundingBox())!, viewport), 'the Now line is in the window').toBe(true);
    // The lesson's brief: two lines at most, the rest a "more" away.
    const brief = page.locator('#brief-words');
    const lines = () =>
      brief.evaluate((element) => ({
        shown: element.clientHeight / parseFloat(getComputedStyle(element).lineHeight),
        hidden: element.scrollHeight - element.clientHeight,
      }));
    expect.soft((await lines()).shown, 'brief lines').toBeLessThanOrEqual(2.05);
    if ((await lines()).hidden > 1) {
      const more = page.getByRole('button', { name: 'more' });
      await expect(more).toHaveAttribute('aria-expanded', 'false');
      await more.click();
      await expect(page.getByRole('button', { name: 'less' })).toHaveAttribute('aria-expanded', 'true');
      expect.soft((await lines()).hidden, 'the whole brief, once asked for').toBeLessThanOrEqual(1);
      await page.getByRole('button', { name: 'less' }).click();
      expect.soft((await lines()).shown, 'brief lines again').toBeLessThanOrEqual(2.05);
    }
    // The key to the lanes' states, from the keyboard: it opens over the picture, every state in
    // it seen, and Escape closes it without leaving presentation mode.
    const key = page.getByRole('button', { name: 'Key', exact: true });
    await key.focus();
    await page.keyboard.press('Enter');
    const legend = page.getByRole('list', { name: 'Legend' });
    await expect(legend).toBeVisible();
    for (const state of ['running', 'waiting', 'inferred', 'sleeping', 'ready', 'print', 'done', 'failed', 'stopped']) {
      const item = await seenBox(legend.getByRole('listitem').filter({ hasText: state }));
      expect.soft(item.seen && inside(item.box, item.seen) && inside(item.box, viewport), `key: ${state}`).toBe(true);
    }
    expect.soft(await axeViolations(page), 'the key open').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(legend).toBeHidden();
    await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
  });
}

/** The start of run 1: `tasks` CPU-bound tasks of 4 steps on `executor`, on a `cores`-core machine. */
function runStart(executor: ExecutorId, tasks: number, cores: number): EngineEvent {
  const spec = { lesson: null, workload: 'cpu', executor, tasks, steps: 4, stepMs: 400 };
  return {
    kind: 'run-start',
    runId: 1,
    spec: { ...spec, fault: null, joinMessage: null, python: false },
    cores,
    wallStart: Date.now(),
  } as EngineEvent;
}

/** Four threads running on a machine of `cores` cores, every core busy: one sample into the run. */
function fourTasksOn(cores: number): EngineEvent[] {
  const runId = 1;
  const events: EngineEvent[] = [runStart('threads', 4, cores)];
  for (let task = 0; task < 4; task++) events.push({ kind: 'state', runId, t: 50 + task, task, state: 'running' });
  events.push({
    kind: 'sample',
    runId,
    t: 300,
    cores: Array<number>(cores).fill(100),
    steal: Array<number>(cores).fill(0),
    self: 0.03,
    selfCovers: 'engine+browser',
    tasks: [0, 1, 2, 3].map((task) => ({ task, core: task, cpuMs: 90 })),
  });
  return events;
}

test('presenting on an 8-core machine at 1280×720, the meters keep to one row and the lanes stay whole', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openSynthetic(page, synthetic);
  synthetic.engine.start({ kind: 'replay', events: fourTasksOn(8), pace: 'instant' });
  await expect(page.getByRole('meter', { name: 'Core 7' })).toHaveAttribute('aria-valuenow', '100');
  await page.keyboard.press('p');
  await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
  await settle(page);
  const viewport = { x: 0, y: 0, width: 1280, height: 720 };
  const lanes = page.getByRole('region', { name: 'Task lanes' });
  const plot = await seenBox(lanes.locator('canvas[role="application"]'));
  expect.soft(plot.seen?.height ?? 0, 'lanes height seen').toBeGreaterThanOrEqual(720 * 0.25);
  for (const task of [1, 2, 3, 4]) {
    const label = await seenBox(lanes.locator('.lane-label').filter({ hasText: `task ${task}` }));
    expect
      .soft(label.seen !== null && inside(label.box, label.seen) && inside(label.box, viewport), `task ${task}`)
      .toBe(true);
  }
  // Every core's meter is there (the row scrolls), and the machine's card counts them all.
  await expect(page.getByRole('group', { name: 'CPU cores' }).getByRole('meter')).toHaveCount(8);
  await expect(page.getByRole('img', { name: /^All cores: 8\.00 of 8 busy/ })).toBeVisible();
  const report = await probeLayout(page);
  expect.soft(report.problems).toEqual([]);
  expect.soft(report.smallestPx, report.smallestText).toBeGreaterThanOrEqual(24);
  const shots = process.env.LANES_SHOTS_DIR;
  if (shots) await page.screenshot({ path: `${shots}/present-8-cores-1280x720.png` });
});

const part = (page: Page) => page.getByRole('status', { name: 'Lesson part' });
const caption = (page: Page) => page.getByLabel('What the runs showed');

test('a clicker steps a lesson through its question, prediction, run and caption, and back', async ({ page }) => {
  let runs = 0;
  const replayThreads = replayRuns('instant');
  synthetic.engine.onRun = (spec) => {
    runs++;
    return replayThreads(spec);
  };
  await openSynthetic(page, synthetic);
  await page.getByRole('combobox', { name: 'Lesson' }).selectOption('threading');
  await page.keyboard.press('PageDown');
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(part(page)).toHaveText('Part 1 of 4: the question');
  const predict = page.getByRole('textbox', { name: /Predict first/ });
  await expect(predict).toBeHidden();
  await page.keyboard.press('PageDown');
  await expect(part(page)).toHaveText('Part 2 of 4: your prediction');
  await expect(predict).toBeFocused();
  await page.keyboard.type('3');
  // The clicker's key works in the prediction's box too: it starts the run.
  await page.keyboard.press('PageDown');
  await expect(part(page)).toHaveText(/^Part 3 of 4: run 1, /);
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText('done in');
  await expect(page.getByRole('status', { name: 'Lesson progress' })).toBeHidden();
  // The caption waits for the next click.
  await expect(caption(page)).toBeHidden();
  await page.keyboard.press('PageDown');
  await expect(part(page)).toHaveText('Part 4 of 4: what the runs showed');
  await expect(caption(page)).toBeVisible();
  await expect(page.getByLabel('Your prediction')).toBeVisible();
  // Back through the parts: the caption, then the run's band, then the prediction leave.
  await page.keyboard.press('PageUp');
  await expect(part(page)).toHaveText(/^Part 3 of 4/);
  await expect(caption(page)).toBeHidden();
  await page.keyboard.press('PageUp');
  await page.keyboard.press('PageUp');
  await expect(part(page)).toHaveText('Part 1 of 4: the question');
  await expect(predict).toBeHidden();
  await expect(page.getByText('No runs compared yet.')).toBeVisible();
  // Forward again shows what was measured, without running the lesson again.
  for (let i = 0; i < 3; i++) await page.keyboard.press('PageDown');
  await expect(part(page)).toHaveText('Part 4 of 4: what the runs showed');
  await expect(caption(page)).toBeVisible();
  expect(runs).toBe(1);
  // And no further than the last part.
  await page.keyboard.press('PageDown');
  await expect(part(page)).toHaveText('Part 4 of 4: what the runs showed');
});

test('B or . blanks the screen; any key or a click brings it back, and does nothing else', async ({ page }) => {
  await openSynthetic(page, synthetic);
  const blank = page.getByTestId('blank-screen');
  await expect(blank).toBeHidden();
  await page.keyboard.press('b');
  await expect(blank).toBeVisible();
  const cover = await blank.boundingBox();
  expect(cover).toEqual({ x: 0, y: 0, width: 1280, height: 720 });
  expect(await blank.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(0, 0, 0)');
  // R brings the page back and does not start a run.
  await page.keyboard.press('r');
  await expect(blank).toBeHidden();
  await expect(page.getByRole('status', { name: 'Run status' })).not.toContainText(/running|starting/i);
  await page.keyboard.press('.');
  await expect(blank).toBeVisible();
  await page.mouse.click(640, 360);
  await expect(blank).toBeHidden();
});

test('? lists every keyboard shortcut of the one table, and Esc closes the list', async ({ page }) => {
  await openSynthetic(page, synthetic);
  await page.keyboard.press('?');
  const list = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(list).toBeVisible();
  for (const id of Object.keys(SHORTCUTS) as ShortcutId[]) {
    const row = list.getByRole('row').filter({ hasText: SHORTCUTS[id].label });
    await expect(row.first(), id).toBeVisible();
    for (const key of shortcutKeys(id, 'linux'))
      await expect(row.first(), `${id}: ${key}`).toContainText(displayKey(key, 'linux'));
  }
  await page.keyboard.press('Escape');
  await expect(list).toBeHidden();
  // The desktop menu's Help › Keyboard shortcuts opens the same list (the Display menu's item here).
  await page.getByRole('button', { name: 'Display' }).click();
  await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(list).toBeVisible();
});

test('screencast mode, off by default, shows each key with what it did and each click as a ripple', async ({
  page,
}) => {
  await openSynthetic(page, synthetic);
  const caps = page.getByTestId('key-cap');
  await page.keyboard.press('2');
  await expect(page.getByRole('tab', { name: 'Tasks' })).toHaveAttribute('aria-selected', 'true');
  await expect(caps).toHaveCount(0);
  await page.getByRole('button', { name: 'Display' }).click();
  await page.getByRole('checkbox', { name: /Screencast mode/ }).check();
  await page.getByRole('button', { name: 'Display' }).click();
  await page.keyboard.press('r');
  await expect(caps.first()).toHaveText('R — Run');
  await page.keyboard.press('?');
  await expect(caps.last()).toHaveText('? — Keyboard shortcuts');
  await page.keyboard.press('Escape');
  // Each lasts two seconds.
  await expect(caps).toHaveCount(0, { timeout: 5_000 });
  // A ripple lasts 0.6 s: counted as it appears, whatever the machine's load.
  await page.evaluate(() => {
    const seen = { ripples: 0 };
    (window as unknown as { seen: typeof seen }).seen = seen;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.addedNodes)
          if (node instanceof HTMLElement && node.classList.contains('ripple')) seen.ripples++;
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.mouse.click(700, 400);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { seen: { ripples: number } }).seen.ripples))
    .toBe(1);
  await expect(page.locator('.ripple')).toHaveCount(0, { timeout: 3_000 });
  // Remembered: the next visit starts in screencast mode.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.keyboard.press('3');
  await expect(caps.first()).toHaveText('3 — Cores');
});

/** WCAG 2.1 A and AA, as axe-core checks them. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} — ${violation.nodes
        .slice(0, 3)
        .map((node) => node.target.join(' '))
        .join('; ')}`,
  );
}

for (const state of ['idle', 'running'] as const) {
  test(`axe-core finds no WCAG 2.1 A/AA violation in either theme, presenting or not, ${state}`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openSynthetic(page, synthetic);
    if (state === 'running') {
      await replay(page, synthetic, 'cpu-sequential');
      await replayUnfinished(page, synthetic, 'cpu-threads');
    }
    for (const theme of ['dark', 'light'] as const) {
      await chooseTheme(page, theme);
      for (const presenting of [false, true]) {
        if ((await toggle(page).getAttribute('aria-pressed')) !== String(presenting)) await toggle(page).click();
        await settle(page);
        expect.soft(await axeViolations(page), `${theme}, ${presenting ? 'presenting' : 'not presenting'}`).toEqual([]);
        const shots = process.env.LANES_SHOTS_DIR;
        if (shots && presenting) await page.screenshot({ path: `${shots}/axe-${theme}-${state}.png` });
      }
    }
  });
}

/** WCAG contrast of two computed colours ("rgb(r, g, b)"). */
function contrastOf(a: string, b: string): number {
  const luminance = (colour: string): number => {
    const [r, g, bl] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((part) => {
      const channel = Number(part) / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

test('the concurrency chart’s lines keep 3:1 against their panel in both themes', async ({ page }) => {
  await openSynthetic(page, synthetic);
  await replay(page, synthetic, 'cpu-threads');
  for (const theme of ['dark', 'light'] as const) {
    await chooseTheme(page, theme);
    const colours = await page.getByRole('region', { name: 'Concurrency vs parallelism' }).evaluate((region) => {
      let panel = 'rgba(0, 0, 0, 0)';
      for (let at: Element | null = region; at && /rgba\(0, 0, 0, 0\)|transparent/.test(panel); at = at.parentElement)
        panel = getComputedStyle(at).backgroundColor;
      const stroke = (selector: string) => getComputedStyle(region.querySelector(selector)!).stroke;
      return {
        panel,
        lines: [stroke('.in-progress'), stroke('.executing-line'), stroke('.cores-line')],
      };
    });
    for (const line of colours.lines)
      expect(contrastOf(line, colours.panel), `${theme}: ${line} on ${colours.panel}`).toBeGreaterThanOrEqual(3);
  }
});

test('the presentation type size is the reader’s, 100–250 %, and remembered', async ({ page }) => {
  await openSynthetic(page, synthetic);
  await page.getByRole('button', { name: 'Display' }).click();
  const size = page.getByRole('slider', { name: /Presentation type size/ });
  await expect(size).toHaveAttribute('aria-valuetext', '175 %');
  await size.fill('220');
  await expect(size).toHaveAttribute('aria-valuetext', '220 %');
  await page.getByRole('button', { name: 'Display' }).click();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  const scale = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--type-scale'));
  expect(await scale()).toBe('1');
  await page.keyboard.press('p');
  await expect.poll(scale).toBe('2.2');
  const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  // 1280×720: the page's own size is 16 px.
  expect(rootPx).toBeCloseTo(16 * 2.2, 1);
});

test('in a browser P asks for full screen, and leaving full screen leaves presentation mode', async ({ page }) => {
  await openSynthetic(page, synthetic);
  const fullScreen = () => page.evaluate(() => document.fullscreenElement !== null);
  await page.keyboard.press('p');
  await expect.poll(fullScreen).toBe(true);
  // What the browser's own Esc (or F11) does: full screen ends without the page being asked.
  await page.evaluate(() => document.exitFullscreen());
  await expect(toggle(page)).toHaveAttribute('aria-pressed', 'false');
  // P again, and Esc from the page's side.
  await page.keyboard.press('p');
  await expect.poll(fullScreen).toBe(true);
  await toggle(page).click();
  await expect.poll(fullScreen).toBe(false);
});

/** Sixteen processes on two cores in every state at once: the longest Now sentence a run gives. */
function everyStateAtOnce(): EngineEvent[] {
  const runId = 1;
  const events: EngineEvent[] = [runStart('processes', 16, 2)];
  const states: [number, TaskState, string?][] = [
    [0, 'running'],
    [5, 'running'],
    [1, 'waiting', 'for the lock'],
    [3, 'waiting', 'for the lock'],
    [7, 'waiting', 'for the lock'],
    [9, 'waiting', 'for the lock'],
    [11, 'waiting', 'for the lock'],
    [2, 'ready'],
    [4, 'ready'],
    [6, 'ready'],
    [8, 'sleeping'],
    [10, 'sleeping'],
    [12, 'sleeping'],
    [13, 'done'],
  ];
  for (const [task, state, detail] of states) {
    events.push({ kind: 'state', runId, t: 50 + task, task, state, ...(detail ? { detail } : {}) });
  }
  events.push({
    kind: 'sample',
    runId,
    t: 300,
    cores: [100, 100],
    steal: [0, 0],
    self: 0.03,
    selfCovers: 'engine+browser',
    tasks: [
      { task: 0, core: 0, cpuMs: 90 },
      { task: 5, core: 1, cpuMs: 90 },
    ],
  });
  return events;
}

for (const { size, presenting } of [
  { size: { width: 1280, height: 720 }, presenting: false },
  { size: { width: 1024, height: 640 }, presenting: false },
  { size: { width: 1920, height: 1080 }, presenting: true },
  { size: { width: 1280, height: 720 }, presenting: true },
  { size: { width: 1024, height: 640 }, presenting: true },
]) {
  test(`the Now line holds sixteen tasks in every state on ${size.width}×${size.height}${presenting ? ', presenting' : ''}`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await openSynthetic(page, synthetic);
    synthetic.engine.start({ kind: 'replay', events: everyStateAtOnce(), pace: 'instant' });
    const now = page.getByRole('status', { name: 'Now' });
    await expect(now).toContainText('16 tasks: 2 running (on core 0 and core 1: in parallel), 5 waiting');
    await expect(now).toContainText('1 finished; Lanes itself uses 3 % of one core.');
    if (presenting) {
      await page.keyboard.press('p');
      await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
    }
    await settle(page);
    const fit = await now.evaluate((element) => ({
      fit: element.dataset.fit,
      over: element.scrollHeight - element.clientHeight,
    }));
    expect(fit.fit).not.toBe('cut');
    expect(fit.over).toBeLessThanOrEqual(1);
    if (presenting) {
      // The controls' one line: every button on screen, the status whole (a live clock in it).
      for (const name of ['Run', 'Stop', 'Presentation mode', 'Display']) {
        const box = (await page.getByRole('button', { name, exact: true }).boundingBox())!;
        expect(box.x + box.width, `${name} inside the window`).toBeLessThanOrEqual(size.width);
      }
      expect(await page.getByRole('status', { name: 'Run status' }).getAttribute('data-fit')).not.toBe('cut');
    }
    const shots = process.env.LANES_SHOTS_DIR;
    if (shots) await page.screenshot({ path: `${shots}/now-16-${size.width}x${size.height}-${presenting}.png` });
  });
}

/** A finished 4-thread run, presented on a small screen (1024×640, 175 %). */
async function presentSmall(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1024, height: 640 });
  await openSynthetic(page, synthetic);
  await replay(page, synthetic, 'cpu-threads');
  await page.keyboard.press('p');
  await expect(toggle(page)).toHaveAttribute('aria-pressed', 'true');
}

test('presenting on 1024×640, a lanes heading too long for its row steps down a size, then ends in an ellipsis, whole in its tooltip', async ({
  page,
}) => {
  await presentSmall(page);
  await settle(page);
  const lanes = page.getByRole('region', { name: 'Task lanes' });
  const plot = (await lanes.locator('canvas[role="application"]').boundingBox())!;
  const heading = lanes.getByTitle(/^engine process \d+ · 4 threads · one task each$/);
  await expect(heading).toHaveAttribute('data-fit', 'small');
  const words = heading.locator('span');
  const shown = await words.evaluate((element) => {
    const box = element.getBoundingClientRect();
    return { right: box.right, overflow: getComputedStyle(element).textOverflow };
  });
  // Its words end inside the lanes (never under the Console beside them), with an ellipsis if cut.
  expect(shown.right).toBeLessThanOrEqual(plot.x + plot.width + 1);
  expect(shown.overflow).toBe('ellipsis');
});

test('presenting the Code view on 1024×640, the meters beside it keep their numbers inside their cards', async ({
  page,
}) => {
  await presentSmall(page);
  await page.keyboard.press('6');
  await settle(page);
  const report = await probeLayout(page);
  expect(report.problems.filter((problem) => problem.includes('section.meters'))).toEqual([]);
});
