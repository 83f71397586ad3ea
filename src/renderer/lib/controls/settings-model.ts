// The controls' rules: what choosing a lesson or a workload fills in, how typed numbers are
// checked (in the engine's words), and the run request the controls stand for.
// Runs in the renderer; pure. settings.svelte.ts holds the reactive values.

import type { ExecutorId, FaultKind, Hello, LessonInfo, Result, RunRequest, WorkloadId } from '../../../core/contract';

export type FaultChoice = 'none' | FaultKind;

/** The Fault combobox's options, in order; the fault always hits task 1 after its first step. */
export const FAULT_CHOICES: readonly { id: FaultChoice; label: string }[] = [
  { id: 'none', label: 'none' },
  { id: 'throw', label: 'Task 1 throws' },
  { id: 'exit', label: "Task 1's thread or process exits" },
];

export interface SettingsValues {
  /** Lesson id, or '' for a custom run. */
  lesson: string;
  workload: WorkloadId;
  executor: ExecutorId;
  /** The spinbuttons' text as typed: checked, never coerced. */
  tasks: string;
  steps: string;
  stepMs: string;
  fault: FaultChoice;
}

export type NumberField = 'tasks' | 'steps' | 'stepMs';

/** Each spinbutton's accessible name, also the subject of its error message. */
export const FIELD_LABELS: Record<NumberField, string> = { tasks: 'Tasks', steps: 'Steps', stepMs: 'Step (ms)' };

export type Limits = Hello['limits'];

export function fieldBounds(field: NumberField, limits: Limits): { min: number; max: number } {
  switch (field) {
    case 'tasks':
      return { min: limits.MIN_TASKS, max: limits.MAX_TASKS };
    case 'steps':
      return { min: limits.MIN_STEPS, max: limits.MAX_STEPS };
    case 'stepMs':
      return { min: limits.MIN_STEP_MS, max: limits.MAX_STEP_MS };
  }
}

function shown(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return 'nothing';
  return trimmed.length > 20 ? `${trimmed.slice(0, 20)}…` : trimmed;
}

/** A whole number within bounds, or the reason it is not ("Tasks must be … (got 65)."). */
export function parseWhole(label: string, text: string, min: number, max: number): Result<number> {
  const trimmed = text.trim();
  const value = /^[+]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return { ok: false, error: `${label} must be a whole number from ${min} to ${max} (got ${shown(text)}).` };
  }
  return { ok: true, value };
}

/** A field's text after an arrow key: one more or less, kept within bounds; text that is no number starts at `min`. */
export function steppedText(text: string, delta: number, min: number, max: number): string {
  const trimmed = text.trim();
  const value = /^[+]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!Number.isSafeInteger(value)) return String(min);
  return String(Math.min(max, Math.max(min, value + delta)));
}

/** A field's number for assistive technology (aria-valuenow), or null while its text is not a whole number. */
export function fieldNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^[+]?\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : null;
}

export function fieldError(values: SettingsValues, field: NumberField, limits: Limits): string | null {
  const { min, max } = fieldBounds(field, limits);
  const parsed = parseWhole(FIELD_LABELS[field], values[field], min, max);
  return parsed.ok ? null : parsed.error;
}

/** The request the controls stand for, or the first thing wrong with them. */
export function buildRequest(values: SettingsValues, limits: Limits): Result<RunRequest> {
  const numbers: Partial<Record<NumberField, number>> = {};
  for (const field of ['tasks', 'steps', 'stepMs'] as const) {
    const { min, max } = fieldBounds(field, limits);
    const parsed = parseWhole(FIELD_LABELS[field], values[field], min, max);
    if (!parsed.ok) return parsed;
    numbers[field] = parsed.value;
  }
  const request: RunRequest = {
    workload: values.workload,
    executor: values.executor,
    tasks: numbers.tasks!,
    steps: numbers.steps!,
    stepMs: numbers.stepMs!,
    fault: values.fault === 'none' ? null : { kind: values.fault, task: 1, atStep: 1 },
  };
  if (values.lesson) request.lesson = values.lesson;
  return { ok: true, value: request };
}

/** Choosing a lesson sets every control to the lesson's run; '' (custom) changes nothing else. */
export function chooseLesson(values: SettingsValues, lesson: LessonInfo | undefined): SettingsValues {
  if (!lesson) return { ...values, lesson: '' };
  const { workload, executor, tasks, steps, stepMs } = lesson.request;
  return {
    ...values,
    lesson: lesson.id,
    workload,
    executor,
    tasks: String(tasks),
    steps: String(steps),
    stepMs: String(stepMs),
  };
}

/** A new workload brings its own steps and step length; leaving the lesson's makes the run custom. */
export function chooseWorkload(
  values: SettingsValues,
  workload: WorkloadId,
  hello: Pick<Hello, 'defaults' | 'lessons'>,
): SettingsValues {
  const defaults = hello.defaults[workload];
  const lesson = hello.lessons.find((entry) => entry.id === values.lesson);
  return {
    ...values,
    workload,
    steps: String(defaults.steps),
    stepMs: String(defaults.stepMs),
    lesson: lesson && lesson.request.workload === workload ? lesson.id : '',
  };
}

export function chooseExecutor(
  values: SettingsValues,
  executor: ExecutorId,
  hello: Pick<Hello, 'lessons'>,
): SettingsValues {
  const lesson = hello.lessons.find((entry) => entry.id === values.lesson);
  return { ...values, executor, lesson: lesson && lesson.request.executor === executor ? lesson.id : '' };
}

/** What the controls show before `hello` answers, and after it for a fresh window. */
export function initialValues(hello: Pick<Hello, 'defaults'> | null): SettingsValues {
  const defaults = hello?.defaults['print-sleep'] ?? { steps: 10, stepMs: 1000 };
  return {
    lesson: '',
    workload: 'print-sleep',
    executor: 'threads',
    tasks: '1',
    steps: String(defaults.steps),
    stepMs: String(defaults.stepMs),
    fault: 'none',
  };
}
