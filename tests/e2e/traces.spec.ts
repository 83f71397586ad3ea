// Traces in and out of the web shell: Save trace after the threading lesson writes what
// `lanes run --trace` writes (the run's record read back exactly), Open trace shows that file in a
// fresh page in every view and in Results, a dropped file opens too, an opened run joins Compare,
// and a file that is broken, not a trace, too large or absurd gets one alert and changes nothing.
// A foreign Chrome trace (made here by hand) opens best-effort and says what it lacks.
// Real `lanes web`, real engine and Debian's Chromium.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { EngineEvent, RecordSnapshot, Result, RunEndEvent, RunStartEvent } from '../../src/core/contract';
import { toTrace } from '../../src/core/trace';
import { readTrace } from '../../src/core/trace-read';
import { formatSeconds } from '../../src/renderer/lib/format';
import { consoleLog, openApp, printedLines, runStatus, setControls } from './app';
import { fixture } from './synthetic';

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const saveButton = (page: Page): Locator => page.getByRole('button', { name: 'Save trace', exact: true });
const openButton = (page: Page): Locator => page.getByRole('button', { name: 'Open trace', exact: true });
const banner = (page: Page): Locator => page.getByRole('region', { name: 'Opened trace' });
const openAlert = (page: Page): Locator => page.getByRole('alert').filter({ hasText: /^Cannot open/ });

/** The engine's record of its last run, asked over the page's own (logged-in) WebSocket. */
async function engineRecord(page: Page): Promise<RecordSnapshot> {
  const answer = await page.evaluate(
    () =>
      new Promise<Result<RecordSnapshot>>((resolve, reject) => {
        const socket = new WebSocket(`ws://${location.host}/ws`);
        socket.onopen = () => socket.send(JSON.stringify({ kind: 'call', id: 1, command: 'record', payload: null }));
        socket.onmessage = (message) => {
          const data = JSON.parse(String(message.data)) as { kind: string; id: number; result: Result<RecordSnapshot> };
          if (data.kind === 'reply' && data.id === 1) {
            socket.close();
            resolve(data.result);
          }
        };
        socket.onerror = () => reject(new Error('the record could not be asked for'));
      }),
  );
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/** Chooses `path` in the browser's file picker that Open trace shows. */
async function openWithPicker(page: Page, path: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await openButton(page).click();
  await (await chooser).setFiles(path);
}

/** Drops a file holding `content` on the window, as a file manager does. */
async function dropFile(page: Page, name: string, content: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, content }) => {
      const data = new DataTransfer();
      data.items.add(new File([content], name, { type: 'application/json' }));
      return data;
    },
    { name, content },
  );
  for (const type of ['dragenter', 'dragover', 'drop']) {
    await page.dispatchEvent('main', type, { dataTransfer: transfer });
  }
}

/** The run's own events in a record: what a trace keeps (no notices, no idle samples). */
function runEvents(events: readonly EngineEvent[]): EngineEvent[] {
  const start = events.find((event): event is RunStartEvent => event.kind === 'run-start')!;
  return events.filter((event) => 'runId' in event && event.runId === start.runId);
}

/** A small trace from another tool (two threads of two processes, a log line), by hand. */
function foreignTrace(): string {
  const t0 = 5_000_000_000;
  return JSON.stringify({
    traceEvents: [
      { ph: 'M', pid: 40, tid: 7, name: 'thread_name', args: { name: 'CrRendererMain' } },
      { ph: 'X', pid: 40, tid: 7, ts: t0 + 100_000, dur: 400_000, name: 'Layout', cat: 'blink' },
      { ph: 'X', pid: 41, tid: 9, ts: t0, dur: 900_000, name: 'Compile', cat: 'v8' },
      { ph: 'i', s: 't', pid: 41, tid: 9, ts: t0 + 300_000, name: 'log', args: { text: 'hello from elsewhere' } },
    ],
  });
}

/** What shows now: the task lanes' summary, the Console's lines, the run status. */
async function picture(page: Page): Promise<{ lanes: string | null; lines: string[]; status: string }> {
  return {
    lanes: await page.getByRole('application', { name: /^Task lanes/ }).getAttribute('aria-label'),
    lines: await printedLines(page),
    status: (await runStatus(page).textContent()) ?? '',
  };
}

