// The task programs and how a unit runs its tasks (one, one after another, or interleaved on
// one event loop). Runs inside a task unit (worker thread or child process); everything that
// touches the runtime (clock, sleep, posting, exiting) comes in through TaskEnv.

import { AMDAHL_SERIAL_SHARE, type AmdahlSync } from './amdahl';
import type { FaultSpec, PrintEvent, RunSpec, StateEvent, TaskState, UnitMode } from './contract';
import { GilLock } from './gil';
import { hashChain } from './work';

/** What a unit's runtime provides to the programs. */
export interface TaskEnv {
  /** ms since the run's origin, on the shared monotonic clock. */
  now(): number;
  emit(event: Omit<StateEvent, 'runId'> | Omit<PrintEvent, 'runId'>): void;
  /** A real sleep: the thread waits on a timer. */
  sleep(ms: number): Promise<void>;
  /** Ends this thread or process with a code (a real non-zero exit for the 'exit' fault). */
  exit(code: number): never;
  itersPerMs: number;
  gil: GilLock | null;
  switchIntervalMs: number;
  /** The amdahl workload's run-wide lock and barrier, when each task has a thread of its own. */
  amdahl?: AmdahlSync | null;
}

/** Work done between checks of the clock and the lock: about a quarter of a millisecond. */
const CHUNK_MS = 0.25;
/** A wake-up later than this counts as time spent ready-but-not-running (async loop busy). */
const LATE_WAKE_MS = 1;

export class InjectedFault extends Error {}

/** One task's view of its runtime: print, sleep and compute, with its state changes stamped. */
export class TaskContext {
  private heldSince = 0;
  private holding = false;
  private state: TaskState | null = null;
  /** When the task last did something (printed, computed, woke): its end is stamped from this. */
  lastAt = 0;
  sink = 0;

  constructor(
    readonly task: number,
    private readonly env: TaskEnv,
  ) {}

  setState(state: TaskState, detail?: string, t = this.env.now()): void {
    this.lastAt = Math.max(this.lastAt, t);
    if (state === this.state && detail === undefined) return;
    this.state = state;
    this.env.emit({ kind: 'state', t, task: this.task, state, ...(detail !== undefined ? { detail } : {}) });
  }

  /**
   * Takes the global lock (gil-threads only), showing the wait when it is contended. `since` is
   * when the task stopped holding it: the wait is drawn from then, not from when we got here.
   */
  take(since = this.env.now()): void {
    const gil = this.env.gil;
    if (!gil) return;
    if (!gil.tryAcquire(this.task)) {
      this.setState('waiting', undefined, since);
      gil.acquire(this.task);
    }
    this.holding = true;
    this.heldSince = this.env.now();
    this.setState('running');
  }

  /**
   * Releases the lock if held and returns the time just before the release: stamping what
   * follows with it means a preempted thread never seems to run after the next holder began.
   */
  drop(): number {
    const t = this.env.now();
    if (this.holding) {
      this.holding = false;
      this.env.gil?.release();
    }
    return t;
  }

  begin(): void {
    if (this.env.gil) this.take();
    else this.setState('running');
  }

  print(text: string): void {
    // Writing to stdout releases CPython's GIL around the system call; so does ours.
    const t = this.drop();
    this.lastAt = t;
    this.env.emit({ kind: 'print', t, task: this.task, text });
    this.take(t);
  }

  async sleep(ms: number): Promise<void> {
    this.setState('sleeping', undefined, this.drop());
    const due = this.env.now() + ms;
    await this.env.sleep(ms);
    const woke = this.env.now();
    // On a busy event loop the timer fires late: that gap is time the task was ready, not asleep.
    if (woke - due > LATE_WAKE_MS) this.setState('ready', undefined, due);
    if (this.env.gil) this.take(woke);
    else this.setState('running', undefined, woke);
  }

  /** Does `ms` milliseconds' worth of calibrated work, yielding the lock every switch interval. */
  compute(ms: number): void {
    const total = Math.round(ms * this.env.itersPerMs);
    const chunk = Math.max(1, Math.round(CHUNK_MS * this.env.itersPerMs));
    const gil = this.env.gil;
    for (let done = 0; done < total; done += chunk) {
      this.sink ^= hashChain(Math.min(chunk, total - done), done + this.task + 1);
      if (gil && this.env.now() - this.heldSince >= this.env.switchIntervalMs && gil.waiters() > 0) {
        // CPython's forced switch: the holder drops the lock and queues behind the waiters.
        const t = this.env.now();
        gil.release();
        this.setState('waiting', undefined, t);
        gil.acquire(this.task);
        this.heldSince = this.env.now();
        this.setState('running');
      }
    }
    this.lastAt = this.env.now();
  }

