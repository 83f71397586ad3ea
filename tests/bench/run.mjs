// `npm run bench` (after `npm run build:app`): builds the TypeScript bench into out/bench with
// vite.bench.config.mts, then runs it. Goal lines go to stdout, everything else to stderr.
import { build } from 'vite';

await build({ configFile: 'vite.bench.config.mts', logLevel: 'warn' });
await import(new URL('../../out/bench/run.mjs', import.meta.url).href);
