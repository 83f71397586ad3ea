// Scrubbing an hour's record: every question the views ask at the playhead (lines by then, each
// lane cut at t, the sample and meters' history known then, the CPU so far, the Now sentence,
// the next and previous events) answers by binary search, so a position anywhere in an hour
// costs about what one near the start does. The page-level figure is bench goal G16.
import { describe, expect, it } from 'vitest';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { unitOfTask } from '../../../../src/renderer/lib/record/core-timeline';
import { nowSentence } from '../../../../src/renderer/lib/record/now-sentence';
import {
  coreTasksAt,
  linesAt,
  meterPointsUpTo,
  nextEventAfter,
  prevEventBefore,
  sampledCpuMsAt,
} from '../../../../src/renderer/lib/record/record-at';
import { RunGenerator } from '../../../bench/generator';
import { spec, start } from '../fixtures';

const HOUR_MS = 3_600_000;

function hourModel(): RunModel {
  const model = new RunModel();
  const runSpec = spec({ tasks: 4, workload: 'mixed', steps: 1000, stepMs: 1000 });
  model.apply([{ ...start(1), spec: runSpec }]);
  const generator = new RunGenerator({ runId: 1, spec: runSpec, cores: 2, pid: 1 });
  model.apply(generator.opening(0));
  for (let t = 0; t < HOUR_MS; t += 10_000) model.apply(generator.advance(t, t + 10_000, 100));
  return model;
}

function seekCost(model: RunModel, ms: number): number {
  const from = performance.now();
  const threads = unitOfTask(model.spec!, model.units);
  const lanes = model.tracksAt(ms);
  let intervals = 0;
  for (let task = -1; task < model.tracks.length; task++) intervals += lanes(task)?.count ?? 0;
  expect(intervals).toBeGreaterThan(0);
  linesAt(model, ms, 200);
  meterPointsUpTo(model, ms, 120);
  coreTasksAt(model, ms);
  nowSentence(model, ms);
  nextEventAfter(model, ms);
  prevEventBefore(model, ms);
  sampledCpuMsAt(model, ms, threads);
  return performance.now() - from;
}

describe('scrubbing an hour', () => {
  it('answers every position in a few milliseconds, late ones as fast as early ones', () => {
    const model = hourModel();
    expect(model.lines.length).toBeGreaterThan(50_000);
    expect(model.cores.samples).toBeGreaterThan(35_000);
    // A first pass at the end builds what is kept per run (the CPU's running sums) and warms up.
    seekCost(model, HOUR_MS);
    const near = Array.from({ length: 20 }, (_, i) => seekCost(model, 1_000 + i * 10)).sort((a, b) => a - b);
    const spread = Array.from({ length: 40 }, (_, i) => seekCost(model, ((i * 0.618034) % 1) * HOUR_MS));
    spread.sort((a, b) => a - b);
    // Generous for a shared machine (a collection or another process can stall any one seek):
    // most positions well inside the page's whole budget of 50 ms.
    expect(spread[34]!).toBeLessThan(20);
    // Late positions cost about what early ones do (a replay from the start would cost 1000× more).
    expect(spread[20]!).toBeLessThan(Math.max(2, 20 * near[10]!));
  });
});
