// Generates a plausible run's events at a chosen rate: each task cycles running → prints →
// sleeping → ready (sometimes waiting for the lock) → running, and CPU samples come every
// 100 ms of run time with per-core busy and each task's core and CPU time, as the real sampler
// sends them. Seeded, so a scenario always gives the same stream. Runs in Node; pure.

import type { EngineEvent, RunSpec, SampleEvent, TaskState } from '../../src/core/contract';

/** The real sampler's period. */
export const SAMPLE_PERIOD_MS = 100;
/** Share of wake-ups that first wait for the lock (a GIL-like hand-off). */
const WAIT_SHARE = 0.3;

type Next = 'print' | 'sleeping' | 'ready' | 'running';

/** Mulberry32: a tiny deterministic PRNG, plenty for shuffling synthetic events. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface GeneratorOptions {
  runId: number;
  spec: RunSpec;
  cores: number;
  /** Reported as every unit's pid (the engine's own, for threads). */
  pid: number;
  seed?: number;
}

export class RunGenerator {
  private readonly random: () => number;
  private readonly next: Next[];
  private readonly state: TaskState[];
  private readonly steps: number[];
  private readonly runningSince: (number | null)[];
  private readonly cpuMs: number[];
  private owed = 0;
  private totalCpuMs = 0;
  private nextSampleT = SAMPLE_PERIOD_MS;
  /** Prints generated so far (the console's full count). */
  prints = 0;
  /** Events generated so far, samples included. */
  events = 0;

  constructor(private readonly options: GeneratorOptions) {
    const tasks = options.spec.tasks;
    this.random = seededRandom(options.seed ?? 1);
    this.next = Array.from({ length: tasks }, () => 'print');
    this.state = Array.from({ length: tasks }, () => 'running');
    this.steps = Array.from({ length: tasks }, () => 0);
    this.runningSince = Array.from({ length: tasks }, () => 0);
    this.cpuMs = Array.from({ length: tasks }, () => 0);
  }

  /** The run's first events at t: one thread per task, each reporting its OS identity, running. */
  opening(t: number): EngineEvent[] {
    const { runId, pid, spec } = this.options;
    const events: EngineEvent[] = [];
    for (let task = 0; task < spec.tasks; task++) {
      events.push({ kind: 'unit', runId, t, unit: task, unitKind: 'thread', mode: 'single', tasks: [task], pid });
      events.push({ kind: 'task-os', runId, t, task, pid, tid: pid + task + 1 });
      events.push({ kind: 'state', runId, t, task, state: 'running' });
    }
    this.events += events.length;
    return events;
  }

  /** Events in run time (t0, t1] at `eventsPerSecond` task events (samples come on top). */
  advance(t0: number, t1: number, eventsPerSecond: number): EngineEvent[] {
    this.owed += (eventsPerSecond * (t1 - t0)) / 1000;
    const count = Math.floor(this.owed);
    this.owed -= count;
    const events: EngineEvent[] = [];
    for (let i = 0; i < count; i++) {
      // Spread evenly over the interval with a little jitter; never past t1.
      const t = Math.min(t1, t0 + ((i + 0.5 + (this.random() - 0.5) * 0.9) / count) * (t1 - t0));
      this.samplesUpTo(t, events);
      events.push(this.step(Math.floor(this.random() * this.next.length), t));
    }
    this.samplesUpTo(t1, events);
    this.events += events.length;
    return events;
  }

  /** Every task done at t, then the run's end. */
  finish(t: number): EngineEvent[] {
    const { runId } = this.options;
    const events: EngineEvent[] = [];
    for (let task = 0; task < this.next.length; task++) {
      this.leave(task, t);
      events.push({ kind: 'state', runId, t, task, state: 'done' });
    }
    events.push({ kind: 'run-end', runId, t, status: 'done', cpuMs: this.totalCpuMs });
    this.events += events.length;
    return events;
  }

  /** Every task stopped at t (Stop pressed), then the run's end. */
  stop(t: number): EngineEvent[] {
    const { runId } = this.options;
    const events: EngineEvent[] = this.next.map((_, task) => ({ kind: 'state', runId, t, task, state: 'stopped' }));
    events.push({ kind: 'run-end', runId, t, status: 'stopped', cpuMs: this.totalCpuMs });
    this.events += events.length;
    return events;
  }

  private step(task: number, t: number): EngineEvent {
    const { runId } = this.options;
    const next = this.next[task]!;
    if (next === 'print') {
      this.prints++;
      this.steps[task]!++;
      this.next[task] = 'sleeping';
      return { kind: 'print', runId, t, task, text: `task ${task + 1}: step ${this.steps[task]}` };
    }
    let state: TaskState = next;
    if (next === 'ready') this.next[task] = 'running';
    else if (next === 'sleeping') this.next[task] = 'ready';
    else if (this.state[task] === 'ready' && this.random() < WAIT_SHARE) state = 'waiting';
    else this.next[task] = 'print';
    if (this.state[task] === 'running') this.leave(task, t);
    if (state === 'running') this.runningSince[task] = t;
    this.state[task] = state;
    return { kind: 'state', runId, t, task, state };
  }

  private leave(task: number, t: number): void {
    const since = this.runningSince[task];
    if (since === null || since === undefined) return;
    this.cpuMs[task]! += t - since;
    this.totalCpuMs += t - since;
    this.runningSince[task] = null;
  }

  private samplesUpTo(t: number, into: EngineEvent[]): void {
    while (this.nextSampleT <= t) {
      into.push(this.sample(this.nextSampleT));
      this.nextSampleT += SAMPLE_PERIOD_MS;
    }
  }

  private sample(t: number): SampleEvent {
    const { runId, cores } = this.options;
    const busy = Array.from({ length: cores }, () => 0);
    const tasks = this.cpuMs.map((_, task) => {
      const since = this.runningSince[task];
      if (since !== null && since !== undefined) {
        this.cpuMs[task]! += t - since;
        this.totalCpuMs += t - since;
        this.runningSince[task] = t;
      }
      const cpuMs = Math.min(SAMPLE_PERIOD_MS, this.cpuMs[task]!);
      this.cpuMs[task] = 0;
      const core = task % cores;
      busy[core]! += cpuMs;
      return { task, core, cpuMs: Math.round(cpuMs * 10) / 10 };
    });
    return {
      kind: 'sample',
      runId,
      t,
      cores: busy.map((ms) => Math.min(100, Math.round((ms / SAMPLE_PERIOD_MS) * 100))),
      steal: busy.map(() => 0),
      self: 0.03,
      selfCovers: 'engine',
      tasks,
    };
  }
}
