// A run's real CPython program: a lesson's own program, the workload program (resources/python)
// or a learner's own, started as one interpreter that starts every task itself, and its tracer's
// records turned into the run's events. Runs in the engine; the Run starts one for a Python
// executor and gives it a RunPort to report through.

import { join } from 'node:path';
import { MAIN_TASK, type EngineEvent, type RunSpec, type TaskState } from '../../core/contract';
import { describeExit } from '../../core/exit-reason';
import { findLesson } from '../../core/lessons';
import type { UnitPlan } from '../../core/plan';
import { removeLearnerProgram, writeLearnerProgram, type LearnerProgram } from './learner-program';
import { PythonRecordReader, type PythonEvent } from './python-records';
import { exitStatus, startPython, type PythonExit } from './python-unit';

/** The lessons' Python programs sleep a second a step; a shorter stepMs scales their sleeps. */
const LESSON_PROGRAM_STEP_MS = 1000;

/** What a Python program may do to its run. */
export interface RunPort {
  readonly runId: number;
  readonly spec: RunSpec;
  readonly originNs: bigint;
  /** Whether Stop was pressed. */
  readonly stopped: boolean;
  now(): number;
  /** Passes on an event of a lane, unless that lane has already ended (its end stays first). */
  relay(event: PythonEvent): void;
  emit(event: EngineEvent): void;
  emitUnit(plan: UnitPlan, pid: number): void;
  /** Started and not yet ended. */
  isOpen(task: number): boolean;
  setState(task: number, state: TaskState, t: number, detail?: string): void;
}

export interface PythonProgramDeps {
  /** The interpreter, resources/python, and whether the program's output passes through. */
  python: { command: string; dir: string; stdio: 'pipe' | 'inherit' };
  /** The learner's program text, for a spec with program 'learner'. */
  source: string | null;
}

export class PythonProgram {
  /** Why the program failed when no lane carries it (RunEndEvent.error). */
  error: string | null = null;
  /** A learner's program that ran to its end: its exit status (RunEndEvent.exitStatus). */
  exitStatus: number | null = null;
  private stopProcess: () => void = () => undefined;
  /** When the main program ran its last exit handler, as its tracer said (null: it never said). */
  private mainEndT: number | null = null;

  /**
   * Starts the program for `plans` (the lanes it may fill). `onExit` is called once, when the
   * interpreter has exited (or could not start): its exit code, and the reason to fail any lane
   * still open (null when it exited cleanly).
   */
  constructor(
    private readonly port: RunPort,
    private readonly deps: PythonProgramDeps,
    plans: UnitPlan[],
    onExit: (code: number, reason: string | null) => void,
  ) {
    this.start(plans, onExit);
  }

  stop(): void {
    this.stopProcess();
  }

