// End-to-end tests: the web shell served by the real `lanes web` in Debian's Chromium, and the
// Electron shell where its binary exists. One worker: the server has one session, and runs in it
// are exclusive, as they are for a user. The global setup starts `lanes web` and logs in with the
// secret it prints; every web test's page starts with that session cookie.
import { defineConfig, type Project } from '@playwright/test';
import { E2E_PORT, WEB_STATE_FILE } from './tests/e2e/lanes-web';

/** Debian's Chromium, headless, as every browser project uses it. */
const chromium: Project['use'] = {
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
};

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
  projects: [
    {
      name: 'web',
      testIgnore: /(electron|views)\.spec\.ts/,
      use: { ...chromium, baseURL: `http://127.0.0.1:${E2E_PORT}/`, storageState: WEB_STATE_FILE },
    },
    {
      // Screenshot checks: the renderer served from the bench's synthetic engine (started by the
      // spec itself on a free port), replaying frozen records; each test sets its own viewport.
      name: 'views',
      testMatch: /views\.spec\.ts/,
      use: chromium,
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts/,
    },
  ],
});
