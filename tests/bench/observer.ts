// Goal 5, the observer effect: the real `lanes web` runs 2 CPU-bound tasks sequentially and as
// processes, with the app open in Chromium and with no page attached (the tab on about:blank),
// 5 interleaved repetitions each. Speedup = sequential wall / processes wall, both from the runs'
// own run-end times. Runs are driven over the server's WebSocket in both conditions, so the
// engine's code path is the same. Runs in Node (the bench harness).

import { openPage, sleep, type BenchBrowser, type Viewport } from './browser';
import { EngineSocket, startLanesWeb } from './lanes-web';
import { machineBusySeconds, treeCpuSeconds } from './proc-cpu';
import { appReady, appShowsEnd } from './rig';
import { median, ratio, round, type GoalLine } from './stats';

const REPETITIONS = 5;
const CPU = { workload: 'cpu', tasks: 2, steps: 4, stepMs: 500 } as const;
/** A page that just loaded (or unloaded) costs CPU for a moment: let it settle before a run. */
const SETTLE_MS = 1_500;
/** Other work on the machine beyond this (cores, median over the reps) makes the ratio unreliable. */
const BUSY_MACHINE_CORES = 0.25;

/**
 * Cores used by everything outside this bench's process tree (which holds `lanes web`, its task
 * processes and Chromium) over `during`: other people's work competing for the same two cores.
 */
async function backgroundCores<T>(during: () => Promise<T>): Promise<{ result: T; cores: number }> {
  const ours = (): number => treeCpuSeconds(process.pid);
  const [machine0, ours0, wall0] = [machineBusySeconds(), ours(), performance.now()];
  const result = await during();
  const others = machineBusySeconds() - machine0 - (ours() - ours0);
  return { result, cores: Math.max(0, others / ((performance.now() - wall0) / 1000)) };
}

export async function observerEffect(bench: BenchBrowser, viewport: Viewport): Promise<GoalLine> {
  const { child, url } = await startLanesWeb();
  const { context, page } = await openPage(bench.browser, viewport);
  const socket = await EngineSocket.open(url);
  const speedups: Record<'ui' | 'none', number[]> = { ui: [], none: [] };
  const background: number[] = [];
  try {
    // The engine calibrates its work rate on the first CPU run: not part of any measurement.
    await socket.run({ ...CPU, executor: 'sequential', tasks: 1, steps: 1, stepMs: 100 });
    for (let rep = 0; rep < REPETITIONS; rep++) {
      const order: ('ui' | 'none')[] = rep % 2 === 0 ? ['ui', 'none'] : ['none', 'ui'];
      for (const condition of order) {
        if (condition === 'ui') {
          await page.goto(url);
          await appReady(page);
        } else {
          await page.goto('about:blank');
        }
        await sleep(SETTLE_MS);
        const { result, cores } = await backgroundCores(async () => ({
          sequential: await socket.run({ ...CPU, executor: 'sequential' }),
          processes: await socket.run({ ...CPU, executor: 'processes' }),
        }));
        if (condition === 'ui') await appShowsEnd(page);
        const speedup = result.sequential.t / result.processes.t;
        speedups[condition].push(speedup);
        background.push(cores);
        process.stderr.write(
          `bench: G5 rep ${rep + 1} ${condition === 'ui' ? 'with UI' : 'no UI  '}: ` +
            `sequential ${round(result.sequential.t, 0)} ms, processes ${round(result.processes.t, 0)} ms, ` +
            `speedup ${round(speedup, 2)}; other work on the machine ${round(cores, 2)} cores\n`,
        );
      }
    }
  } finally {
    socket.close();
    await context.close();
    child.kill('SIGTERM');
  }
  const busy = median(background) ?? 0;
  if (busy > BUSY_MACHINE_CORES) {
    process.stderr.write(
      `bench: G5 WARNING: other processes used ${round(busy, 2)} cores (median) during the runs: the ratio is not reliable\n`,
    );
  }
  const withUi = median(speedups.ui);
  const without = median(speedups.none);
  const r = ratio(withUi, without);
  return {
    goal: 'G5 observer overhead (real engine, 2 CPU-bound tasks as processes)',
    value: withUi === null ? null : round(withUi, 2),
    unit: '× speedup with the UI open (median of 5)',
    baseline: without === null ? null : round(without, 2),
    ratio: r,
    target: 'ratio >= 0.90',
    met: r !== null && r >= 0.9,
  };
}
