// The renderer served by the real web server from the bench's synthetic engine, for specs that
// look at the page rather than at the engine: frozen records of real runs replayed into it (at
// once, or at their recorded pace), so what is on screen is the same on every run and costs
// the shared machine no CPU. Used by the layout, compare-view and keys specs.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { EngineEvent, RunEndEvent, RunSpec, RunStartEvent } from '../../src/core/contract';
import { startWebServer, type WebServer } from '../../src/server/server';
import { SyntheticEngine, type Scenario } from '../bench/synthetic-engine';
import { runStatus } from './app';

export type FixtureName = 'cpu-threads' | 'gil-threads' | 'cpu-sequential';

export function fixture(name: FixtureName): EngineEvent[] {
  return JSON.parse(readFileSync(resolve(__dirname, 'fixtures', `${name}.json`), 'utf8')) as EngineEvent[];
}

/** The 2-core machine the fixtures were recorded on: meters and core counts must match them. */
export const FIXTURE_CORES = (fixture('cpu-threads').find((event) => event.kind === 'run-start') as RunStartEvent)
  .cores;

export interface Synthetic {
  engine: SyntheticEngine;
  server: WebServer;
  close(): Promise<void>;
}

export async function startSynthetic(): Promise<Synthetic> {
  const engine = new SyntheticEngine({ cores: FIXTURE_CORES });
  const server = await startWebServer({ engine, rendererDir: resolve('out/renderer'), host: '127.0.0.1', port: 0 });
  return {
    engine,
    server,
    close: async () => {
      engine.stop();
      await server.close();
    },
  };
}

/**
 * What a Run (or a lesson's run) plays: a sequential request replays the sequential record, any
 * other the threads record, at once or at the recorded pace (about 3.6 s).
 */
export function replayRuns(pace: 'instant' | 'recorded'): (spec: RunSpec) => Scenario {
  const sequential = fixture('cpu-sequential');
  const threads = fixture('cpu-threads');
  return (spec) => ({ kind: 'replay', events: spec.executor === 'sequential' ? sequential : threads, pace });
}

/** Opens the app on the synthetic server and waits until it can run. */
export async function openSynthetic(page: Page, synthetic: Synthetic): Promise<void> {
  await page.goto(synthetic.server.url);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
}

/** Replays a record into the open page at once and waits until the page shows its end. */
export async function replay(page: Page, synthetic: Synthetic, name: FixtureName): Promise<void> {
  const events = fixture(name);
  const end = events.find((event) => event.kind === 'run-end') as RunEndEvent;
  synthetic.engine.start({ kind: 'replay', events, pace: 'instant' });
  await expect(runStatus(page)).toContainText(`done in ${(end.t / 1000).toFixed(2)} s`);
}

/**
 * Replays a record without its end: the page shows the run still going, its last samples (every
 * core 100 % busy in cpu-threads) on the meters.
 */
export async function replayUnfinished(page: Page, synthetic: Synthetic, name: FixtureName): Promise<void> {
  const events = fixture(name).filter((event) => event.kind !== 'run-end');
  synthetic.engine.start({ kind: 'replay', events, pace: 'instant' });
  await expect(runStatus(page)).toContainText(/running/i);
}
