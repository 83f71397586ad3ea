// The `lanes web` the web-shell specs drive: its port, and where the browser's logged-in state
// (the session cookie the printed URL's secret was traded for) is kept for every test's page.
// Shared by playwright.config.ts and the global setup, which starts the server. Runs in Node.
import { join, resolve } from 'node:path';

/**
 * Port for the test server: next to the default 5390 so a running `lanes web` is left alone.
 * LANES_E2E_PORT moves it, so two checkouts can run their end-to-end tests side by side.
 */
export const E2E_PORT = Number(process.env.LANES_E2E_PORT ?? 5399);

/** Under Playwright's outputDir, which it empties before the global setup writes this. */
export const WEB_STATE_FILE = join(resolve(__dirname, '..', '..'), 'test-results', '.auth', `web-${E2E_PORT}.json`);

/** Set by the global setup: the address `lanes web` printed, secret included. */
export const URL_ENV = 'LANES_E2E_URL';
