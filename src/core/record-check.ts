// Checks a whole run record from outside (a trace file): one run-start, then that run's events,
// ending with its run-end, every field of the right type and within sane bounds. Returns clean
// copies (only the contract's fields), or one sentence saying what is wrong and where.
// Runs anywhere: the trace reader calls it on every record it hands out.

import { MAX_RECORD_EVENTS } from './record';
import {
  EXECUTORS,
  FAULTS,
  LIMITS,
  MAIN_TASK,
  TASK_STATES,
  WORKLOADS,
  type EngineEvent,
  type FaultSpec,
  type Result,
  type RunEndEvent,
  type RunSpec,
  type RunStartEvent,
  type SampleEvent,
  type SelfCovers,
  type TaskCoreSample,
  type UnitEvent,
} from './contract';
import { describe, err, ok, parseUnitMessage } from './validate';

/** Longest run a record may span: a lesson runs for seconds to minutes; a day is already absurd. */
export const MAX_RECORD_MS = 24 * 60 * 60 * 1000;
/**
 * Slack before t = 0: every event is stamped on one system-wide monotonic clock after the run's
 * origin, so a real record never needs it; a millisecond keeps rounding from refusing one.
 */
const CLOCK_SLACK_MS = 1;
/** Most logical cores a machine may report; today's largest servers have a few hundred. */
export const MAX_CORES = 4096;
/** Largest OS process or thread id (Linux's pid_max is at most 2^22; Windows' ids are 32-bit). */
const MAX_OS_ID = 2 ** 32;
/** Longest lesson id: the catalogue's are a word or two. */
const MAX_LESSON_CHARS = 100;

const SELF_COVERS: readonly SelfCovers[] = ['engine', 'engine+window', 'engine+browser'];
const UNIT_KINDS = ['thread', 'process'] as const;
const UNIT_MODES = ['single', 'sequential', 'async'] as const;
const RUN_STATUSES = ['done', 'failed', 'stopped'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function wholeIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function numberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}

/** A problem with one field, or null. */
type Problem = string | null;

function timeProblem(t: unknown): Problem {
  if (typeof t !== 'number' || !Number.isFinite(t)) return `its time is ${describe(t)}, not a number`;
  if (t < -CLOCK_SLACK_MS) return `its time is negative (${t} ms)`;
  if (t > MAX_RECORD_MS) return `its time (${Math.round(t / 3_600_000)} h) is past the 24 hours a record may span`;
  return null;
}

function checkFault(value: unknown, spec: { tasks: number; steps: number }): Result<FaultSpec | null> {
  if (value === null || value === undefined) return ok(null);
  if (!isRecord(value) || !oneOf(value.kind, FAULTS)) return err('its fault is not one Lanes injects');
  if (!wholeIn(value.task, 1, spec.tasks) || !wholeIn(value.atStep, 1, spec.steps)) {
    return err('its fault names a task or step the run does not have');
  }
  return ok({ kind: value.kind, task: value.task, atStep: value.atStep });
}

/** The run's spec, as the engine resolves it (lessons unknown to this version are kept as named). */
function checkSpec(value: unknown): Result<RunSpec> {
  if (!isRecord(value)) return err('it has no run spec');
  const { lesson, workload, executor, tasks, steps, stepMs, joinMessage, python, program } = value;
  if (lesson !== null && (typeof lesson !== 'string' || lesson.length === 0 || lesson.length > MAX_LESSON_CHARS))
    return err(`its lesson is ${describe(lesson)}`);
  if (!oneOf(workload, WORKLOADS)) return err(`its workload ${describe(workload)} is not one Lanes has`);
  if (!oneOf(executor, EXECUTORS)) return err(`its executor ${describe(executor)} is not one Lanes has`);
  if (!wholeIn(tasks, LIMITS.MIN_TASKS, LIMITS.MAX_TASKS))
    return err(`it has ${describe(tasks)} tasks (Lanes runs ${LIMITS.MIN_TASKS} to ${LIMITS.MAX_TASKS})`);
  if (!wholeIn(steps, LIMITS.MIN_STEPS, LIMITS.MAX_STEPS)) return err(`it has ${describe(steps)} steps`);
  if (!wholeIn(stepMs, LIMITS.MIN_STEP_MS, LIMITS.MAX_STEP_MS)) return err(`its step length is ${describe(stepMs)}`);
  if (joinMessage !== null && typeof joinMessage !== 'string') return err('its join message is not text');
  if (python !== undefined && typeof python !== 'boolean') return err('its python flag is not true or false');
  if (program !== undefined && program !== 'learner') return err(`its program is ${describe(program)}`);
  const fault = checkFault(value.fault, { tasks, steps });
  if (!fault.ok) return fault;
  return ok({
    lesson,
    workload,
    executor,
    tasks,
    steps,
    stepMs,
    fault: fault.value,
    joinMessage,
    ...(python !== undefined ? { python } : {}),
    ...(program !== undefined ? { program } : {}),
  });
}