  private start(plans: UnitPlan[], onExit: (code: number, reason: string | null) => void): void {
    const { port } = this;
    const { spec } = port;
    const all = plans.flatMap((plan) => plan.tasks);
    const learner = spec.program === 'learner';
    const lesson = spec.python && spec.lesson && !learner ? findLesson(spec.lesson) : undefined;
    let written: LearnerProgram | null = null;
    if (learner) {
      try {
        written = writeLearnerProgram(this.deps.source ?? '');
      } catch (error) {
        // Never started: it exits at once with the reason, failing the run.
        this.error = `could not write the program to a temporary folder: ${String(error)}`;
        queueMicrotask(() => onExit(1, this.error));
        return;
      }
    }
    const dir = this.deps.python.dir;
    const program = written
      ? written.file
      : lesson?.python
        ? join(dir, 'lessons', lesson.python.program)
        : join(dir, 'lanes_workload.py');
    const args =
      written || lesson?.python
        ? []
        : [
            ...[
              '--workload',
              spec.workload,
              '--executor',
              spec.executor === 'python-threads' ? 'threads' : 'processes',
            ],
            ...['--tasks', String(spec.tasks), '--steps', String(spec.steps), '--step-ms', String(spec.stepMs)],
            ...(spec.fault ? ['--fault', `${spec.fault.kind}:${spec.fault.task}:${spec.fault.atStep}`] : []),
          ];
    // What the program itself starts, as the tracer saw it: a learner's program may mix threads
    // and processes whatever its executor label says.
    const kinds = new Map<number, UnitPlan['kind']>();
    let overflowNoticed = false;
    const reader = new PythonRecordReader(
      port.runId,
      spec.tasks,
      (event) => {
        if (event.kind === 'task-os') {
          const plan = plans.find((p) => p.tasks.includes(event.task));
          const kind = kinds.get(event.task);
          if (plan) port.emitUnit(learner && kind ? { ...plan, kind } : plan, event.pid);
        }
        port.relay(event);
      },
      {
        started: (task, kind) => {
          kinds.set(task, kind);
          if (task < spec.tasks || overflowNoticed) return;
          overflowNoticed = true;
          const n = spec.tasks;
          port.emit({
            kind: 'notice',
            level: 'info',
            text: `The program started more than ${n} threads or processes; lanes show the first ${n}.`,
          });
        },
        mainFailed: (detail) => {
          this.error = detail;
        },
        mainEnded: (t) => {
          this.mainEndT = t;
        },
        unshownFailed: (task, detail) => {
          this.error ??= `${kinds.get(task) ?? 'task'} ${task + 1} (beyond the lanes) failed: ${detail}`;
        },
      },
    );
    const python = startPython(
      {
        command: this.deps.python.command,
        dir,
        program,
        args,
        ...(written ? { cwd: written.cwd } : {}),
        originNs: port.originNs,
        sleepScale: lesson?.python ? spec.stepMs / LESSON_PROGRAM_STEP_MS : 1,
        stdio: this.deps.python.stdio,
      },
      (record) => reader.read(record),
      (exit, stderrTail) => {
        // Gone before the run ends, so no caller waiting on the run finds it still there.
        if (written) removeLearnerProgram(written.dir);
        const lastLines = stderrTail.trim().split('\n').slice(-3).join(' ');
        const failed = exit.code !== 0;
        if (failed && !port.stopped) {
          // The tracer's line for a main-program error beats the stderr tail (absent when inherited).
          this.error ??= lastLines || describeExit('the program', exit);
        }
        if (learner && !port.stopped) this.exitStatus = exitStatus(exit);
        this.endUnseenTasks(all, kinds, exit);
        this.endMain(exit);
        onExit(exit.code ?? 1, failed ? (this.error ?? (lastLines || describeExit('python', exit))) : null);
      },
    );
    this.stopProcess = () => python.stop();
  }

  /**
   * The main program's lane ends with the interpreter: done when it exited cleanly, else failed
   * with why (an exception already failed it; Stop already stopped it).
   */
  private endMain(exit: PythonExit): void {
    if (!this.port.isOpen(MAIN_TASK)) return;
    const t = this.mainEndT ?? this.port.now();
    if (exit.code === 0) this.port.setState(MAIN_TASK, 'done', t);
    else this.port.setState(MAIN_TASK, 'failed', t, this.error ?? describeExit('the program', exit));
  }

  /**
   * Tasks of a Python program still open when it exited: the tracer never saw them end (the
   * program left with os._exit, or something outside it killed a process). Failed, saying so.
   */
  private endUnseenTasks(tasks: number[], kinds: Map<number, UnitPlan['kind']>, exit: PythonExit): void {
    if (this.port.stopped || exit.code !== 0) return; // a failed or stopped program's own reason follows
    const t = this.port.now();
    for (const task of tasks) {
      if (!this.port.isOpen(task)) continue;
      const kind = kinds.get(task) ?? 'task';
      this.port.setState(
        task,
        'failed',
        t,
        `the program exited while this ${kind} still ran, before it reported its end`,
      );
    }
  }
}
