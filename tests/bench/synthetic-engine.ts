// The benchmark's engine: answers the renderer as the real Session does (hello, run, stop,
// record) but streams generated events at a chosen rate, or replays a fixed record, instead of
// running tasks. Batches go out at most once per 16 ms, like the real batcher's. Runs in Node,
// behind the real web server (startWebServer); the bench harness and the screenshot spec drive it.

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BATCH_INTERVAL_MS, BATCH_MAX_EVENTS } from '../../src/core/batcher';
import {
  LIMITS,
  type EngineEvent,
  type Hello,
  type Result,
  type RunAccepted,
  type RunEndEvent,
  type RunSpec,
  type RunStartEvent,
} from '../../src/core/contract';
import { RunRecord } from '../../src/core/record';
import { err, isCommandName, ok, resolveRunRequest, validatePayload } from '../../src/core/validate';
import type { Endpoint } from '../../src/node/endpoint';
import { createNodeSession } from '../../src/node/node-session';
import { IDLE_BATCH_SAMPLES, type Session } from '../../src/node/session';
import { RunGenerator, SAMPLE_PERIOD_MS, seededRandom } from './generator';

/** A stream made up as it goes. */
export interface GeneratedScenario {
  kind: 'generated';
  tasks: number;
  /** Run time the stream covers, ms. */
  durationMs: number;
  /** Task events per second at run time t (samples, 10 a second, come on top). */
  rate: (t: number) => number;
  /** Run-time ms per real ms: 1 is live; 40 plays an hour in 90 s ("fed fast"). */
  speed?: number;
  seed?: number;
}

/** A fixed record played back: all at once (deterministic pictures) or at its recorded pace. */
export interface ReplayScenario {
  kind: 'replay';
  events: readonly EngineEvent[];
  pace: 'instant' | 'recorded';
}

export type Scenario = GeneratedScenario | ReplayScenario;

export function steady(tasks: number, eventsPerSecond: number, durationMs: number): GeneratedScenario {
  return { kind: 'generated', tasks, durationMs, rate: () => eventsPerSecond };
}

/** `leadMs` at the quiet rate, then bursts of `burstMs` at the burst rate with `gapMs` quiet between. */
export function bursts(
  tasks: number,
  shape: { quietRate: number; burstRate: number; leadMs: number; burstMs: number; gapMs: number; durationMs: number },
): GeneratedScenario {
  const period = shape.burstMs + shape.gapMs;
  return {
    kind: 'generated',
    tasks,
    durationMs: shape.durationMs,
    rate: (t) => (t >= shape.leadMs && (t - shape.leadMs) % period < shape.burstMs ? shape.burstRate : shape.quietRate),
  };
}

export function fedFast(
  tasks: number,
  eventsPerSecond: number,
  simulatedMs: number,
  realMs: number,
): GeneratedScenario {
  return { ...steady(tasks, eventsPerSecond, simulatedMs), speed: simulatedMs / realMs };
}

/** The spec a generated stream announces: a mixed workload on threads whose expected length is the stream's. */
function generatedSpec(tasks: number, durationMs: number): RunSpec {
  // expectedMs of a mixed workload is steps × stepMs × 2: the axis opens at about the stream's length.
  const steps = LIMITS.MAX_STEPS;
  const stepMs = Math.min(LIMITS.MAX_STEP_MS, Math.max(1, Math.ceil(durationMs / (2 * steps))));
  const spec = resolveRunRequest({ workload: 'mixed', executor: 'threads', tasks, steps, stepMs }, 1);
  if (!spec.ok) throw new Error(`synthetic engine: ${spec.error}`);
  return spec.value;
}

/** What a Run pressed in the page plays by default: 200 events a second for the request's expected length. */
function defaultScenario(spec: RunSpec): Scenario {
  return steady(spec.tasks, 200, Math.min(600_000, spec.steps * spec.stepMs));
}

type Listener = (events: EngineEvent[]) => void;

/**
 * Calls `tick` every BATCH_INTERVAL_MS until cancelled; each wait starts after the previous tick,
 * so two batches are never closer than that (an interval timer can fire twice to catch up).
 */
function ticker(tick: () => void): () => void {
  let handle: NodeJS.Timeout | null = null;
  const run = (): void => {
    handle = setTimeout(() => {
      tick();
      if (handle !== null) run();
    }, BATCH_INTERVAL_MS);
  };
  run();
  return () => {
    if (handle !== null) clearTimeout(handle);
    handle = null;
  };
}

