// Builds the Node bundle (CLI, server, task entry files) once before the unit tests, so host
// tests start the same worker and child entry files that `lanes` ships; and builds the small
// controllable child the ProcessHost contract tests fork, and the GIL and the amdahl workload's
// lock and barrier for their thread tests.
import { resolve } from 'node:path';
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.node.config.mts', logLevel: 'warn' });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: true,
      outDir: 'out/test-fixtures',
      emptyOutDir: true,
      target: 'node20',
      rolldownOptions: {
        input: {
          'child-echo': resolve('tests/unit/fixtures/child-echo.ts'),
          gil: resolve('src/core/gil.ts'),
          amdahl: resolve('src/core/amdahl.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
}