test('Save trace after the threading lesson writes its record; a fresh page opens it in every view and in Compare', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await setControls(page, { lesson: 'threading' });
  await expect(saveButton(page), 'nothing has run in this window yet').toHaveAttribute('aria-disabled', 'true');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/running/i);
  await expect(saveButton(page), 'a trace holds a whole run').toHaveAttribute('aria-disabled', 'true');
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 40_000 });
  await expect(saveButton(page)).toHaveAttribute('aria-disabled', 'false');

  const download = page.waitForEvent('download');
  await saveButton(page).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^lanes-threading-threads-\d{4}-\d\d-\d\d-\d{6}\.lanes\.json$/);
  const path = testInfo.outputPath(file.suggestedFilename());
  await file.saveAs(path);
  const text = readFileSync(path, 'utf8');

  // Read back, it is the engine's record of the run; its Chrome events are the CLI writer's.
  const record = runEvents((await engineRecord(page)).events);
  const read = readTrace(text);
  if (!read.ok) throw new Error(read.error);
  expect(read.value.source).toBe('lanes');
  expect(read.value.events).toEqual(record);
  const saved = JSON.parse(text) as { traceEvents: unknown[]; metadata: Record<string, unknown> };
  const start = record[0] as RunStartEvent;
  const end = record.at(-1) as RunEndEvent;
  expect(saved.metadata).toMatchObject({ lesson: 'threading', executor: 'threads', tasks: 1 });
  const mainPid = record.find((event) => event.kind === 'task-os' && event.task === -1);
  const enginePid = mainPid?.kind === 'task-os' ? mainPid.pid : 0;
  expect(saved.traceEvents).toEqual(toTrace(record, { enginePid, version: '0' }).traceEvents);
  const lines = await printedLines(page);
  expect(lines.length).toBeGreaterThanOrEqual(10);

  // A fresh page follows nobody's finished run: it shows the file, and every view draws it.
  const fresh = await page.context().newPage();
  await openApp(fresh);
  await expect(fresh.getByRole('application', { name: /^Task lanes/ })).toHaveAttribute('aria-label', /no run yet/);
  await openWithPicker(fresh, path);
  await expect(banner(fresh)).toContainText(`Showing ${file.suggestedFilename()}`);
  await expect(banner(fresh)).toContainText(/saved by Lanes/);
  await expect(openAlert(fresh)).toHaveCount(0);
  await expect.poll(() => printedLines(fresh)).toEqual(lines);
  const wall = formatSeconds(end.t);
  for (const [key, tab] of [
    ['1', 'All'],
    ['2', 'Tasks'],
    ['3', 'Cores'],
    ['4', 'Results'],
    ['5', 'Compare'],
  ] as const) {
    await fresh.locator('body').click({ position: { x: 2, y: 2 } });
    await fresh.keyboard.press(key);
    await expect(fresh.getByRole('tab', { name: new RegExp(tab) })).toHaveAttribute('aria-selected', 'true');
    if (tab === 'All' || tab === 'Tasks') {
      await expect(fresh.getByRole('application', { name: /^Task lanes: 1 task, showing/ })).toBeVisible();
    }
    if (tab === 'All' || tab === 'Cores') {
      await expect(fresh.getByRole('application', { name: /^Core lanes/ })).toBeVisible();
    }
    if (tab !== 'Results') await expect(consoleLog(fresh).locator('[data-who]')).toHaveCount(lines.length);
    if (tab !== 'Tasks') {
      const results = fresh.getByRole('region', { name: 'Results' });
      await expect(results).toContainText(wall);
      await expect(results).toContainText('from the file');
    }
    if (tab === 'All' || tab === 'Results') {
      await expect(
        fresh.getByRole('img', { name: /^Concurrency vs parallelism: up to 1 task in progress;/ }),
      ).toBeVisible();
    }
  }
  expect(start.spec.lesson).toBe('threading');

  // Compare: the opened run is the last run "+ Add last run" adds.
  await fresh.getByRole('button', { name: '+ Add last run' }).click();
  const bands = fresh.getByRole('list', { name: 'Runs compared on one clock' }).getByRole('listitem');
  await expect(bands).toHaveCount(1);
  await expect(bands.first()).toContainText(/file/);
  expect(Number(await bands.first().getAttribute('data-wall-ms'))).toBeCloseTo(end.t, 0);
  await fresh.close();
});

