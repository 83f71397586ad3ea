// `npm run bench`: drives the built renderer in headless Debian Chromium from the synthetic
// engine and the real one, and prints one JSON line per goal on stdout (the machine's
// fingerprint and every detail go to stderr). Exit code 0 whether or not goals are met; 1 only
// when the harness itself cannot run. Runs in Node, built by vite.bench.config.mts.

import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release } from 'node:os';
import { launchBrowser, type BenchBrowser, type Viewport } from './browser';
import { firstScreenGoals, idleWithMeters, LIGHT_LOADS, threadingLesson } from './light';
import { videoExport } from './export';
import { oneHour } from './memory';
import { observerEffect } from './observer';
import { physics } from './physics';
import { replayAtFour, scrubHour } from './replay';
import { startRig, stopRig, type Rig } from './rig';
import { measureBaselines, profileRuns, rendererCpu, smoothAndPrompt, stress, type Baselines } from './smoothness';
import { soak } from './soak';
import { combine, goalLine, type GoalLine } from './stats';
import { viewersCost } from './viewers';

function viewport(): Viewport {
  const match = /^(\d+)x(\d+)$/.exec(process.env.LANES_BENCH_VIEWPORT ?? '1280x720');
  if (!match) throw new Error('LANES_BENCH_VIEWPORT must look like 1280x720');
  return { width: Number(match[1]), height: Number(match[2]) };
}

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

function fingerprint(bench: BenchBrowser | null, size: Viewport): Record<string, unknown> {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    kernel: release(),
    node: process.version,
    chromium: bench?.browser.version() ?? 'not started',
    autogroup: readOr('/proc/sys/kernel/sched_autogroup_enabled', 'unknown'),
    loadavg: loadavg().map((load) => Math.round(load * 100) / 100),
    viewport: `${size.width}x${size.height}`,
  };
}

/** A goal whose measurement failed still prints, unmet, with the reason on stderr. */
function failed(goal: string, error: unknown): GoalLine {
  process.stderr.write(
    `bench: ${goal} could not be measured: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  return { goal, value: null, unit: '', baseline: null, ratio: null, target: 'see stderr', met: false };
}

const results: GoalLine[] = [];

/**
 * Each goal drawn in a page is measured this many times (LANES_BENCH_REPEATS), its baselines
 * with it, the repetitions interleaved so that one noisy stretch of the machine meets each goal
 * at most once; the median is reported. G5, G7 and G8 repeat inside their own measurement.
 */
const REPEATS = Math.max(1, Number(process.env.LANES_BENCH_REPEATS ?? 3) || 3);

/** Measures one goal (or several measured together); returns its lines (unmet, saying why, if it failed). */
async function measureGoal(
  name: string,
  measure: () => Promise<GoalLine | GoalLine[]>,
  names = [name],
): Promise<GoalLine[]> {
  const started = Date.now();
  process.stderr.write(`bench: measuring ${name}…\n`);
  let lines: GoalLine[];
  try {
    const result = await measure();
    lines = Array.isArray(result) ? result : [result];
  } catch (error) {
    lines = names.map((each) => failed(each, error));
  }
  process.stderr.write(`bench: ${name} took ${Math.round((Date.now() - started) / 1000)} s\n`);
  return lines;
}

/** Measures a goal once; its lines are printed at the end, in goal order. */
async function goal(name: string, measure: () => Promise<GoalLine | GoalLine[]>, names = [name]): Promise<void> {
  results.push(...(await measureGoal(name, measure, names)));
}

/**
 * `LANES_BENCH_GOALS=4,5` measures only those goals (while working on them); default: every goal.
 * The soak (about 10 minutes) runs only when named: `LANES_BENCH_GOALS=soak`.
 */
function wanted(...goals: (number | 'soak')[]): boolean {
  const only = process.env.LANES_BENCH_GOALS;
  if (!only) return !goals.includes('soak');
  const chosen = new Set(only.split(',').map((each) => each.trim()));
  return goals.some((each) => chosen.has(String(each)));
}

/** One repetition of the goals drawn in a page: its baselines, then each goal asked for. */
async function browserRepetition(stage: Rig): Promise<GoalLine[]> {
  let base: Baselines | null = null;
  try {
    base = await measureBaselines(stage);
  } catch (error) {
    process.stderr.write(`bench: baselines failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  }
  const need = (): Baselines => {
    if (!base) throw new Error('no baselines (see above)');
    return base;
  };
  const lines: GoalLine[] = [];
  const add = async (name: string, measure: () => Promise<GoalLine | GoalLine[]>, names = [name]): Promise<void> => {
    lines.push(...(await measureGoal(name, measure, names)));
  };
  if (wanted(1, 3)) {
    await add('G1 and G3', () => smoothAndPrompt(stage, need()), [
      'G1 smoothness, nominal (16 tasks, 200 events/s, 10 s)',
      'G3 event to pixel, nominal load',
    ]);
  }
  if (wanted(2)) await add('G2 stress (64 tasks, 10,000 events/s for 5 s)', () => stress(stage, need()));
  if (wanted(4)) await add('G4 renderer CPU, Chromium process tree', () => rendererCpu(stage, need()));
  if (wanted(9))
    await add('G9 idle, meters moving (the real engine’s idle samples)', () => idleWithMeters(stage, need()));
  if (wanted(10)) {
    await add('G10 the threading lesson (1 task, 10 prints and sleeps in 10 s)', () => threadingLesson(stage, need()));
  }
  if (wanted(11, 12)) {
    await add('G11 and G12', () => firstScreenGoals(stage), [
      'G11 first screen JavaScript',
      'G12 usable after navigation (Run enabled)',
    ]);
  }
  if (wanted(6)) await add('G6 one simulated hour (8 tasks × 100 events/s, fed at 30×)', () => oneHour(stage));
  if (wanted(15)) await add('G15 replay at 4× (a 16 tasks × 200 events/s record)', () => replayAtFour(stage, need()));
  if (wanted(16)) await add('G16 scrubbing a one-hour record (per position)', () => scrubHour(stage));
  return lines;
}

