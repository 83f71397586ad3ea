// The bench's stage: the synthetic engine behind two real web servers (one serving the built
// renderer, one serving a blank page for the baselines), the browser, and the app's readiness
// signal. Runs in Node (the bench harness).

import { resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { openAccess } from '../../src/server/auth';
import { startWebServer, type WebServer } from '../../src/server/server';
import type { BenchBrowser, Viewport } from './browser';
import { SyntheticEngine } from './synthetic-engine';

export interface Rig {
  engine: SyntheticEngine;
  /** The built renderer, served by the real web server from the synthetic engine. */
  app: WebServer;
  /** tests/bench/pages (blank.html), same engine: baselines and the no-op renderer live here. */
  pages: WebServer;
  browser: BenchBrowser;
  viewport: Viewport;
}

export async function startRig(browser: BenchBrowser, viewport: Viewport): Promise<Rig> {
  // Events sent to a late joiner are not what the bench measures: a small record is enough.
  const engine = new SyntheticEngine({ recordCapacity: 100_000 });
  const host = '127.0.0.1';
  // Unlocked: the synthetic engine replays events and starts nothing on this machine, and each
  // page is measured from its first navigation, which a login page would come before.
  const access = openAccess();
  const app = await startWebServer({ engine, rendererDir: resolve('out/renderer'), host, port: 0, access });
  const pages = await startWebServer({ engine, rendererDir: resolve('tests/bench/pages'), host, port: 0, access });
  return { engine, app, pages, browser, viewport };
}

export async function stopRig(rig: Rig): Promise<void> {
  rig.engine.stop();
  rig.engine.idleSamples(false);
  await rig.app.close();
  await rig.pages.close();
}

/** Polls `check` every 100 ms until it holds; throws after `timeoutMs` naming `what`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function runButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Run', exact: true });
}

/** Connected to its engine and idle: the Run button is enabled. */
export async function appReady(page: Page): Promise<void> {
  await until('the app to connect (Run enabled)', () => runButton(page).isEnabled(), 30_000);
}

/** The page says the run is over (it has applied the run's end). */
export async function appShowsEnd(page: Page, timeoutMs = 30_000): Promise<void> {
  const status = page.getByRole('status', { name: 'Run status' });
  await until(
    'the page to show the run ended',
    async () => /done in|stopped|failed/i.test(await status.innerText()),
    timeoutMs,
  );
}
