// One run: starts the units its executor plans (worker threads or task processes), relays their
// stamped events, accounts for every unit until it has exited, and ends every task in a terminal
// state. For a Node run the engine is the main program, with a lane of its own: it starts the
// units, waits in join() until every task has ended, then prints the completion line. Runs in the
// engine (Electron main or the Node server/CLI); owned by the Session.

import type { Worker } from 'node:worker_threads';
import {
  MAIN_TASK,
  PYTHON_EXECUTORS,
  TERMINAL_STATES,
  type EngineEvent,
  type RunEndEvent,
  type RunSpec,
  type RunStatus,
  type TaskState,
  type UnitStart,
} from '../core/contract';
import { AmdahlSync, createAmdahlBuffers, type AmdahlBuffers } from '../core/amdahl';
import { describeExit } from '../core/exit-reason';
import { createGilBuffer, SWITCH_INTERVAL_MS } from '../core/gil';
import { planUnits, type UnitPlan } from '../core/plan';
import { parseUnitMessage } from '../core/validate';
import { msSince, nowNs } from './clock';
import { currentTid } from './os-thread';
import type { ProcessHost, TaskChild } from './hosts/process-host';
import { startThread } from './hosts/thread-host';
import { oomKills } from './oom-kills';
import { killedByOomKiller, processExitReason, ProcessStderr } from './process-exit';
import { PythonProgram, type RunPort } from './python/python-program';
import type { PythonEvent } from './python/python-records';

export interface RunDeps {
  threadEntry: string;
  processEntry: string;
  processHost: ProcessHost;
  itersPerMs: number;
  emit(event: EngineEvent): void;
  /** Real CPython runs: the interpreter, resources/python, and whether its output passes through. */
  python: { command: string; dir: string; stdio: 'pipe' | 'inherit' };
  /** The kernel's OOM kill count (default: oom-kills.ts; tests pass their own). */
  oomKills?: () => number | null;
}

/**
 * How long a task process may take to end after SIGTERM before it is SIGKILLed: a stopped
 * (SIGSTOP) one keeps SIGTERM pending (Node handles it), a stuck one may ignore it, and Stop must
 * end everything within 1 s. A running Node process ends at once on SIGTERM.
 */
const STOP_GRACE_MS = 300;

/**
 * How long Stop waits for a starting worker thread to finish loading its modules before it
 * terminates it anyway (loading takes ~20-150 ms here); well inside Stop's 1 s.
 */
const THREAD_LOAD_WAIT_MS = 750;

/** What the main program of a Node run waits for, in its lane's tooltip and the trace's `join` slice. */
export const JOIN_DETAIL = 'join(): waiting for every task to end';

interface LiveUnit {
  plan: UnitPlan;
  stop(): void;
  exited: boolean;
  cpuMs: number | null;
  error: string | null;
}

export class Run {
  readonly originNs = nowNs();
  readonly done: Promise<RunEndEvent>;
  private resolveDone!: (event: RunEndEvent) => void;
  private readonly states: (TaskState | null)[];
  /** The main program's lane (MAIN_TASK): the engine's for a Node run, the program's for Python. */
  private mainState: TaskState | null = null;
  private readonly units: LiveUnit[] = [];
  private plannedUnits = 0;
  /** The amdahl workload's lock and barrier, kept to free what a dead thread leaves behind. */
  private amdahl: AmdahlSync | null = null;
  private stopped = false;
  private ended = false;
  /** The run's real CPython program (Python executors only). */
  private program: PythonProgram | null = null;
  /** The kernel's OOM kills counted when the run started (null where Linux does not say). */
  private readonly oomKillsAtStart: number | null;

  constructor(
    readonly runId: number,
    readonly spec: RunSpec,
    private readonly deps: RunDeps,
    /** The learner's program text, for a spec with program 'learner' (kept out of the spec). */
    private readonly source: string | null = null,
  ) {
    this.states = Array.from({ length: spec.tasks }, () => null);
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.oomKillsAtStart = (deps.oomKills ?? oomKills)();
  }

