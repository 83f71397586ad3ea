// Lint rules, including the layer boundaries of docs/style.md: a wrong import fails `npm run lint`.
import js from '@eslint/js';
import globals from 'globals';
import svelte from 'eslint-plugin-svelte';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'os', 'path', 'child_process', 'worker_threads', 'net', 'http', 'url', 'events', 'stream'];

/** One no-restricted-imports rule per layer; `groups` are module patterns the layer may not use. */
function layer(files, groups, message, paths = []) {
  return {
    files,
    rules: {
      'no-restricted-imports': ['error', { paths, patterns: [{ group: groups, message }] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
  },
  {
    files: ['src/renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  layer(
    ['src/core/**'],
    [...NODE_BUILTINS, 'electron', 'electron/*', '**/node/**', '**/main/**', '**/server/**', '**/renderer/**', '**/workers/**', '**/cli/**', '**/preload/**', 'd3*', 'svelte*', 'ws'],
    'core/ runs anywhere: no Node, DOM, Electron or other layers (docs/style.md, Layers).',
  ),
  layer(
    ['src/node/**'],
    ['electron', 'electron/*', '**/main/**', '**/server/**', '**/renderer/**', '**/cli/**', '**/preload/**', '**/workers/**'],
    'node/ may import only core/ and Node (docs/style.md, Layers).',
  ),
  layer(
    ['src/workers/**'],
    ['electron', 'electron/*', '**/main/**', '**/server/**', '**/renderer/**', '**/cli/**', '**/preload/**'],
    'workers/ may import only core/ and node/ (docs/style.md, Layers).',
  ),
  layer(
    ['src/server/**'],
    ['electron', 'electron/*', '**/main/**', '**/renderer/**', '**/cli/**', '**/preload/**', '**/workers/**'],
    'server/ may import only core/ and node/ (docs/style.md, Layers).',
  ),
  layer(
    ['src/cli/**'],
    ['electron', 'electron/*', '**/main/**', '**/renderer/**', '**/preload/**'],
    'cli/ may import only core/, node/ and server/ (docs/style.md, Layers).',
  ),
  layer(
    ['src/main/**'],
    ['**/server/**', '!**/server/share', '**/renderer/**', '**/cli/**', '**/preload/**'],
    'main/ may import only core/, node/, electron and server/share (docs/style.md, Layers).',
  ),
  layer(
    ['src/preload/**'],
    [...NODE_BUILTINS, '**/node/**', '**/main/**', '**/server/**', '**/renderer/**', '**/workers/**', '**/cli/**'],
    'preload/ may import only core/ and electron (docs/style.md, Layers).',
  ),
  layer(
    ['src/renderer/**'],
    [...NODE_BUILTINS, 'electron', 'electron/*', '**/node/**', '**/main/**', '**/server/**', '**/workers/**', '**/cli/**', '**/preload/**', 'd3-selection', 'd3-transition'],
    'renderer/ may import only core/ (and d3 maths, not d3-selection/transition: Svelte owns the DOM).',
    [
      {
        name: 'd3',
        importNames: ['select', 'selectAll', 'selection', 'transition', 'create'],
        message: 'Svelte owns the DOM; use d3 for maths only (docs/style.md, Svelte and D3).',
      },
    ],
  ),
  layer(
    ['tests/unit/**'],
    ['electron', 'electron/*'],
    'Unit tests never load the real electron package (it would try to download its binary): use the stub.',
  ),
);
