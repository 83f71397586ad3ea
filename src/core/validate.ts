// Validation at every receiving edge: IPC handlers, the WebSocket bridge, the CLI and the
// engine reading its workers' messages all call these. Runs anywhere. Messages say what was
// wrong in words a learner can act on; nothing is coerced silently.

import { AMDAHL_EXECUTORS } from './amdahl';
import { WORKLOAD_DEFAULTS } from './catalog';
import { findLesson, LESSON_IDS, LESSONS, lessonRunRequest } from './lessons';
import {
  COMMANDS,
  EXECUTORS,
  FAULTS,
  LIMITS,
  MAX_WS_MESSAGE_BYTES,
  PYTHON_EXECUTORS,
  TASK_STATES,
  WEB_COMMANDS,
  WORKLOADS,
  type CommandName,
  type Commands,
  type ExecutorId,
  type FaultSpec,
  type Result,
  type RunRequest,
  type RunSpec,
  type UnitMessage,
  type WebCommandName,
  type WsCall,
} from './contract';

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(error: string): Result<T> {
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

/** A value from outside, named in a message: strings quoted and cut at 40 characters, others by kind. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function integerIn(name: string, value: unknown, min: number, max: number): string | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return `${name} must be a whole number from ${min} to ${max} (got ${describe(value)}).`;
  }
  return null;
}

const REQUEST_KEYS = new Set([
  'lesson',
  'python',
  'workload',
  'executor',
  'tasks',
  'steps',
  'stepMs',
  'fault',
  'source',
]);

function validateFault(value: unknown, tasks: number, steps: number): Result<FaultSpec | null> {
  if (value === undefined || value === null) return ok(null);
  if (!isRecord(value)) return err('fault must be an object like {"kind":"throw","task":1,"atStep":1}.');
  if (!oneOf(value.kind, FAULTS))
    return err(`fault.kind must be one of ${FAULTS.join(', ')} (got ${describe(value.kind)}).`);
  const problem = integerIn('fault.task', value.task, 1, tasks) ?? integerIn('fault.atStep', value.atStep, 1, steps);
  if (problem) return err(problem);
  return ok({ kind: value.kind, task: value.task as number, atStep: value.atStep as number });
}

/**
 * Fills a request's gaps: the lesson's first run (on a machine with `cores` cores), then the
 * workload's defaults. Assumes a validated request.
 */
function defaultsFor(
  request: RunRequest,
  cores: number,
): Required<Omit<RunRequest, 'lesson' | 'fault' | 'python' | 'source'>> {
  const lesson = request.lesson ? findLesson(request.lesson) : undefined;
  const first = lesson ? lessonRunRequest(lesson, lesson.runs[0]!, cores) : undefined;
  const workload = request.workload ?? first?.workload ?? 'print-sleep';
  const sameWorkload = first && first.workload === workload;
  const base = sameWorkload
    ? {
        tasks: first.tasks ?? 1,
        steps: first.steps ?? WORKLOAD_DEFAULTS[workload].steps,
        stepMs: first.stepMs ?? WORKLOAD_DEFAULTS[workload].stepMs,
      }
    : { ...WORKLOAD_DEFAULTS[workload], tasks: 1 };
  return {
    workload,
    executor: request.executor ?? first?.executor ?? 'threads',
    tasks: request.tasks ?? base.tasks,
    steps: request.steps ?? base.steps,
    stepMs: request.stepMs ?? base.stepMs,
  };
}

/** A checked run request: the spec that runs, and the learner's program text when there is one. */
export interface ResolvedRun {
  spec: RunSpec;
  /** RunRequest.source, checked; kept out of the spec, which every event and record carries. */
  source: string | null;
}

/** Checks a run request from outside and resolves it into what will run on `cores` cores. */
export function resolveRun(input: unknown, cores: number): Result<ResolvedRun> {
  if (!isRecord(input)) return err(`A run request must be an object (got ${describe(input)}).`);
  for (const key of Object.keys(input)) {
    if (!REQUEST_KEYS.has(key)) return err(`Unknown run parameter ${describe(key)}.`);
  }
  if (input.source !== undefined) return resolveLearnerProgram(input);
  const spec = resolveRunSpec(input, cores);
  return spec.ok ? ok({ spec: spec.value, source: null }) : spec;
}

/** Checks a run request from outside and resolves it into the spec that will run on `cores` cores. */
export function resolveRunRequest(input: unknown, cores: number): Result<RunSpec> {
  const resolved = resolveRun(input, cores);
  return resolved.ok ? ok(resolved.value.spec) : resolved;
}

/** A request without `source`, keys already checked. */
function resolveRunSpec(input: Record<string, unknown>, cores: number): Result<RunSpec> {
  const { lesson, workload, executor, tasks, steps, stepMs } = input;
  if (lesson !== undefined && (typeof lesson !== 'string' || !findLesson(lesson))) {
    return err(`Unknown lesson ${describe(lesson)}; lessons are: ${LESSON_IDS.join(', ')}.`);
  }
  if (workload !== undefined && !oneOf(workload, WORKLOADS)) {
    return err(`Unknown workload ${describe(workload)}; workloads are: ${WORKLOADS.join(', ')}.`);
  }
  if (executor !== undefined && !oneOf(executor, EXECUTORS)) {
    return err(`Unknown executor ${describe(executor)}; executors are: ${EXECUTORS.join(', ')}.`);
  }
  const problem =
    (tasks !== undefined ? integerIn('Tasks', tasks, LIMITS.MIN_TASKS, LIMITS.MAX_TASKS) : null) ??
    (steps !== undefined ? integerIn('Steps', steps, LIMITS.MIN_STEPS, LIMITS.MAX_STEPS) : null) ??
    (stepMs !== undefined ? integerIn('Step length (ms)', stepMs, LIMITS.MIN_STEP_MS, LIMITS.MAX_STEP_MS) : null);
  if (problem) return err(problem);
  if (input.python !== undefined && typeof input.python !== 'boolean') {
    return err(`python must be true or false (got ${describe(input.python)}).`);
  }
  if (input.python === true) return resolvePythonLesson(input, cores);
  const filled = defaultsFor(input, cores);
  if (filled.workload === 'amdahl' && !AMDAHL_EXECUTORS.includes(filled.executor)) {
    return err(amdahlRefusal(filled.executor));
  }
  const fault = validateFault(input.fault, filled.tasks, filled.steps);
  if (!fault.ok) return fault;
  const lessonData = typeof lesson === 'string' ? findLesson(lesson) : undefined;
  return ok({
    lesson: lessonData?.id ?? null,
    ...filled,
    fault: fault.value,
    joinMessage: lessonData?.joinMessage ?? null,
    python: false,
  });
}

/** Why the amdahl workload cannot run on `executor` (one of those outside AMDAHL_EXECUTORS). */
function amdahlRefusal(executor: ExecutorId): string {
  const why = PYTHON_EXECUTORS.includes(executor)
    ? 'Python runs in an interpreter of its own'
    : 'each process has memory of its own';
  return (
    'The amdahl workload needs tasks that share memory, to share one lock: ' +
    `choose sequential, async, threads or threads with a GIL (${executor}: ${why}).`
  );
}

/** A lesson's own Python program runs as written: only the pace of its sleeps may change. */
function resolvePythonLesson(input: Record<string, unknown>, cores: number): Result<RunSpec> {
  const lesson = typeof input.lesson === 'string' ? findLesson(input.lesson) : undefined;
  if (!lesson?.python) {
    const withPython = LESSONS.filter((l) => l.python).map((l) => l.id);
    return err(`python: true needs a lesson with a Python program: ${withPython.join(', ')}.`);
  }
  for (const key of ['workload', 'executor', 'tasks', 'steps', 'fault'] as const) {
    if (input[key] !== undefined && !(key === 'executor' && input[key] === lesson.python.executor)) {
      return err(`The ${lesson.id} lesson's Python program runs as written: ${key} cannot be changed (only stepMs).`);
    }
  }
  const program = defaultsFor({ lesson: lesson.id }, cores);
  return ok({
    lesson: lesson.id,
    ...program,
    executor: lesson.python.executor,
    stepMs: (input.stepMs as number | undefined) ?? program.stepMs,
    fault: null,
    // The program's own main prints its join line.
    joinMessage: null,
    python: true,
  });
}

/** UTF-8 length of a string, counting an unpaired surrogate as the 3 bytes of U+FFFD it is written as. */
function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Fields a learner's program decides for itself (what it runs, how long, what fails). */
const LEARNER_FIXED_KEYS = ['workload', 'steps', 'stepMs', 'fault'] as const;

/** Checks a learner's own Python program (RunRequest.source) and the few fields that go with it. */
function resolveLearnerProgram(input: Record<string, unknown>): Result<ResolvedRun> {
  const { source, lesson, executor, tasks } = input;
  if (typeof source !== 'string') return err(`source must be the program's text (got ${describe(source)}).`);
  if (source.trim() === '') return err('source is empty: write a Python program to run.');
  const bytes = utf8Bytes(source);
  if (bytes > LIMITS.MAX_SOURCE_BYTES) {
    return err(
      `source is too long: ${bytes} bytes of UTF-8, at most ${LIMITS.MAX_SOURCE_BYTES} (${LIMITS.MAX_SOURCE_BYTES / 1024} KiB).`,
    );
  }
  const nul = source.indexOf('\0');
  if (nul >= 0) {
    const line = source.slice(0, nul).split('\n').length;
    return err(`source has a NUL character (line ${line}); Python cannot run a program with one.`);
  }
  if (input.python !== undefined && input.python !== false) {
    return err("source cannot go with python: true (that runs a lesson's own program); send one or the other.");
  }
  for (const key of LEARNER_FIXED_KEYS) {
    if (input[key] !== undefined && !(key === 'fault' && input[key] === null)) {
      return err(
        `source cannot go with ${key}: your program decides what it runs (only tasks and executor may go with it).`,
      );
    }
  }
  if (executor !== undefined && !oneOf(executor, PYTHON_EXECUTORS)) {
    return err(`With source, executor must be ${PYTHON_EXECUTORS.join(' or ')} (got ${describe(executor)}).`);
  }
  if (lesson !== undefined && (typeof lesson !== 'string' || !findLesson(lesson))) {
    return err(`Unknown lesson ${describe(lesson)}; lessons are: ${LESSON_IDS.join(', ')}.`);
  }
  const problem = tasks !== undefined ? integerIn('Tasks', tasks, LIMITS.MIN_TASKS, LIMITS.MAX_TASKS) : null;
  if (problem) return err(problem);
  const spec: RunSpec = {
    lesson: typeof lesson === 'string' ? (findLesson(lesson)?.id ?? null) : null,
    // Placeholders: the program decides what it does and for how long (see RunSpec.program).
    workload: 'print-sleep',
    executor: executor ?? 'python-threads',
    tasks: (tasks as number | undefined) ?? LIMITS.DEFAULT_LEARNER_TASKS,
    steps: 1,
    stepMs: 1000,
    fault: null,
    joinMessage: null,
    python: true,
    program: 'learner',
  };
  return ok({ spec, source });
}

/** Checks a command's payload; commands without a payload accept null or undefined only. */
export function validatePayload<K extends CommandName>(command: K, payload: unknown): Result<Commands[K]['request']> {
  if (command === 'run')
    return isRecord(payload) ? ok(payload as Commands[K]['request']) : err('run needs a request object.');
  if (payload !== null && payload !== undefined) return err(`${command} takes no parameters.`);
  return ok(null);
}

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(COMMANDS, value);
}