  now(): number {
    return msSince(this.originNs);
  }

  get running(): boolean {
    return !this.ended;
  }

  start(): void {
    const plans = planUnits(this.spec.executor, this.spec.tasks);
    this.plannedUnits = plans.length;
    const gil = plans.some((plan) => plan.gil) ? createGilBuffer() : null;
    const amdahl = this.amdahlBuffers(plans);
    const python = PYTHON_EXECUTORS.includes(this.spec.executor);
    // The engine is the main program of a Node run: it runs while it starts the units. A Python
    // program's main thread is its own (its tracer reports it).
    if (!python) this.startMain();
    // A learner's program starts however many tasks it starts: its lanes fill as it does.
    if (this.spec.program !== 'learner') {
      for (let task = 0; task < this.spec.tasks; task++) this.setState(task, 'ready', this.now());
    }
    if (python) {
      // One interpreter starts every task itself, as the program is written.
      this.plannedUnits = 1;
      this.units.push(this.startPythonUnit(plans));
      return;
    }
    for (const plan of plans) {
      const start: UnitStart = {
        kind: 'start',
        runId: this.runId,
        originNs: this.originNs.toString(),
        unit: plan.unit,
        mode: plan.mode,
        tasks: plan.tasks,
        spec: this.spec,
        itersPerMs: this.deps.itersPerMs,
        gil: plan.gil ? gil : null,
        switchIntervalMs: SWITCH_INTERVAL_MS,
        amdahl,
      };
      this.units.push(plan.kind === 'thread' ? this.startThreadUnit(plan, start) : this.startProcessUnit(plan, start));
    }
    // Every unit is on its way: the main program waits for them all, as join() does.
    if (this.isOpen(MAIN_TASK)) this.setState(MAIN_TASK, 'waiting', this.now(), JOIN_DETAIL);
  }

  /** The main program's lane starts: the engine's own process and thread, running. */
  private startMain(): void {
    const t = this.now();
    this.setState(MAIN_TASK, 'running', t);
    this.deps.emit({ kind: 'task-os', runId: this.runId, t, task: MAIN_TASK, pid: process.pid, tid: currentTid() });
  }

  /**
   * The amdahl workload's shared memory, when its tasks each run on a thread of this process.
   * One thread running every task needs none; validation refuses the executors with processes.
   */
  private amdahlBuffers(plans: UnitPlan[]): AmdahlBuffers | null {
    if (this.spec.workload !== 'amdahl' || !plans.every((plan) => plan.kind === 'thread' && plan.mode === 'single')) {
      return null;
    }
    const buffers = createAmdahlBuffers(this.spec.tasks);
    this.amdahl = new AmdahlSync(buffers);
    return buffers;
  }

  /** Ends every unit now; unfinished tasks, and the main program, become 'stopped'. */
  stop(): void {
    if (this.ended || this.stopped) return;
    this.stopped = true;
    const t = this.now();
    for (const task of [MAIN_TASK, ...this.states.keys()]) {
      if (this.isOpen(task)) this.setState(task, 'stopped', t, 'stopped by user');
    }
    for (const unit of this.units) if (!unit.exited) unit.stop();
  }

  /** A lane's last state: a task's, or the main program's (MAIN_TASK); null before its first. */
  private stateOf(task: number): TaskState | null {
    return (task === MAIN_TASK ? this.mainState : this.states[task]) ?? null;
  }

  private isTerminal(task: number): boolean {
    const state = this.stateOf(task);
    return state !== null && TERMINAL_STATES.includes(state);
  }

  /** Started and not yet ended. A lane a learner's program never started stays empty. */
  private isOpen(task: number): boolean {
    return this.stateOf(task) !== null && !this.isTerminal(task);
  }

  /** Notes a lane's new state (relayed or set here). */
  private note(task: number, state: TaskState): void {
    if (task === MAIN_TASK) this.mainState = state;
    else if (task >= 0 && task < this.states.length) this.states[task] = state;
  }