interface Active {
  runId: number;
  stop(): void;
}

export interface SyntheticEngineOptions {
  /** Logical cores announced in hello and run-start (default: this machine's). */
  cores?: number;
  /** Events kept for a late joiner's `record`; a fed-fast hour need not be held twice. */
  recordCapacity?: number;
}

export class SyntheticEngine implements Endpoint {
  readonly cores: number;
  /** What a `run` command plays; the harness may replace it. */
  onRun: (spec: RunSpec) => Scenario = defaultScenario;
  /** Prints and events sent in the current (or last) run. */
  prints = 0;
  events = 0;
  /** Run time reached by the current (or last) run, ms. */
  runMs = 0;
  /**
   * Feeds ever subscribed. The web server subscribes while it has any client, so with one page
   * this counts its connections (a page that fell behind reconnects).
   */
  subscriptions = 0;
  /** The current (or last) run's start. */
  lastStart: RunStartEvent | null = null;
  private readonly listeners = new Set<Listener>();
  private readonly recordCapacity: number;
  private record: RunRecord | null = null;
  private active: Active | null = null;
  private nextRunId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private ended: Promise<RunEndEvent> = new Promise(() => undefined);
  private resolveEnd: (end: RunEndEvent) => void = () => undefined;

  /** A real session, never run: its hello is the real engine's, whatever the contract holds today. */
  private readonly session: Session;

  constructor(options: SyntheticEngineOptions = {}) {
    this.cores = options.cores ?? availableParallelism();
    this.recordCapacity = options.recordCapacity ?? 200_000;
    this.session = createNodeSession({
      shell: 'web',
      bundleDir: pathToFileURL(resolve('out/node') + '/'),
      sampler: null,
    });
  }

  call(command: unknown, payload: unknown): Result<unknown> {
    if (!isCommandName(command)) return err(`Unknown command ${JSON.stringify(String(command)).slice(0, 60)}.`);
    const valid = validatePayload(command, payload);
    if (!valid.ok) return valid;
    switch (command) {
      case 'hello':
        return ok(this.hello());
      case 'run': {
        const spec = resolveRunRequest(valid.value, this.cores);
        if (!spec.ok) return spec;
        if (this.active) return err('A run is already in progress: press Stop, or wait for it to finish.');
        return ok(this.start(this.onRun(spec.value), spec.value));
      }
      case 'stop':
        return ok({ stopped: this.stop() });
      case 'record':
        return ok(this.record?.snapshot() ?? null);
    }
    return err(`Unhandled command ${command}.`);
  }

