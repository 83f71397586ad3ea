// The CPU the app's other Electron processes use (the renderer, the GPU process, the network
// service, …), as cores' worth, from app.getAppMetrics(). Runs in Electron main; the sampler
// calls it once per sample as `extraSelf` and adds it to the engine's own CPU use.

import type { CPUUsage, ProcessMetric } from 'electron';

export type MetricLike = Pick<ProcessMetric, 'pid' | 'type' | 'name' | 'creationTime'> & {
  cpu: Pick<CPUUsage, 'percentCPUUsage' | 'cumulativeCPUUsage'>;
};

export interface ExtraSelfDeps {
  /** app.getAppMetrics in the app. */
  getMetrics: () => MetricLike[];
  /** Task processes are the lesson, not the app's overhead: they are left out. */
  isTaskProcess: (pid: number, name: string | undefined) => boolean;
  /** Monotonic milliseconds. */
  nowMs: () => number;
}

interface Previous {
  cumulativeS: number;
  atMs: number;
}

/** Below this interval a reading is noise (CPU time advances in 10 ms ticks): reuse the last one. */
const MIN_INTERVAL_MS = 20;

/**
 * Returns a function giving the cores' worth of CPU used since its previous call by every app
 * process except the main one ('Browser': the engine, which the sampler measures itself) and
 * the task processes. Uses cumulative CPU seconds where Electron reports them, so the figure does
 * not depend on who else calls getAppMetrics; otherwise percentCPUUsage (since the last call).
 */
export function createExtraSelf(deps: ExtraSelfDeps): () => number {
  // Keyed by pid and creation time: pids are reused once a process is gone.
  let previous = new Map<string, Previous>();
  let lastMs = -Infinity;
  let last = 0;

  return () => {
    const now = deps.nowMs();
    if (now - lastMs < MIN_INTERVAL_MS) return last;
    let metrics: MetricLike[];
    try {
      metrics = deps.getMetrics();
    } catch {
      return last;
    }
    lastMs = now;
    const seen = new Map<string, Previous>();
    let cores = 0;
    for (const metric of metrics) {
      if (metric.type === 'Browser') continue;
      if (metric.type === 'Utility' && deps.isTaskProcess(metric.pid, metric.name)) continue;
      const cumulativeS = metric.cpu.cumulativeCPUUsage;
      if (cumulativeS === undefined) {
        // percentCPUUsage is percent of one core since the previous getAppMetrics call.
        cores += Math.max(0, metric.cpu.percentCPUUsage) / 100;
        continue;
      }
      const key = `${metric.pid}:${metric.creationTime}`;
      const before = previous.get(key);
      seen.set(key, { cumulativeS, atMs: now });
      // A process seen for the first time has no interval yet: it counts from the next call.
      if (before && now > before.atMs) {
        cores += Math.max(0, cumulativeS - before.cumulativeS) / ((now - before.atMs) / 1000);
      }
    }
    previous = seen;
    last = cores;
    return last;
  };
}
