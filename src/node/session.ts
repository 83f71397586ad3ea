// The engine's session: one per app window set or web server. Validates and starts runs, keeps
// each run's record, stamps CPU samples, and batches every event to the subscribed views at most
// once per frame. Runs in Electron main or the Node server/CLI; shells call it through dispatch.

import { availableParallelism } from 'node:os';
import { EXECUTOR_CATALOG, WORKLOAD_CATALOG, WORKLOAD_DEFAULTS } from '../core/catalog';
import { LESSONS, lessonInfo } from '../core/lessons';
import {
  LIMITS,
  PYTHON_EXECUTORS,
  type EngineEvent,
  type Hello,
  type RecordSnapshot,
  type Result,
  type RunAccepted,
  type RunEndEvent,
  type SelfCovers,
  type Stopped,
} from '../core/contract';
import { Batcher } from '../core/batcher';
import { RunRecord } from '../core/record';
import { err, ok, resolveRun, type ResolvedRun } from '../core/validate';
import { createCalibration, type Calibration, type CalibrationCache } from './calibration';
import { msSince, nowNs } from './clock';
import type { ProcessHost } from './hosts/process-host';
import { findPython } from './python/python-env';
import { Run } from './run';
import type { Sampler } from './sampler';

export interface SessionDeps {
  shell: Hello['shell'];
  version: string;
  threadEntry: string;
  processEntry: string;
  processHost: ProcessHost;
  sampler: Sampler | null;
  /** What the sampler's `self` includes right now (default: the engine alone). */
  selfCovers?: () => SelfCovers;
  /** resources/python: the tracer and the Python programs. */
  pythonDir: string;
  /** 'inherit' passes a Python program's own stdout/stderr through (the CLI); default 'pipe'. */
  pythonStdio?: 'pipe' | 'inherit';
  /** Where the machine's measured speed is kept between runs of the app (default: memory only). */
  calibrationCache?: CalibrationCache | null;
}

export type EventListener = (events: EngineEvent[]) => void;

/** A run accepted while the machine's speed is still being measured (first run on a machine). */
interface PendingRun {
  runId: number;
  resolved: ResolvedRun;
  python: ReturnType<typeof findPython>;
  /** Stop (or dispose) came first: the run starts and stops at once, ending as 'stopped'. */
  stopRequested: boolean;
  done: Promise<RunEndEvent>;
}

/** How long dispose() waits for stopped units to exit before giving up on them. */
const DISPOSE_TIMEOUT_MS = 5_000;

/**
 * Between runs nobody needs the meters moved ten times a second: idle samples are still taken
 * every SAMPLE_PERIOD_MS (the sparklines keep their detail) but sent this many at a time, so a
 * watching window wakes twice a second instead of 10 times (its cost is on the meters it draws;
 * twice a second is as slow as they go and still read as live). During a run every sample goes
 * out at once.
 */
export const IDLE_BATCH_SAMPLES = 5;

export class Session {
  private readonly listeners = new Set<EventListener>();
  private readonly batcher: Batcher<EngineEvent>;
  private readonly originNs = nowNs();
  private run: Run | null = null;
  private record: RunRecord | null = null;
  private nextRunId = 1;
  private pending: PendingRun | null = null;
  private readonly calibration: Calibration;
  private samplerOn = false;
  /** Idle samples not yet sent (at most IDLE_BATCH_SAMPLES − 1). */
  private idleSamples: EngineEvent[] = [];
  readonly cores = availableParallelism();

  constructor(private readonly deps: SessionDeps) {
    this.calibration = createCalibration({ threadEntry: deps.threadEntry, cache: deps.calibrationCache ?? null });
    this.batcher = new Batcher<EngineEvent>((batch) => this.deliver(batch), {
      set: (callback, ms) => setTimeout(callback, ms),
      clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
    });
  }

  hello(): Hello {
    const python = findPython();
    return {
      version: this.deps.version,
      shell: this.deps.shell,
      platform: process.platform,
      cores: this.cores,
      coreSource: this.deps.sampler?.coreSource ?? 'os-cpus',
      taskCoresMeasured: this.deps.sampler?.taskCoresMeasured ?? false,
      lessons: LESSONS.map((lesson) => lessonInfo(lesson, this.cores, python.available)),
      workloads: WORKLOAD_CATALOG,
      executors: EXECUTOR_CATALOG,
      defaults: WORKLOAD_DEFAULTS,
      limits: LIMITS,
      python: { available: python.available, version: python.version, note: python.note },
      running: this.busy,
      // The engine's own windows drive it; the web server tells a viewer's page otherwise.
      role: 'operator',
      share: null,
    };
  }

  /** A run is in progress, or accepted and waiting for the machine's speed. */
  private get busy(): boolean {
    return this.pending !== null || (this.run?.running ?? false);
  }

  /**
   * Measures the machine's speed ahead of need, on a worker thread (the Electron shell calls it
   * at start, so the first CPU run need not wait). Harmless to call often: measured or read once.
   */
  prepare(): void {
    void this.calibration.rate().catch(() => undefined);
  }