test('a dropped trace opens; Close trace goes back to the engine’s runs', async ({ page }, testInfo) => {
  await setControls(page, { workload: 'io', executor: 'threads', tasks: 2, steps: 2, stepMs: 50 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
  const live = await picture(page);

  const record = fixture('cpu-threads');
  const text = JSON.stringify(toTrace(record, { enginePid: 4242, version: '9.9.9' }));
  writeFileSync(testInfo.outputPath('dropped.json'), text);
  await dropFile(page, 'cpu-threads.lanes.json', text);
  await expect(banner(page)).toContainText('Showing cpu-threads.lanes.json');
  const tasks = (record[0] as RunStartEvent).spec.tasks;
  await expect(page.getByRole('application', { name: new RegExp(`^Task lanes: ${tasks} tasks`) })).toBeVisible();
  await expect(saveButton(page), 'an opened run saves again').toHaveAttribute('aria-disabled', 'false');

  await banner(page).getByRole('button', { name: 'Close trace' }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByRole('application', { name: /^Task lanes/ })).toHaveAttribute('aria-label', live.lanes!);
  await expect.poll(() => printedLines(page)).toEqual(live.lines);
});

test('a foreign Chrome trace opens best-effort and says what it lacks', async ({ page }) => {
  await dropFile(page, 'chrome-profile.json', foreignTrace());
  await expect(banner(page)).toContainText('Showing chrome-profile.json');
  await expect(banner(page)).toContainText(/another tool/);
  const lacks = page.getByRole('list', { name: 'What the trace does not say' });
  await expect(lacks).toContainText('CPU samples');
  await expect(lacks).toContainText('what ran');
  await expect(page.getByRole('application', { name: /^Task lanes: 2 tasks/ })).toBeVisible();
  await expect.poll(() => printedLines(page)).toEqual([expect.stringContaining('hello from elsewhere')]);
  await expect(page.getByRole('region', { name: 'Results' })).toContainText('From another tool');
  // With room for a heading per lane (the Tasks view on a projector's screen, under the banner,
  // the replay bar and the Now line), each says what the file calls its thread.
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  await page.keyboard.press('2');
  await expect(page.getByText('pid 40 · CrRendererMain', { exact: true })).toBeVisible();
});

test('a broken file, a non-trace, an absurd trace and one over 200 MB: one alert each, the run stays', async ({
  page,
}) => {
  await setControls(page, { workload: 'io', executor: 'threads', tasks: 2, steps: 2, stepMs: 50 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
  const before = await picture(page);

  const whole = JSON.stringify(toTrace(fixture('cpu-threads'), { enginePid: 4242, version: '9.9.9' }));
  const absurd = JSON.parse(whole) as { metadata: { lanes: { start: { cores: number } } } };
  absurd.metadata.lanes.start.cores = -1;
  const cases: [string, string, RegExp][] = [
    ['cut.lanes.json', whole.slice(0, Math.floor(whole.length / 2)), /cut short/],
    ['notes.json', JSON.stringify({ shopping: ['milk', 'eggs'] }), /not a trace/],
    ['photo.json', 'GIF89a not json at all', /not JSON/],
    ['absurd.lanes.json', JSON.stringify(absurd), /damaged.*-1 cores/],
  ];
  for (const [name, content, why] of cases) {
    await dropFile(page, name, content);
    await expect(openAlert(page)).toHaveCount(1);
    await expect(openAlert(page)).toContainText(`Cannot open “${name}”`);
    await expect(openAlert(page)).toContainText(why);
    await expect(banner(page)).toHaveCount(0);
    expect(await picture(page), name).toEqual(before);
  }

  // 201 MB, made of one megabyte repeated (the browser shares the parts): refused by its size.
  await page.evaluate(() => {
    const megabyte = new Blob([new Uint8Array(1_000_000)]);
    const huge = new File(
      Array.from({ length: 201 }, () => megabyte),
      'huge.json',
    );
    const data = new DataTransfer();
    data.items.add(huge);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      document.querySelector('main')!.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true }));
    }
  });
  await expect(openAlert(page)).toContainText(
    'Cannot open “huge.json”: the file is 201 MB; Lanes opens traces up to 200 MB.',
  );
  await expect(page.getByRole('status', { name: 'Opening a trace' })).toHaveCount(0);
  expect(await picture(page)).toEqual(before);
});

