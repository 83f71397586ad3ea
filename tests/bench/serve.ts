// `node out/bench/serve.mjs`: the synthetic engine behind the real web server, to look at the
// app under a chosen load by hand. Run in the page plays a steady stream shaped by the controls
// (tasks; steps × step ms of run time) at --rate events/s and --speed × real time, or replays
// --replay FILE (a JSON list of engine events); --idle-samples moves the meters between runs as
// the real engine does; --renderer DIR serves another build (to compare two side by side).
// --share also hands out a viewers' address (on loopback only: the bench's viewers are on this
// machine) and prints it on a `Viewers:` line. Runs in Node until Ctrl-C.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { EngineEvent } from '../../src/core/contract';
import { startWebServer, type WebServer } from '../../src/server/server';
import { startShareServer } from '../../src/server/share';
import { SyntheticEngine, steady } from './synthetic-engine';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '5430' },
    rate: { type: 'string', default: '200' },
    speed: { type: 'string', default: '1' },
    replay: { type: 'string' },
    pace: { type: 'string', default: 'recorded' },
    'idle-samples': { type: 'boolean', default: false },
    share: { type: 'boolean', default: false },
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

const rendererDir = resolve(values.renderer);
const port = Number(values.port);
const server: WebServer = values.share
  ? await startShareServer({
      engine,
      rendererDir,
      port,
      presenter: 'the bench',
      operatorPage: true,
      listenHost: '127.0.0.1',
    })
  : await startWebServer({ engine, rendererDir, host: '127.0.0.1', port });
process.stdout.write(`Synthetic Lanes engine at ${server.urlFor('/?bench')} (Ctrl-C to stop)\n`);
if (server.viewerUrl) process.stdout.write(`Viewers: ${server.viewerUrl}\n`);
await new Promise((done) => process.once('SIGINT', done));
engine.stop();
engine.idleSamples(false);
await server.close();