  subscribe(listener: Listener): () => void {
    this.subscriptions++;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get running(): boolean {
    return this.active !== null;
  }

  /** The current (or next) run's end. */
  get done(): Promise<RunEndEvent> {
    return this.ended;
  }

  /** Starts a scenario now; `spec` overrides what a generated stream announces. */
  start(scenario: Scenario, spec?: RunSpec): RunAccepted {
    if (this.active) throw new Error('synthetic engine: a run is already in progress');
    const runId = this.nextRunId++;
    this.prints = this.events = this.runMs = 0;
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
    return scenario.kind === 'replay' ? this.replay(runId, scenario) : this.generate(runId, scenario, spec);
  }

  /**
   * Between runs the real engine keeps sampling while a window watches, and sends its samples
   * IDLE_BATCH_SAMPLES at a time (the meters move twice a second). On, this engine does the
   * same (a few percent busy per core); off, nothing changes.
   */
  idleSamples(on: boolean): void {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = null;
    if (!on) return;
    const random = seededRandom(7);
    const origin = performance.now();
    let held: EngineEvent[] = [];
    this.idleTimer = setInterval(() => {
      if (this.active) return;
      const cores = Array.from({ length: this.cores }, () => Math.round(2 + random() * 6));
      const t = performance.now() - origin;
      held.push({
        kind: 'sample',
        runId: null,
        t,
        cores,
        steal: cores.map(() => 0),
        self: 0.01,
        selfCovers: 'engine',
        tasks: [],
      });
      if (held.length < IDLE_BATCH_SAMPLES) return;
      const batch = held;
      held = [];
      for (const listener of this.listeners) listener(batch);
    }, SAMPLE_PERIOD_MS);
  }

  /** Stops the current run (its tasks show as stopped); false when nothing was running. */
  stop(): boolean {
    if (!this.active) return false;
    this.active.stop();
    return true;
  }

  private hello(): Hello {
    // As the real engine on Linux says it: cores from /proc/stat, each task's core measured.
    return {
      ...this.session.hello(),
      cores: this.cores,
      coreSource: 'proc-stat',
      taskCoresMeasured: true,
      running: this.active !== null,
    };
  }

  private begin(start: RunStartEvent): void {
    this.lastStart = start;
    this.record = new RunRecord(start, this.recordCapacity);
    this.emit([start], false);
  }

  private emit(events: EngineEvent[], record = true): void {
    for (const event of events) {
      if (record && this.record && 'runId' in event && event.runId === this.record.runId) this.record.add(event);
      if (event.kind === 'print') this.prints++;
      if ('t' in event) this.runMs = Math.max(this.runMs, event.t);
    }
    this.events += events.length;
    for (let from = 0; from < events.length; from += BATCH_MAX_EVENTS) {
      const batch = events.slice(from, from + BATCH_MAX_EVENTS);
      for (const listener of this.listeners) listener(batch);
    }
  }

  private end(events: EngineEvent[]): void {
    this.active = null;
    const end = events.find((event): event is RunEndEvent => event.kind === 'run-end');
    if (end) this.resolveEnd(end);
  }

  private generate(runId: number, scenario: GeneratedScenario, specIn?: RunSpec): RunAccepted {
    const spec = specIn ?? generatedSpec(scenario.tasks, scenario.durationMs);
    const generator = new RunGenerator({ runId, spec, cores: this.cores, pid: process.pid, seed: scenario.seed });
    const speed = scenario.speed ?? 1;
    const realStart = performance.now();
    // Epoch ms of t = 0 on the same high-resolution clock the events are stamped with.
    this.begin({ kind: 'run-start', runId, spec, cores: this.cores, wallStart: performance.timeOrigin + realStart });
    let lastT = 0;
    this.emit(generator.opening(0));
    const finishWith = (events: EngineEvent[]): void => {
      cancel();
      this.emit(events);
      this.end(events);
    };
    const tick = (): void => {
      const t = Math.min(scenario.durationMs, (performance.now() - realStart) * speed);
      const events = t > lastT ? generator.advance(lastT, t, scenario.rate(lastT)) : [];
      lastT = t;
      if (t >= scenario.durationMs) finishWith([...events, ...generator.finish(t)]);
      else if (events.length > 0) this.emit(events);
    };
    const cancel = ticker(tick);
    this.active = { runId, stop: () => finishWith(generator.stop(lastT)) };
    return { runId, spec };
  }

  private replay(runId: number, scenario: ReplayScenario): RunAccepted {
    const source = scenario.events.find((event): event is RunStartEvent => event.kind === 'run-start');
    if (!source) throw new Error('synthetic engine: a replayed record needs its run-start');
    const renumber = (event: EngineEvent): EngineEvent =>
      ('runId' in event && event.runId !== null ? { ...event, runId } : event) as EngineEvent;
    const rest = scenario.events.filter((event) => event !== source).map(renumber);
    this.begin({ ...source, runId });
    if (scenario.pace === 'instant') {
      this.emit(rest);
      this.end(rest);
      return { runId, spec: source.spec };
    }
    const realStart = performance.now();
    let next = 0;
    const cancel = ticker(() => {
      const now = performance.now() - realStart;
      const from = next;
      while (next < rest.length && (!('t' in rest[next]!) || (rest[next] as { t: number }).t <= now)) next++;
      const batch = rest.slice(from, next);
      if (batch.length > 0) this.emit(batch);
      if (next >= rest.length) {
        cancel();
        this.end(batch);
      }
    });
    this.active = {
      runId,
      stop: () => {
        cancel();
        const t = this.runMs;
        const stopped: EngineEvent[] = [
          ...Array.from({ length: source.spec.tasks }, (_, task): EngineEvent => ({
            kind: 'state',
            runId,
            t,
            task,
            state: 'stopped',
          })),
          { kind: 'run-end', runId, t, status: 'stopped', cpuMs: null },
        ];
        this.emit(stopped);
        this.end(stopped);
      },
    };
    return { runId, spec: source.spec };
  }
}
