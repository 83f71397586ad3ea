// End-to-end tests: the web shell served by the real `lanes web` in Debian's Chromium, and the
// Electron shell where its binary exists. One worker: the server has one session, and runs in it
// are exclusive, as they are for a user.
import { defineConfig } from '@playwright/test';

/** Port for the test server: next to the default 5390 so a running `lanes web` is left alone. */
const PORT = 5399;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  globalSetup: './tests/e2e/global-setup.ts',
  webServer: {
    command: `node out/node/lanes.mjs web --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
  projects: [
    {
      name: 'web',
      testIgnore: /electron\.spec\.ts/,
      use: {
        baseURL: `http://127.0.0.1:${PORT}/`,
        viewport: { width: 1280, height: 720 },
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          // As root Chromium needs --no-sandbox; the rest keep it off this machine's closed network.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--no-first-run',
            '--disable-sync',
          ],
        },
        screenshot: 'only-on-failure',
        trace: 'retain-on-failure',
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts/,
    },
  ],
});