  /**
   * Computes a step's serial share (amdahl workload): once every thread has finished its
   * parallel share, one thread at a time, holding the run's lock; then waits until every serial
   * share is done. Without shared state one thread runs all the tasks: nobody to take turns with.
   */
  computeSerial(ms: number): void {
    const sync = this.env.amdahl;
    if (!sync) return this.compute(ms);
    this.meet(sync);
    if (!sync.lock.tryAcquire(this.task)) this.block(() => sync.lock.acquire(this.task));
    try {
      this.compute(ms);
    } finally {
      sync.lock.release();
    }
    this.meet(sync);
  }

  /** Waits at the run's barrier for every task still running. */
  private meet(sync: AmdahlSync): void {
    const generation = sync.barrier.arrive();
    if (generation !== null) this.block(() => sync.barrier.wait(generation));
  }

  /**
   * Blocks on the run's lock or barrier, drawn as waiting. The GIL is dropped first, as CPython
   * drops it to block on a lock: the thread we wait for may need it to get here.
   */
  private block(wait: () => void): void {
    this.setState('waiting', undefined, this.drop());
    wait();
    if (this.env.gil) this.take();
    else this.setState('running');
  }

  /** The task takes no further part in the run's turns: the others stop waiting for it. */
  leave(): void {
    this.env.amdahl?.barrier.leave(this.task);
  }

  fail(fault: FaultSpec, step: number): never {
    this.lastAt = this.env.now();
    if (fault.kind === 'exit') {
      this.drop();
      this.leave();
      return this.env.exit(1);
    }
    throw new InjectedFault(`task ${this.task + 1} raised an error at step ${step} (injected fault)`);
  }
}

/** The body of one task: the workload's steps, with the fault (if any) after its step. */
export async function runWorkload(ctx: TaskContext, spec: RunSpec): Promise<void> {
  const n = ctx.task + 1;
  const { steps, stepMs } = spec;
  for (let step = 1; step <= steps; step++) {
    switch (spec.workload) {
      case 'print-sleep':
        ctx.print(String(step));
        await ctx.sleep(stepMs);
        break;
      case 'cpu':
        ctx.compute(stepMs);
        ctx.print(`task ${n}: step ${step}/${steps} computed`);
        break;
      case 'io':
        await ctx.sleep(stepMs);
        ctx.print(`task ${n}: reply ${step}/${steps} received`);
        break;
      case 'mixed':
        ctx.compute(stepMs);
        await ctx.sleep(stepMs);
        ctx.print(`task ${n}: step ${step}/${steps} done`);
        break;
      case 'amdahl':
        ctx.computeSerial(stepMs * AMDAHL_SERIAL_SHARE);
        ctx.compute(stepMs * (1 - AMDAHL_SERIAL_SHARE));
        ctx.print(`task ${n}: step ${step}/${steps} computed`);
        break;
    }
    if (spec.fault && spec.fault.task === n && spec.fault.atStep === step) ctx.fail(spec.fault, step);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/**
 * Runs one task from start to its terminal state; never throws. The end is stamped when the
 * task last acted, not when its promise settles: on a shared event loop a finished task's
 * continuation waits behind whatever runs next, and would otherwise seem to run on with it.
 */
export async function runTask(task: number, spec: RunSpec, env: TaskEnv): Promise<void> {
  const ctx = new TaskContext(task, env);
  try {
    ctx.begin();
    await runWorkload(ctx, spec);
    ctx.drop();
    ctx.setState('done', undefined, ctx.lastAt);
  } catch (error) {
    ctx.drop();
    ctx.setState('failed', errorText(error), ctx.lastAt);
  } finally {
    ctx.leave();
  }
}

/** Runs a unit's tasks: 'sequential' one after another, 'async' interleaved on this event loop. */
export async function runUnit(tasks: number[], mode: UnitMode, spec: RunSpec, env: TaskEnv): Promise<void> {
  // Tasks sharing one thread must never block it waiting for each other: that would be forever.
  if (mode !== 'single' && env.amdahl) env = { ...env, amdahl: null };
  if (mode === 'async') {
    await Promise.all(tasks.map((task) => runTask(task, spec, env)));
    return;
  }
  for (const task of tasks) await runTask(task, spec, env);
}