  private setState(task: number, state: TaskState, t: number, detail?: string): void {
    this.note(task, state);
    this.deps.emit({ kind: 'state', runId: this.runId, t, task, state, ...(detail !== undefined ? { detail } : {}) });
  }

  private onUnitMessage(unit: LiveUnit, data: unknown, reap: () => void): void {
    const message = parseUnitMessage(data, this.runId, this.spec.tasks);
    if (!message) return;
    if (message.kind === 'finished') {
      unit.cpuMs = message.cpuMs;
      reap();
      return;
    }
    if (!unit.plan.tasks.includes(message.task)) return;
    // After Stop a unit may still be flushing; its tasks' states are already final.
    if (this.isTerminal(message.task)) return;
    if (message.kind === 'state') this.note(message.task, message.state);
    this.deps.emit(message);
  }

  private startThreadUnit(plan: UnitPlan, start: UnitStart): LiveUnit {
    const worker: Worker = startThread(this.deps.threadEntry, start);
    // Its first message comes once Node has loaded its modules. Terminated before, a worker can
    // leave a module file open in this process for good (Node 20: a file opened as the thread
    // ends is never closed), so Stop waits for it, at most THREAD_LOAD_WAIT_MS.
    let loaded = false;
    let stopping = false;
    const terminate = (): void => void worker.terminate();
    const unit: LiveUnit = {
      plan,
      exited: false,
      cpuMs: null,
      error: null,
      stop: () => {
        if (loaded) return terminate();
        stopping = true;
        setTimeout(terminate, THREAD_LOAD_WAIT_MS).unref();
      },
    };
    this.emitUnit(plan, process.pid);
    worker.on('message', (data) => {
      if (!loaded) {
        loaded = true;
        if (stopping) terminate();
      }
      this.onUnitMessage(unit, data, () => undefined);
    });
    worker.on('error', (error) => {
      // Its heap is capped (thread-host.ts): past the cap, Node ends the thread with this code.
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      unit.error = outOfMemory ? describeExit('thread', { code: 1, signal: null, outOfMemory }) : error.message;
    });
    worker.on('exit', (code) => this.onUnitExit(unit, code, 'thread'));
    return unit;
  }

  private startProcessUnit(plan: UnitPlan, start: UnitStart): LiveUnit {
    let child: TaskChild;
    try {
      child = this.deps.processHost.fork(this.deps.processEntry, [], {
        serviceName: `Lanes task ${plan.tasks.map((task) => task + 1).join(',')}`,
        stdio: 'pipe',
      });
    } catch (error) {
      const unit: LiveUnit = {
        plan,
        exited: false,
        cpuMs: null,
        error: `could not start a process: ${String(error)}`,
        stop: () => undefined,
      };
      queueMicrotask(() => this.onUnitExit(unit, 1, 'process'));
      return unit;
    }
    const stderr = new ProcessStderr(child.stderr);
    let killPending = false;
    // SIGTERM, then SIGKILL should the process not have ended after STOP_GRACE_MS.
    const end = (): void => {
      child.kill();
      setTimeout(() => {
        if (!unit.exited) child.forceKill();
      }, STOP_GRACE_MS).unref();
    };
    const unit: LiveUnit = {
      plan,
      exited: false,
      cpuMs: null,
      error: null,
      // kill() before 'spawn' does nothing in utilityProcess: remember it and kill on spawn.
      stop: () => {
        if (child.pid === undefined) killPending = true;
        else end();
      },
    };
    child.stdout?.resume();
    child.once('spawn', () => {
      if (killPending) {
        end();
        return;
      }
      this.emitUnit(plan, child.pid ?? 0);
      child.postMessage(start);
    });
    child.on('message', (data) => this.onUnitMessage(unit, data, end));
    child.once('exit', (code, how) => {
      void stderr.drained().then(() => {
        const oomKilled = killedByOomKiller(how, this.oomKillsAtStart, this.deps.oomKills ?? oomKills);
        unit.error = processExitReason(how, stderr, oomKilled);
        this.onUnitExit(unit, code, 'process');
      });
    });
    return unit;
  }