function checkStart(value: unknown): Result<RunStartEvent> {
  if (!isRecord(value) || value.kind !== 'run-start') return err('it does not begin with the run’s start');
  if (!wholeIn(value.runId, 0, Number.MAX_SAFE_INTEGER)) return err(`its run id is ${describe(value.runId)}`);
  if (!wholeIn(value.cores, 1, MAX_CORES)) return err(`it says the machine had ${describe(value.cores)} cores`);
  // Epoch milliseconds; up to the year 9999 (what an ISO date can say).
  if (!numberIn(value.wallStart, 0, 253_402_300_799_999)) return err('its start date is not a date');
  const spec = checkSpec(value.spec);
  if (!spec.ok) return spec;
  return ok({
    kind: 'run-start',
    runId: value.runId,
    spec: spec.value,
    cores: value.cores,
    wallStart: value.wallStart,
  });
}

function checkUnit(value: Record<string, unknown>, runId: number, tasks: number): Result<UnitEvent> {
  const { unit, unitKind, mode, pid } = value;
  if (!wholeIn(unit, 0, LIMITS.MAX_TASKS)) return err(`its unit number is ${describe(unit)}`);
  if (!oneOf(unitKind, UNIT_KINDS) || !oneOf(mode, UNIT_MODES))
    return err('its unit is neither a thread nor a process');
  if (!wholeIn(pid, 0, MAX_OS_ID)) return err(`its process id is ${describe(pid)}`);
  if (!Array.isArray(value.tasks) || value.tasks.length > tasks || !value.tasks.every((t) => wholeIn(t, 0, tasks - 1)))
    return err('its unit hosts tasks the run does not have');
  return ok({ kind: 'unit', runId, t: value.t as number, unit, unitKind, mode, tasks: [...value.tasks], pid });
}

function checkPercents(value: unknown): value is number[] {
  return Array.isArray(value) && value.length <= MAX_CORES && value.every((percent) => numberIn(percent, 0, 100));
}

function checkSample(value: Record<string, unknown>, runId: number, tasks: number): Result<SampleEvent> {
  if (!checkPercents(value.cores) || !checkPercents(value.steal))
    return err('its CPU sample has a core busier than 100 % or less than 0 %');
  if (!numberIn(value.self, 0, MAX_CORES)) return err(`its CPU sample says Lanes used ${describe(value.self)} cores`);
  if (!oneOf(value.selfCovers, SELF_COVERS)) return err('its CPU sample does not say what Lanes’ own use covers');
  if (!Array.isArray(value.tasks) || value.tasks.length > LIMITS.MAX_TASKS)
    return err('its CPU sample’s tasks are not a list');
  const taskCores: TaskCoreSample[] = [];
  for (const entry of value.tasks as unknown[]) {
    if (!isRecord(entry) || !wholeIn(entry.task, 0, tasks - 1) || !wholeIn(entry.core, 0, MAX_CORES - 1))
      return err('its CPU sample names a task or core the run does not have');
    if (!numberIn(entry.cpuMs, 0, MAX_RECORD_MS)) return err(`its CPU sample has ${describe(entry.cpuMs)} ms of CPU`);
    taskCores.push({ task: entry.task, core: entry.core, cpuMs: entry.cpuMs });
  }
  return ok({
    kind: 'sample',
    runId,
    t: value.t as number,
    cores: [...value.cores],
    steal: [...value.steal],
    self: value.self,
    selfCovers: value.selfCovers,
    tasks: taskCores,
  });
}

