// A lesson's closing caption in the real renderer, for frozen records whose numbers are known:
// the cpu-bound lesson's three runs replayed by the bench's synthetic engine behind the real web
// server, and the caption checked against words written here by hand, never against the app's
// own rules. The records (tests/e2e/fixtures/captions) are minimal finished runs made by hand:
// run-start, units, states, a CPU sample every 100 ms, run-end; their numbers are chosen so each
// speedup and each measure of other work is exact:
//   parallel-*   2 cores: one thread 3.20 s, threads 1.70 s, processes 1.80 s, the tasks' threads
//                using every busy millisecond (no other work);
//   busy-*       2 cores: threads 2.90 s and processes 2.20 s with both cores full, Lanes 0.1 of a
//                core, and the tasks' threads 55 and 72 ms of each 100 ms: other work 0.80 and
//                0.46 of a core;
//   short-*      2 cores: the same wall times, the cores only as busy as the tasks (no other work);
//   one-core-*   1 core, one task each: one thread 1.62 s, threads 1.65 s, processes 1.70 s.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { EngineEvent, RunSpec } from '../../src/core/contract';
import { startWebServer, type WebServer } from '../../src/server/server';
import { SyntheticEngine } from '../bench/synthetic-engine';

function fixture(name: string): EngineEvent[] {
  return JSON.parse(readFileSync(resolve(__dirname, 'fixtures', 'captions', `${name}.json`), 'utf8')) as EngineEvent[];
}

let engine: SyntheticEngine | null = null;
let server: WebServer | null = null;

test.afterEach(async () => {
  engine?.stop();
  await server?.close();
  engine = null;
  server = null;
});

/**
 * Serves the app from an engine that answers each of the lesson's runs with its frozen record:
 * `records` names the record for the sequential, threads and processes runs.
 */
async function lessonWith(
  page: Page,
  cores: number,
  records: Record<'sequential' | 'threads' | 'processes', string>,
): Promise<string> {
  engine = new SyntheticEngine({ cores });
  engine.onRun = (spec: RunSpec) => ({
    kind: 'replay',
    events: fixture(records[spec.executor as keyof typeof records]),
    pace: 'instant',
  });
  server = await startWebServer({ engine, rendererDir: resolve('out/renderer'), host: '127.0.0.1', port: 0 });
  await page.goto(server.url);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.getByRole('combobox', { name: 'Lesson' }).selectOption('cpu-bound');
  await page.keyboard.press('5');
  await page.getByRole('button', { name: /Run the lesson/ }).click();
  const caption = page.getByLabel('What the runs showed');
  await expect(caption.or(page.getByRole('alert'))).toBeVisible({ timeout: 30_000 });
  return (await caption.textContent()) ?? '';
}

test('two cores computing at once: the caption says parallelism', async ({ page }) => {
  const caption = await lessonWith(page, 2, {
    sequential: 'parallel-one',
    threads: 'parallel-threads',
    processes: 'parallel-processes',
  });
  expect(caption).toBe(
    'Threads were 1.88× and processes 1.78× faster than one thread: the 2 cores computed at the same time. That is parallelism.',
  );
});

test('short of the cores with other work measured: the caption blames it, with its size', async ({ page }) => {
  const caption = await lessonWith(page, 2, {
    sequential: 'busy-one',
    threads: 'busy-threads',
    processes: 'busy-processes',
  });
  expect(caption).toBe(
    'Threads were 1.10× and processes 1.45× faster than one thread, less than the 2 cores allow: other work was using the cores too (up to 0.80 of a core on average during a run; see the meters). Try again on a quieter machine.',
  );
});

test('short of the cores with no other work measured: the caption blames nothing', async ({ page }) => {
  const caption = await lessonWith(page, 2, {
    sequential: 'parallel-one',
    threads: 'short-threads',
    processes: 'short-processes',
  });
  expect(caption).toBe('Threads were 1.10× and processes 1.45× faster than one thread, less than the 2 cores allow.');
});

test('one core: the caption claims no parallelism, however close the speedups', async ({ page }) => {
  const caption = await lessonWith(page, 1, {
    sequential: 'one-core-one',
    threads: 'one-core-threads',
    processes: 'one-core-processes',
  });
  expect(caption).toBe(
    'This machine has one core: threads (0.98×) and processes (0.95×) could only take turns on it, so neither beat one thread. Parallelism needs at least two cores.',
  );
});
