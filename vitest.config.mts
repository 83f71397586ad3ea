// Unit tests: core maths and the Node hosts with real worker threads and child processes.
// `electron` is aliased to a stub so no test can load the real package (it would try to
// download its binary); the Node bundle is built once so hosts start the real entry files.
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { electron: resolve('tests/unit/stubs/electron.ts') } },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    globalSetup: ['tests/unit/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