/** The goals drawn in a page (G1–G4, G6, G9–G12) REPEATS times, medians; then G5 (which repeats itself). */
async function browserGoals(bench: BenchBrowser, size: Viewport, stage: Rig): Promise<void> {
  const byGoal = new Map<string, GoalLine[]>();
  const repeats = wanted(1, 2, 3, 4, 6, 9, 10, 11, 12, 15, 16) ? REPEATS : 0;
  for (let repeat = 1; repeat <= repeats; repeat++) {
    process.stderr.write(`bench: repetition ${repeat} of ${repeats}\n`);
    for (const line of await browserRepetition(stage)) {
      process.stderr.write(`bench: repetition ${repeat}: ${goalLine(line)}\n`);
      byGoal.set(line.goal, [...(byGoal.get(line.goal) ?? []), line]);
    }
  }
  for (const lines of byGoal.values()) results.push(combine(lines));
  if (process.env.LANES_BENCH_PROFILE) await profileRuns(stage, LIGHT_LOADS);
  if (wanted(5)) {
    await goal('G5 observer overhead (real engine, 2 CPU-bound tasks as processes)', () => observerEffect(bench, size));
  }
}

async function main(): Promise<number> {
  if (!existsSync('out/renderer/index.html') || !existsSync('out/node/lanes.mjs')) {
    process.stderr.write('bench: the app is not built; run `npm run build:app` first.\n');
    return 1;
  }
  const size = viewport();
  // The goals without a page (G7, G8, G13, the soak) need no browser.
  const bench =
    wanted(1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 14, 15, 16) || process.env.LANES_BENCH_PROFILE ? await launchBrowser() : null;
  let rig: Rig | null = null;
  try {
    process.stderr.write(`bench: machine ${JSON.stringify(fingerprint(bench, size))}\n`);
    if (bench) {
      const stage = await startRig(bench, size);
      rig = stage;
      await browserGoals(bench, size, stage);
      if (wanted(14)) await goal('G14 video export (a 10.2 s run, 1920×1080, 30 fps, VP9)', () => videoExport(stage));
    }
    if (wanted(7, 8)) {
      await goal(
        'G7 and G8 physics (real engine, every executor against sequential)',
        () => physics({ cpu: wanted(7), io: wanted(8) }),
        ['G7 physics, 2 CPU-bound tasks (real engine)', 'G8 physics, 4 I/O-bound tasks (real engine)'],
      );
    }
    if (wanted(13)) await goal('G13 sharing (50 viewers, the engine’s CPU)', viewersCost);
    if (wanted('soak')) await goal('soak (real engine, back-to-back runs of every executor)', soak);
    const order = (line: GoalLine): number => Number(/^G(\d+)/.exec(line.goal)?.[1] ?? 99);
    for (const line of results.sort((a, b) => order(a) - order(b))) process.stdout.write(`${goalLine(line)}\n`);
    return 0;
  } finally {
    if (rig) await stopRig(rig);
    await bench?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: the harness failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