function checkEnd(value: Record<string, unknown>, runId: number): Result<RunEndEvent> {
  const { status, cpuMs, error, exitStatus } = value;
  if (!oneOf(status, RUN_STATUSES)) return err(`its end status is ${describe(status)}`);
  if (cpuMs !== null && !numberIn(cpuMs, 0, MAX_CORES * MAX_RECORD_MS))
    return err(`its CPU time is ${describe(cpuMs)}`);
  if (error !== undefined && (typeof error !== 'string' || status !== 'failed'))
    return err('its error goes with a run that did not fail');
  if (exitStatus !== undefined && !wholeIn(exitStatus, 0, 255))
    return err(`its exit status is ${describe(exitStatus)}`);
  return ok({
    kind: 'run-end',
    runId,
    t: value.t as number,
    status,
    cpuMs,
    ...(error !== undefined ? { error } : {}),
    ...(exitStatus !== undefined ? { exitStatus } : {}),
  });
}

/** One event after the start: checked against the run it belongs to. */
function checkEvent(value: unknown, start: RunStartEvent): Result<EngineEvent> {
  if (!isRecord(value)) return err('it is not an event');
  const { runId } = start;
  const tasks = start.spec.tasks;
  if (value.runId !== runId) return err(`it belongs to another run (${describe(value.runId)}, not ${runId})`);
  const time = timeProblem(value.t);
  if (time) return err(time);
  switch (value.kind) {
    case 'unit':
      return checkUnit(value, runId, tasks);
    case 'sample':
      return checkSample(value, runId, tasks);
    case 'run-end':
      return checkEnd(value, runId);
    case 'print':
      // The main program's lines (MAIN_TASK) are printed by no task.
      if (value.task === MAIN_TASK && typeof value.text === 'string')
        return ok({ kind: 'print', runId, t: value.t as number, task: MAIN_TASK, text: value.text });
      break;
    case 'task-os':
      if (!wholeIn(value.pid, 0, MAX_OS_ID) || (value.tid !== null && !wholeIn(value.tid, 0, MAX_OS_ID)))
        return err('its thread’s process or thread id is not one');
      break;
    case 'state':
    case 'run-start':
      break;
    default:
      return err(
        value.kind === undefined ? 'it has no kind' : `its kind ${describe(value.kind)} is not one Lanes records`,
      );
  }
  if (value.kind === 'run-start') return err('it starts a second run');
  // The main program's lane (MAIN_TASK) has states and an OS thread too, as a task's lane has.
  const main = value.task === MAIN_TASK && (value.kind === 'state' || value.kind === 'task-os');
  if (!main && !wholeIn(value.task, 0, tasks - 1))
    return err(`its task ${describe(value.task)} is not one of the run's ${tasks}`);
  if (value.kind === 'state' && !oneOf(value.state, TASK_STATES))
    return err(`its state ${describe(value.state)} is not one Lanes draws`);
  if (value.kind === 'state' && value.inferred !== undefined && value.inferred !== true)
    return err('its inferred mark is neither there nor true');
  // The engine's own check of what a task sends (which is what task-os, state and print events are),
  // on the main lane as on task 0 of a one-task run.
  const parsed = parseUnitMessage(main ? { ...value, task: 0 } : value, runId, main ? 1 : tasks);
  if (parsed === null || parsed.kind === 'finished') return err(`its fields are not those of a ${value.kind} event`);
  const event = main ? { ...parsed, task: MAIN_TASK } : parsed;
  return ok(event.kind === 'state' && value.inferred === true ? { ...event, inferred: true } : event);
}

/**
 * Checks a record from outside: `events[0]` the run's start, the last its end, nothing of another
 * run between, at most MAX_RECORD_EVENTS events after the start (as the engine keeps). Returns
 * clean copies, or one sentence naming the first bad event (1-based, as a person counts).
 */
export function checkRecord(events: readonly unknown[]): Result<EngineEvent[]> {
  if (events.length < 2) return err('The record is empty: it has no run in it.');
  if (events.length > MAX_RECORD_EVENTS + 1)
    return err(`The record holds ${events.length} events; Lanes never records more than ${MAX_RECORD_EVENTS + 1}.`);
  const start = checkStart(events[0]);
  if (!start.ok) return err(`The record's first event is not a run's start: ${start.error}.`);
  const clean: EngineEvent[] = [start.value];
  for (let i = 1; i < events.length; i++) {
    const event = checkEvent(events[i], start.value);
    if (!event.ok) return err(`The record's event ${i + 1} is wrong: ${event.error}.`);
    const isEnd = event.value.kind === 'run-end';
    if (isEnd !== (i === events.length - 1)) {
      return err(
        isEnd
          ? `The record's event ${i + 1} ends the run, but ${events.length - i - 1} more follow it.`
          : 'The record does not end with the run’s end: it may be cut short.',
      );
    }
    clean.push(event.value);
  }
  return ok(clean);
}