/** Whether a name is one of the web shell's own commands (launchTrace). */
export function isWebCommandName(value: unknown): value is WebCommandName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(WEB_COMMANDS, value);
}

/** Parses one WebSocket text frame into a call. */
export function parseWsCall(raw: string): Result<WsCall> {
  if (raw.length > MAX_WS_MESSAGE_BYTES) return err('Message too large.');
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return err('Message is not valid JSON.');
  }
  if (!isRecord(data) || data.kind !== 'call') return err('Message must be {"kind":"call","id":…,"command":…}.');
  if (typeof data.id !== 'number' || !Number.isSafeInteger(data.id) || data.id < 0) {
    return err('Message id must be a non-negative integer.');
  }
  if (!isCommandName(data.command) && !isWebCommandName(data.command))
    return err(`Unknown command ${describe(data.command)}.`);
  return ok({ kind: 'call', id: data.id, command: data.command, payload: data.payload ?? null });
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Checks a message from a task unit before it reaches the record (a crashing child can send anything). */
export function parseUnitMessage(data: unknown, runId: number, taskCount: number): UnitMessage | null {
  if (!isRecord(data) || data.runId !== runId) return null;
  const taskOk = (task: unknown): boolean =>
    Number.isInteger(task) && (task as number) >= 0 && (task as number) < taskCount;
  switch (data.kind) {
    case 'finished':
      if (!Number.isInteger(data.unit)) return null;
      if (data.cpuMs !== null && !(finite(data.cpuMs) && data.cpuMs >= 0)) return null;
      return { kind: 'finished', runId, unit: data.unit as number, cpuMs: data.cpuMs };
    case 'state':
      if (!taskOk(data.task) || !finite(data.t) || !oneOf(data.state, TASK_STATES)) return null;
      if (data.detail !== undefined && typeof data.detail !== 'string') return null;
      return {
        kind: 'state',
        runId,
        t: data.t,
        task: data.task as number,
        state: data.state,
        ...(typeof data.detail === 'string' ? { detail: data.detail } : {}),
      };
    case 'print':
      if (!taskOk(data.task) || !finite(data.t) || typeof data.text !== 'string') return null;
      return { kind: 'print', runId, t: data.t, task: data.task as number, text: data.text };
    case 'task-os':
      if (!taskOk(data.task) || !finite(data.t) || !Number.isInteger(data.pid)) return null;
      if (data.tid !== null && !Number.isInteger(data.tid)) return null;
      return {
        kind: 'task-os',
        runId,
        t: data.t,
        task: data.task as number,
        pid: data.pid as number,
        tid: data.tid as number | null,
      };
    default:
      return null;
  }
}