  /**
   * Starts a run if the request is valid and nothing else is running. A CPU workload needs the
   * machine's speed: measured on a worker thread, once (see calibration.ts). Until it is known,
   * the run is accepted and starts the moment it is; the engine's thread never waits for it.
   */
  start(request: unknown): Result<RunAccepted> {
    const resolved = resolveRun(request, this.cores);
    if (!resolved.ok) return resolved;
    if (this.busy) return err('A run is already in progress: press Stop, or wait for it to finish.');
    const { spec } = resolved.value;
    const python = findPython();
    if (PYTHON_EXECUTORS.includes(spec.executor) && !python.available) return err(python.note);
    const runId = this.nextRunId++;
    const needsRate =
      !PYTHON_EXECUTORS.includes(spec.executor) && spec.workload !== 'print-sleep' && spec.workload !== 'io';
    if (!needsRate || this.calibration.known() !== null) {
      this.launch(runId, resolved.value, python, this.calibration.known() ?? 1);
      return ok({ runId, spec });
    }
    let finish!: (end: RunEndEvent) => void;
    const pending: PendingRun = {
      runId,
      resolved: resolved.value,
      python,
      stopRequested: false,
      done: new Promise((resolve) => (finish = resolve)),
    };
    this.pending = pending;
    void this.calibration.rate().then(
      (rate) => {
        this.pending = null;
        const run = this.launch(runId, pending.resolved, python, rate);
        if (pending.stopRequested) run.stop();
        void run.done.then(finish);
      },
      () => {
        // Only dispose() makes the measurement fail: the run never started, and says so.
        this.pending = null;
        finish({ kind: 'run-end', runId, t: 0, status: 'stopped', cpuMs: null });
      },
    );
    return ok({ runId, spec });
  }

  /** Creates, records and starts a run (validated, with the work rate it needs). */
  private launch(
    runId: number,
    { spec, source }: ResolvedRun,
    python: ReturnType<typeof findPython>,
    itersPerMs: number,
  ): Run {
    const run = new Run(
      runId,
      spec,
      {
        threadEntry: this.deps.threadEntry,
        processEntry: this.deps.processEntry,
        processHost: this.deps.processHost,
        itersPerMs,
        emit: (event) => this.emit(event),
        python: { command: python.command, dir: this.deps.pythonDir, stdio: this.deps.pythonStdio ?? 'pipe' },
      },
      source,
    );
    this.run = run;
    this.sendIdleSamples();
    this.record = new RunRecord({ kind: 'run-start', runId, spec, cores: this.cores, wallStart: Date.now() });
    this.batcher.push(this.record.start);
    this.updateSampler();
    run.start();
    void run.done.then(() => {
      this.deps.sampler?.clearTasks();
      this.batcher.flush();
      this.updateSampler();
    });
    return run;
  }

  stop(): Result<Stopped> {
    if (this.pending) {
      this.pending.stopRequested = true;
      return ok({ stopped: true });
    }
    if (!this.run?.running) return ok({ stopped: false });
    this.run.stop();
    return ok({ stopped: true });
  }

  snapshot(): RecordSnapshot | null {
    return this.record?.snapshot() ?? null;
  }

  /** The current run's end, for callers (CLI, tests) that wait for it. */
  get current(): Promise<RunEndEvent> | null {
    return this.pending?.done ?? this.run?.done ?? null;
  }

  get currentRecord(): RunRecord | null {
    return this.record;
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    this.updateSampler();
    return () => {
      this.listeners.delete(listener);
      this.updateSampler();
    };
  }

  /** Stops any run, waits (bounded) for its units to exit, and stops sampling. */
  async dispose(): Promise<void> {
    // A run waiting for the machine's speed never starts; the measuring thread is ended.
    const waiting = this.pending?.done ?? null;
    if (this.pending) this.pending.stopRequested = true;
    this.calibration.dispose();
    if (waiting) await waiting;
    const done = this.run?.running ? this.run.done : null;
    this.run?.stop();
    if (done) {
      await Promise.race([done, new Promise((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref())]);
    }
    this.listeners.clear();
    this.updateSampler();
    this.batcher.flush();
  }

  private emit(event: EngineEvent): void {
    // The tasks' threads are sampled; the main program's is not a task (no count includes it).
    if (event.kind === 'task-os' && event.task >= 0) this.deps.sampler?.watchTask(event.task, event.pid, event.tid);
    if ('runId' in event && this.record && event.runId === this.record.runId) this.record.add(event);
    this.batcher.push(event);
  }

  private deliver(batch: EngineEvent[]): void {
    for (const listener of this.listeners) listener(batch);
  }

  /** Samples while someone watches or a run is recording. */
  private updateSampler(): void {
    const sampler = this.deps.sampler;
    if (!sampler) return;
    const want = this.listeners.size > 0 || (this.run?.running ?? false);
    if (want === this.samplerOn) return;
    this.samplerOn = want;
    if (!want) {
      sampler.stop();
      this.idleSamples = []; // nobody watches: stale by the time anyone does
      return;
    }
    sampler.start((reading) => {
      const run = this.run?.running ? this.run : null;
      const sample: EngineEvent = {
        kind: 'sample',
        runId: run ? run.runId : null,
        t: run ? run.now() : msSince(this.originNs),
        ...reading,
        selfCovers: this.deps.selfCovers?.() ?? 'engine',
      };
      if (run) {
        this.sendIdleSamples();
        this.emit(sample);
        return;
      }
      this.idleSamples.push(sample);
      if (this.idleSamples.length >= IDLE_BATCH_SAMPLES) this.sendIdleSamples();
    });
  }

  private sendIdleSamples(): void {
    for (const sample of this.idleSamples.splice(0)) this.emit(sample);
  }
}
