// Builds the benchmark (tests/bench) for Node: the harness behind `npm run bench`, the synthetic
// engine's stand-alone server, and the fixture capture tool, into out/bench. Runs at build time.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        run: resolve('tests/bench/run.ts'),
        serve: resolve('tests/bench/serve.ts'),
        capture: resolve('tests/bench/capture.ts'),
      },
      // Playwright, ws and qrcode stay packages: they are loaded from node_modules at run time.
      external: [
        /^@playwright\//,
        /^playwright/,
        'ws',
        'qrcode',
        ...builtinModules,
        ...builtinModules.map((m) => `node:${m}`),
      ],
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
});