  /** One interpreter runs the program, which starts every task itself (python/python-program.ts). */
  private startPythonUnit(plans: UnitPlan[]): LiveUnit {
    const unit: LiveUnit = {
      plan: { ...plans[0]!, tasks: plans.flatMap((plan) => plan.tasks) },
      exited: false,
      cpuMs: null,
      error: null,
      stop: () => this.program?.stop(),
    };
    this.program = new PythonProgram(
      this.port(),
      { python: this.deps.python, source: this.source },
      plans,
      (code, reason) => {
        unit.error = reason;
        this.onUnitExit(unit, code, 'process');
      },
    );
    return unit;
  }

  /** What the run's Python program may do to it. */
  private port(): RunPort {
    const stopped = (): boolean => this.stopped;
    return {
      runId: this.runId,
      spec: this.spec,
      originNs: this.originNs,
      get stopped() {
        return stopped();
      },
      now: () => this.now(),
      relay: (event) => this.relay(event),
      emit: (event) => this.deps.emit(event),
      emitUnit: (plan, pid) => this.emitUnit(plan, pid),
      isOpen: (task) => this.isOpen(task),
      setState: (task, state, t, detail) => this.setState(task, state, t, detail),
    };
  }

  /** Passes on a lane's event from the Python program, unless that lane has already ended. */
  private relay(event: PythonEvent): void {
    // A lane's end is its last word; the main program's lines still print (the Console keeps them).
    if (this.isTerminal(event.task) && !(event.kind === 'print' && event.task === MAIN_TASK)) return;
    if (event.kind === 'state') this.note(event.task, event.state);
    this.deps.emit(event);
  }

  private emitUnit(plan: UnitPlan, pid: number): void {
    this.deps.emit({
      kind: 'unit',
      runId: this.runId,
      t: this.now(),
      unit: plan.unit,
      unitKind: plan.kind,
      mode: plan.mode,
      tasks: plan.tasks,
      pid,
    });
  }

  private onUnitExit(unit: LiveUnit, code: number, what: 'thread' | 'process'): void {
    if (unit.exited) return;
    unit.exited = true;
    // A thread that died mid-step must not keep the others waiting for it forever.
    for (const task of unit.plan.tasks) this.amdahl?.abandon(task);
    const t = this.now();
    for (const task of unit.plan.tasks) {
      if (!this.isOpen(task)) continue;
      const reason = unit.error ?? describeExit(what, { code, signal: null });
      this.setState(task, 'failed', t, reason);
    }
    if (this.units.length === this.plannedUnits && this.units.every((u) => u.exited)) {
      this.finish();
    }
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    const programError = this.program?.error ?? null;
    const failed = this.states.some((state) => state === 'failed') || programError !== null;
    const status: RunStatus = this.stopped ? 'stopped' : failed ? 'failed' : 'done';
    // Every unit has exited: the engine's join() returns, and it prints the completion line.
    const engineMain = this.program === null && this.isOpen(MAIN_TASK);
    if (engineMain) this.setState(MAIN_TASK, 'running', this.now());
    if (!this.stopped && this.spec.joinMessage) {
      this.deps.emit({ kind: 'print', runId: this.runId, t: this.now(), task: MAIN_TASK, text: this.spec.joinMessage });
    }
    if (engineMain) this.setState(MAIN_TASK, 'done', this.now());
    const cpu = this.units.map((unit) => unit.cpuMs);
    const cpuMs = cpu.every((value): value is number => value !== null)
      ? cpu.reduce((sum, value) => sum + value, 0)
      : null;
    const error = status === 'failed' && programError !== null ? { error: programError } : {};
    const exitStatus = this.program?.exitStatus ?? null;
    const exit = exitStatus !== null ? { exitStatus } : {};
    const end: RunEndEvent = { kind: 'run-end', runId: this.runId, t: this.now(), status, cpuMs, ...error, ...exit };
    this.deps.emit(end);
    this.resolveDone(end);
  }
}
