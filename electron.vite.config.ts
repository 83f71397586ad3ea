// Builds the Electron shell: main (with the task entry files as ?modulePath sub-builds),
// the sandboxed preload (one CommonJS file) and the Svelte renderer. Runs at build time.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rolldownOptions: { input: { index: resolve('src/main/index.ts') } },
      // The package ships no node_modules (electron-builder.yml): what main imports from
      // dependencies is bundled. ws and qrcode serve Share with class (src/server/share.ts).
      externalizeDeps: { exclude: ['ws', 'qrcode'] },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot load ES modules or chunks: one CommonJS file.
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: 'src/renderer',
    plugins: [svelte({ configFile: resolve('svelte.config.mjs') })],
    build: {
      outDir: 'out/renderer',
      // The page's JavaScript is what a browser downloads and parses before the first screen:
      // minified (electron-vite leaves it as written), it is about half the size.
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } },
    },
  },
});
