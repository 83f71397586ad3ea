// Debian's Chromium for the bench, launched as a server so its process id is known (its whole
// process tree's CPU is read from /proc), then connected to. Runs in Node (the bench harness).

import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';

/** The same flags as the end-to-end tests: root needs --no-sandbox; the rest keep it off the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export interface BenchBrowser {
  browser: Browser;
  /** The browser process; every renderer, GPU and utility process descends from it. */
  pid: number;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BenchBrowser> {
  const server = await chromium.launchServer({
    executablePath: process.env.LANES_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const pid = server.process().pid;
  if (pid === undefined) throw new Error('Chromium started without a process id');
  const browser = await chromium.connect(server.wsEndpoint());
  return {
    browser,
    pid,
    close: async () => {
      await browser.close().catch(() => undefined);
      await server.close();
    },
  };
}

export interface Viewport {
  width: number;
  height: number;
}

/** A fresh context and page (one at a time: the tree's CPU must be this page's alone). */
export async function openPage(browser: Browser, viewport: Viewport): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => process.stderr.write(`bench: page error: ${error.message}\n`));
  return { context, page };
}

/** Resolves after `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
