// The core meters' short memory: the last few seconds of CPU samples (per-core busy and steal,
// and the app's own use). Samples arrive about every 100 ms whether or not a run is active.
// Runs in the renderer; the store pushes samples, the meters' sparklines draw from it.

import type { SampleEvent, SelfCovers } from '../../../core/contract';

/** 12 s at the engine's 10 samples a second: long enough to see a run's start and end. */
export const METER_HISTORY_SAMPLES = 120;

export interface MeterPoint {
  /** Busy percent per core, 0..100 (clamped: a sample can never draw outside its meter). */
  cores: number[];
  steal: number[];
  /** Cores' worth the app itself used. */
  self: number;
  /** What `self` counts (older engines did not say: then it is read from the shell). */
  selfCovers: SelfCovers | null;
}

const SELF_COVERS: readonly SelfCovers[] = ['engine', 'engine+window', 'engine+browser'];

function percent(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

export class MeterHistory {
  private points: MeterPoint[] = [];
  /** Bumped on every push, so a drawer knows whether it is stale. */
  revision = 0;

  constructor(readonly capacity = METER_HISTORY_SAMPLES) {}

  push(sample: SampleEvent): MeterPoint {
    const point: MeterPoint = {
      cores: sample.cores.map(percent),
      steal: sample.cores.map((_, core) => percent(sample.steal[core])),
      self: Number.isFinite(sample.self) ? Math.max(0, sample.self) : 0,
      selfCovers: SELF_COVERS.includes(sample.selfCovers) ? sample.selfCovers : null,
    };
    this.points.push(point);
    if (this.points.length > this.capacity) this.points.splice(0, this.points.length - this.capacity);
    this.revision++;
    return point;
  }

  /** Oldest first. */
  all(): readonly MeterPoint[] {
    return this.points;
  }

  get latest(): MeterPoint | null {
    return this.points[this.points.length - 1] ?? null;
  }
}

/** The integer a meter announces (aria-valuenow): rounded, within 0..100. */
export function meterValue(point: MeterPoint | null, core: number): number {
  return Math.round(percent(point?.cores[core]));
}

/** A task counts as on a core when it used at least this much CPU there in a 100 ms sample. */
const ON_CORE_MIN_CPU_MS = 1;

/** Tasks that computed on each core during one sample, in task order. */
export function tasksByCore(sample: SampleEvent, cores: number): number[][] {
  const byCore: number[][] = Array.from({ length: cores }, () => []);
  for (const entry of sample.tasks) {
    if (entry.cpuMs >= ON_CORE_MIN_CPU_MS) byCore[entry.core]?.push(entry.task);
  }
  return byCore.map((tasks) => tasks.sort((a, b) => a - b));
}

/** The whole machine's busy CPU in cores' worth (busy percents summed), and the app's share of it. */
export function machineUse(point: MeterPoint | null): { busy: number; self: number } {
  if (!point) return { busy: 0, self: 0 };
  const busy = point.cores.reduce((sum, value) => sum + value, 0) / 100;
  // The app's CPU runs on these cores: it is part of busy (sampling jitter aside).
  return { busy, self: Math.min(busy, point.self) };
}

/**
 * What the app's own CPU covers, in words: in Electron the engine and the window; in a browser
 * the engine and, where the engine can find it, the browser drawing the page.
 */
export function selfLabel(covers: SelfCovers | null, shell: 'electron' | 'web' | null): string {
  const what = covers ?? (shell === 'electron' ? 'engine+window' : 'engine');
  switch (what) {
    case 'engine+window':
      return 'engine + window';
    case 'engine+browser':
      return 'engine + browser';
    case 'engine':
      return shell === 'electron' ? 'engine only' : 'engine, not browser';
  }
}
