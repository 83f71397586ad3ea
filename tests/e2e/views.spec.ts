// Screenshot checks of each view at the two projector sizes. The real renderer is served by the
// real web server from the bench's synthetic engine, which replays a frozen record of a real run
// (tests/e2e/fixtures), all at once, so every picture is the same on every run.
// Project `views` in playwright.config.ts; baselines in views.spec.ts-snapshots/.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { EngineEvent, RunEndEvent, RunStartEvent } from '../../src/core/contract';
import { startWebServer, type WebServer } from '../../src/server/server';
import { SyntheticEngine } from '../bench/synthetic-engine';
import { runStatus } from './app';

const SIZES = [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
];

/**
 * Frozen records of real runs on a 2-core machine (captured with out/bench/capture.mjs): 4
 * CPU-bound tasks on threads, and on threads with a GIL. Each is shown after the same workload
 * run sequentially, so the results have a baseline to compute the speedup against.
 */
const FIXTURES = ['cpu-threads', 'gil-threads'] as const;
const SEQUENTIAL = 'cpu-sequential';

function fixture(name: string): EngineEvent[] {
  return JSON.parse(readFileSync(resolve(__dirname, 'fixtures', `${name}.json`), 'utf8')) as EngineEvent[];
}

/** Each view's region, found by its accessible name. */
const VIEWS: { name: string; locate(page: Page): Locator }[] = [
  { name: 'core-meters', locate: (page) => page.getByRole('region', { name: 'CPU cores' }) },
  { name: 'task-lanes', locate: (page) => page.getByRole('region', { name: 'Task lanes' }) },
  { name: 'core-lanes', locate: (page) => page.getByRole('region', { name: 'Core lanes' }) },
  { name: 'curves', locate: (page) => page.getByRole('region', { name: 'Concurrency vs parallelism' }) },
  { name: 'results', locate: (page) => page.getByRole('region', { name: 'Results' }) },
  { name: 'console', locate: (page) => page.getByRole('log', { name: 'Console' }).locator('xpath=..') },
];

let engine: SyntheticEngine;
let server: WebServer;

// A fresh engine per test: run numbers (which the results name) always start at 1.
test.beforeEach(async () => {
  const cores = (fixture(FIXTURES[0]).find((event) => event.kind === 'run-start') as RunStartEvent).cores;
  // The machine the records came from, not this one: the meters and the cores line must match them.
  engine = new SyntheticEngine({ cores });
  server = await startWebServer({ engine, rendererDir: resolve('out/renderer'), host: '127.0.0.1', port: 0 });
});

test.afterEach(async () => {
  engine.stop();
  await server.close();
});

/** Replays a record into the open page at once and waits until the page shows its end. */
async function replay(page: Page, name: string): Promise<void> {
  const events = fixture(name);
  const end = events.find((event) => event.kind === 'run-end') as RunEndEvent;
  engine.start({ kind: 'replay', events, pace: 'instant' });
  await expect(runStatus(page)).toContainText(`done in ${(end.t / 1000).toFixed(2)} s`);
}

/** Opens the app at `size`, replays the sequential baseline and then `name`, fonts loaded. */
async function showRecord(page: Page, size: { width: number; height: number }, name: string): Promise<void> {
  await page.setViewportSize(size);
  await page.goto(server.url);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await replay(page, SEQUENTIAL);
  await replay(page, name);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

for (const size of SIZES) {
  for (const name of FIXTURES) {
    test(`${name} at ${size.width}×${size.height}: every view as recorded`, async ({ page }) => {
      await showRecord(page, size, name);
      // To look at the whole window too (e.g. before accepting new baselines): LANES_SHOTS_DIR=/tmp/x.
      const shots = process.env.LANES_SHOTS_DIR;
      if (shots) await page.screenshot({ path: `${shots}/${name}-${size.width}x${size.height}.png` });
      for (const view of VIEWS) {
        await expect
          .soft(view.locate(page), view.name)
          .toHaveScreenshot(`${name}-${view.name}-${size.width}x${size.height}.png`, {
            animations: 'disabled',
            caret: 'hide',
            // Anti-aliasing of text and canvas edges may differ by a few pixels between runs.
            maxDiffPixelRatio: 0.002,
          });
      }
    });
  }
}
