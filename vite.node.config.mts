// Builds the Node side used outside Electron: the `lanes` CLI (which also hosts the web shell)
// and the task entry files it starts as worker threads and child processes. Runs at build time.
import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rolldownOptions: {
      input: {
        lanes: resolve('src/cli/lanes.ts'),
        'task-thread': resolve('src/workers/task-thread.ts'),
        'task-process': resolve('src/workers/task-process.ts'),
      },
      external: ['ws', 'qrcode', 'electron', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
    },
  },
});
