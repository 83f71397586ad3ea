// `node out/bench/serve.mjs`: the synthetic engine behind the real web server, to look at the
// app under a chosen load by hand. Run in the page plays a steady stream shaped by the controls
// (tasks; steps × step ms of run time) at --rate events/s and --speed × real time, or replays
// --replay FILE (a JSON list of engine events); --idle-samples moves the meters between runs as
// the real engine does; --renderer DIR serves another build (to compare two side by side).
// Runs in Node until Ctrl-C.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EngineEvent } from '../../src/core/contract';
import { startWebServer } from '../../src/server/server';
import { SyntheticEngine, steady } from './synthetic-engine';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5430' },
    rate: { type: 'string', default: '200' },
    speed: { type: 'string', default: '1' },
    replay: { type: 'string' },
    pace: { type: 'string', default: 'recorded' },
    'idle-samples': { type: 'boolean', default: false },
    renderer: { type: 'string', default: 'out/renderer' },
  },
});

const engine = new SyntheticEngine();
engine.idleSamples(values['idle-samples']);
const replay = values.replay ? (JSON.parse(readFileSync(values.replay, 'utf8')) as EngineEvent[]) : null;
const pace = values.pace === 'instant' ? 'instant' : 'recorded';
engine.onRun = (spec) =>
  replay
    ? { kind: 'replay', events: replay, pace }
    : { ...steady(spec.tasks, Number(values.rate), spec.steps * spec.stepMs), speed: Number(values.speed) };

const server = await startWebServer({
  engine,
  rendererDir: resolve(values.renderer),
  host: '127.0.0.1',
  port: Number(values.port),
});
process.stdout.write(`Synthetic Lanes engine at ${server.urlFor('/?bench')} (Ctrl-C to stop)\n`);
await new Promise((done) => process.once('SIGINT', done));
engine.stop();
engine.idleSamples(false);
await server.close();
