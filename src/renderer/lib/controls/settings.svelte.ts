// The controls' state: lesson, workload, executor, sizes and fault, as the user set them. The
// rules (what a lesson fills in, how numbers are checked) live in settings-model.ts.
// Runs in the renderer; Controls binds to it, the session reads the request from it.

import {
  LIMITS,
  type ExecutorId,
  type Hello,
  type Result,
  type RunRequest,
  type WorkloadId,
} from '../../../core/contract';
import {
  buildRequest,
  chooseExecutor,
  chooseLesson,
  chooseWorkload,
  fieldError,
  initialValues,
  type FaultChoice,
  type NumberField,
  type SettingsValues,
} from './settings-model';
import { DisplayPrefs } from './display.svelte';

/** Bounds used until hello answers: the contract's own (the engine reports the same in hello). */
const FALLBACK_LIMITS: Hello['limits'] = LIMITS;

export class Settings {
  /** How the page looks (theme, presentation type scale, screencast mode), remembered. */
  readonly display = new DisplayPrefs();
  values = $state.raw<SettingsValues>(initialValues(null));
  hello = $state.raw<Hello | null>(null);
  /** Bumped on every user change, so a stale refusal message can be cleared. */
  edits = $state(0);

  limits = $derived(this.hello?.limits ?? FALLBACK_LIMITS);
  errors = $derived({
    tasks: fieldError(this.values, 'tasks', this.limits),
    steps: fieldError(this.values, 'steps', this.limits),
    stepMs: fieldError(this.values, 'stepMs', this.limits),
  } satisfies Record<NumberField, string | null>);
  lesson = $derived(this.hello?.lessons.find((lesson) => lesson.id === this.values.lesson));

  private touched = false;

  /** The engine introduced itself: offer its lists; a fresh window starts on the first lesson. */
  init(hello: Hello): void {
    this.hello = hello;
    if (!this.touched) this.values = chooseLesson(initialValues(hello), hello.lessons[0]);
  }

  private set(values: SettingsValues): void {
    this.touched = true;
    this.values = values;
    this.edits++;
  }

  setLesson(id: string): void {
    this.set(
      chooseLesson(
        this.values,
        this.hello?.lessons.find((lesson) => lesson.id === id),
      ),
    );
  }

  setWorkload(workload: WorkloadId): void {
    if (!this.hello) return;
    this.set(chooseWorkload(this.values, workload, this.hello));
  }

  setExecutor(executor: ExecutorId): void {
    this.set(chooseExecutor(this.values, executor, this.hello ?? { lessons: [] }));
  }

  setNumber(field: NumberField, text: string): void {
    this.set({ ...this.values, [field]: text });
  }

  setFault(fault: FaultChoice): void {
    this.set({ ...this.values, fault });
  }

  request(): Result<RunRequest> {
    return buildRequest(this.values, this.limits);
  }
}
