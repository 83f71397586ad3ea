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
import { err, ok, resolveRun } from '../core/validate';
import { calibrate } from '../core/work';
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
}

export type EventListener = (events: EngineEvent[]) => void;

/** CPU time this process has used, ms (µs resolution). */
function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** How long dispose() waits for stopped units to exit before giving up on them. */
const DISPOSE_TIMEOUT_MS = 5_000;

export class Session {
  private readonly listeners = new Set<EventListener>();
  private readonly batcher: Batcher<EngineEvent>;
  private readonly originNs = nowNs();
  private run: Run | null = null;
  private record: RunRecord | null = null;
  private nextRunId = 1;
  private itersPerMs: number | null = null;
  private samplerOn = false;
  readonly cores = availableParallelism();

  constructor(private readonly deps: SessionDeps) {
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
      running: this.run?.running ?? false,
    };
  }

  /** Starts a run if the request is valid and nothing else is running. */
  start(request: unknown): Result<RunAccepted> {
    const resolved = resolveRun(request, this.cores);
    if (!resolved.ok) return resolved;
    if (this.run?.running) return err('A run is already in progress: press Stop, or wait for it to finish.');
    const { spec, source } = resolved.value;
    const python = findPython();
    if (PYTHON_EXECUTORS.includes(spec.executor) && !python.available) return err(python.note);
    // Calibrated once, on first need, against this process's CPU time rather than the wall
    // clock: on a busy machine the loop gets less of a core, but its work per CPU-millisecond
    // is the same, so tasks keep their size. No task runs now, so the process is the loop.
    if (this.itersPerMs === null && spec.workload !== 'print-sleep' && spec.workload !== 'io') {
      this.itersPerMs = calibrate(processCpuMs);
    }
    const runId = this.nextRunId++;
    const run = new Run(
      runId,
      spec,
      {
        threadEntry: this.deps.threadEntry,
        processEntry: this.deps.processEntry,
        processHost: this.deps.processHost,
        itersPerMs: this.itersPerMs ?? 1,
        emit: (event) => this.emit(event),
        python: { command: python.command, dir: this.deps.pythonDir, stdio: this.deps.pythonStdio ?? 'pipe' },
      },
      source,
    );
    this.run = run;
    this.record = new RunRecord({ kind: 'run-start', runId, spec, cores: this.cores, wallStart: Date.now() });
    this.batcher.push(this.record.start);
    this.updateSampler();
    run.start();
    void run.done.then(() => {
      this.deps.sampler?.clearTasks();
      this.batcher.flush();
      this.updateSampler();
    });
    return ok({ runId, spec });
  }

  stop(): Result<Stopped> {
    if (!this.run?.running) return ok({ stopped: false });
    this.run.stop();
    return ok({ stopped: true });
  }

  snapshot(): RecordSnapshot | null {
    return this.record?.snapshot() ?? null;
  }

  /** The current run's end, for callers (CLI, tests) that wait for it. */
  get current(): Promise<RunEndEvent> | null {
    return this.run?.done ?? null;
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
    if (event.kind === 'task-os') this.deps.sampler?.watchTask(event.task, event.pid, event.tid);
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
      return;
    }
    sampler.start((reading) => {
      const run = this.run?.running ? this.run : null;
      this.emit({
        kind: 'sample',
        runId: run ? run.runId : null,
        t: run ? run.now() : msSince(this.originNs),
        ...reading,
        selfCovers: this.deps.selfCovers?.() ?? 'engine',
      });
    });
  }
}