test('`lanes open FILE --web` shows the file to the first page that opens, once', async ({ browser }, testInfo) => {
  const path = testInfo.outputPath('launched.lanes.json');
  writeFileSync(path, JSON.stringify(toTrace(fixture('gil-threads'), { enginePid: 4242, version: '9.9.9' })));
  const server = spawn(process.execPath, ['out/node/lanes.mjs', 'open', path, '--web', '--port', '0'], {
    stdio: 'pipe',
  });
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no address in 20 s: ${out}`)), 20_000);
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /^Lanes is serving at (http:\/\/\S+) \(Ctrl-C to stop\)$/m.exec(out)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      void exited.then(() => reject(new Error(`lanes open --web exited: ${out}`)));
    });
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(url);
    await expect(banner(page)).toContainText('Showing launched.lanes.json');
    const tasks = (fixture('gil-threads')[0] as RunStartEvent).spec.tasks;
    await expect(page.getByRole('application', { name: new RegExp(`^Task lanes: ${tasks} tasks`) })).toBeVisible();
    // Handed over once: a second window follows the engine, as any other does.
    const second = await context.newPage();
    await second.goto(new URL('/', url).href);
    await expect(second.getByRole('group', { name: 'CPU cores' })).toBeVisible();
    await expect(second.getByRole('application', { name: /^Task lanes/ })).toHaveAttribute('aria-label', /no run yet/);
    await expect(banner(second)).toHaveCount(0);
    await context.close();
  } finally {
    server.kill('SIGINT');
    const timer = setTimeout(() => server.kill('SIGKILL'), 10_000);
    expect(await exited).toBe(0);
    clearTimeout(timer);
  }
});

test('while a file is shown the engine’s runs are held back and said; Run brings this window back to live', async ({
  page,
}) => {
  const text = JSON.stringify(toTrace(fixture('cpu-threads'), { enginePid: 4242, version: '9.9.9' }));
  await dropFile(page, 'held.lanes.json', text);
  await expect(banner(page)).toContainText('Showing held.lanes.json');
  // The banner shows at once; the run is drawn in the next frame: wait for it before looking.
  const record = fixture('cpu-threads');
  const tasks = (record[0] as RunStartEvent).spec.tasks;
  await expect(page.getByRole('application', { name: new RegExp(`^Task lanes: ${tasks} tasks`) })).toBeVisible();
  await expect(consoleLog(page).locator('[data-who]')).toHaveCount(record.filter((e) => e.kind === 'print').length);
  const shown = await picture(page);

  // Another window runs: this one keeps the file on show and says what the engine did.
  const other = await page.context().newPage();
  await openApp(other);
  await setControls(other, { workload: 'io', executor: 'threads', tasks: 2, steps: 2, stepMs: 50 });
  await other.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(other)).toContainText(/done in/i, { timeout: 20_000 });
  await expect(banner(page)).toContainText('The engine ran another run meanwhile (it has ended).');
  expect(await picture(page)).toEqual(shown);
  await other.close();

  // Run here: the file makes way, and this window shows its own run live.
  await setControls(page, { workload: 'io', executor: 'async', tasks: 3, steps: 2, stepMs: 50 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(banner(page)).toHaveCount(0);
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
  await expect(page.getByRole('application', { name: /^Task lanes: 3 tasks/ })).toBeVisible();
  await expect(consoleLog(page).locator('[data-who]')).toHaveCount(6);
});

test('Ctrl+O opens the file picker and Ctrl+S saves, in a browser', async ({ page }) => {
  await setControls(page, { workload: 'io', executor: 'threads', tasks: 1, steps: 1, stepMs: 20 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in/i, { timeout: 20_000 });
  await page.locator('body').click({ position: { x: 2, y: 2 } });
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await chooser;
  const download = page.waitForEvent('download');
  await page.keyboard.press('Control+s');
  expect((await download).suggestedFilename()).toMatch(/^lanes-io-threads-.*\.lanes\.json$/);
});
