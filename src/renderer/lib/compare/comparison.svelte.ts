// The comparison this window is building: a lesson's runs made one after another, or finished
// runs the learner adds one by one; what they measured, the lesson's caption chosen from that,
// and the learner's prediction beside it. A prediction belongs to one lesson: choosing another
// lesson starts afresh. Runs in the renderer; App creates one and tells it the chosen lesson, the
// Compare view reads it and the L key starts the lesson through it. Pure rules: comparison.ts.

import type { EngineEvent, ExecutorId, Hello, LessonInfo, Result } from '../../../core/contract';
import type { ComparisonEntry, SpeedupSeries } from './comparison';
import { LazyPart } from '../controls/lazy';
import type { Session } from '../transport/session.svelte';

/** The comparison's rules, with the captions and measures behind them. */
type Rules = typeof import('./comparison');

/** Fetched with the first run a comparison makes or takes: the first screen never compares. */
const RULES = new LazyPart<Rules>('the comparison', () => import('./comparison'));

/** The id sweepLesson gives its lessons. */
const SWEEP_ID = 'sweep';

export type ComparisonPhase = 'idle' | 'running' | 'done' | 'stopped' | 'failed';

/** The finished run "+ Add last run" adds: its record, and for an opened file its own name and id. */
export interface LastRun {
  events: readonly EngineEvent[];
  label?: string;
  id?: string;
}

/** Where that run comes from: the engine's record, or the opened trace the window shows. */
export interface LastRunSource {
  lastRun(): Promise<Result<LastRun | null>>;
}

export class Comparison {
  /** Entries in the order they were made, speedups filled in against the baseline. */
  entries = $state.raw<ComparisonEntry[]>([]);
  /** The lesson whose runs these are; null for runs the learner added. */
  lesson = $state.raw<LessonInfo | null>(null);
  phase = $state<ComparisonPhase>('idle');
  /** While a lesson runs: which of its runs is being made. */
  progress = $state.raw<{ index: number; total: number; label: string } | null>(null);
  error = $state<string | null>(null);
  /** What the learner predicted before the lesson ran (seconds or a factor), if anything. */
  prediction = $state<number | null>(null);
  cores = $state(1);
  /** Finished sweeps' speedup curves: the next sweep (another executor) is drawn beside them. */
  series = $state.raw<SpeedupSeries[]>([]);
  /** The prediction as typed for the chosen lesson, before it runs (and after, beside the verdict). */
  predictionText = $state('');
  /** Run the chosen lesson's real CPython program instead of the Lanes workload. */
  realPython = $state(false);
  /** The lesson chosen in the controls ('' for none): what the draft above belongs to. */
  private chosenId = '';
  /** The rules, once a comparison has first needed them. */
  private rules = $state.raw<Rules | null>(null);

  /** The run speedups are measured against: the lesson's baseline, else a sequential entry, else the first. */
  baselineId = $derived(this.lesson ? this.lesson.baseline : (this.rules?.ownBaseline(this.entries) ?? null));

  caption = $derived(
    this.rules && this.lesson && this.phase === 'done'
      ? this.rules.lessonCaption(this.lesson, this.entries, this.cores)
      : null,
  );

  verdict = $derived(
    this.rules && this.lesson?.predict && this.prediction !== null && this.phase === 'done'
      ? this.rules.predictionVerdict(this.lesson.predict, this.prediction, this.entries)
      : null,
  );

  private generation = 0;

  /**
   * The controls' lesson changed: its question is asked afresh, and a comparison a lesson (or a
   * sweep) made is cleared, stopping its run if one is under way. Runs the learner added stay.
   */
  choose(lessonId: string, session: Pick<Session, 'stop'>): void {
    if (lessonId === this.chosenId) return;
    this.chosenId = lessonId;
    this.predictionText = '';
    this.realPython = false;
    if (this.lesson === null) return;
    if (this.phase === 'running') void session.stop();
    this.clear();
  }

  /** Starts the chosen lesson as the Compare view stands (prediction, real Python); false if it cannot run now. */
  startChosen(chosen: LessonInfo, session: Session, cores: number): boolean {
    if (!session.canRun || this.phase === 'running') return false;
    const lesson =
      this.realPython && chosen.hasPython
        ? { ...chosen, runs: chosen.runs.map((run) => ({ ...run, request: { ...run.request, python: true } })) }
        : chosen;
    void this.runLesson(lesson, session, cores, chosen.predict ? this.predictionText : null);
    return true;
  }

  /** The rules, fetched the first time; null (and the comparison failed, saying why) if they cannot be. */
  private async load(): Promise<Rules | null> {
    const state = await RULES.want();
    if (state.kind === 'ready') return (this.rules = state.value);
    if (state.kind === 'failed') this.fail(state.message);
    return null;
  }

  /**
   * Runs every run of `lesson` in turn; Stop (or a refusal) ends the lesson where it is.
   * `prediction` is the learner's as typed (null: the lesson asks for none).
   */
  async runLesson(lesson: LessonInfo, session: Session, cores: number, prediction: string | null): Promise<void> {
    const generation = ++this.generation;
    this.lesson = lesson;
    this.cores = cores;
    this.prediction = null;
    this.entries = [];
    this.error = null;
    this.phase = 'running';
    const rules = await this.load();
    if (!rules || generation !== this.generation) return;
    const { entryFromRecord, sweepSeries, withSeries, withSpeedups } = rules;
    this.prediction = prediction === null ? null : rules.parsePrediction(prediction);
    for (const [index, run] of lesson.runs.entries()) {
      this.progress = { index, total: lesson.runs.length, label: run.label };
      const record = await session.runToEnd(run.request);
      if (generation !== this.generation) return;
      const entry = record.ok ? entryFromRecord(record.value.events, run.label, run.id) : null;
      if (!entry) {
        this.fail(record.ok ? 'The engine’s record of the run was incomplete.' : record.error);
        return;
      }
      this.entries = withSpeedups([...this.entries, entry], lesson.baseline);
      if (entry.status !== 'done') {
        this.phase = entry.status === 'stopped' ? 'stopped' : 'failed';
        this.progress = null;
        if (entry.status === 'failed') this.error = `${run.label} failed, so the lesson cannot compare it.`;
        return;
      }
    }
    this.progress = null;
    this.phase = 'done';
    const swept = lesson.id === SWEEP_ID ? sweepSeries(this.entries, lesson.title) : null;
    if (swept) this.series = withSeries(this.series, swept);
  }

  /** Adds the last finished run (the engine's, or an opened trace shown) to a comparison of the learner's own. */
  async addLastRun(source: LastRunSource, hello: Hello | null): Promise<void> {
    const generation = ++this.generation;
    const [rules, record] = await Promise.all([this.load(), source.lastRun()]);
    if (!rules || generation !== this.generation) return;
    const { entryFromRecord, ownBaseline, withEntry, withSpeedups } = rules;
    const events = record.ok ? (record.value?.events ?? []) : [];
    const start = events.find((event) => event.kind === 'run-start');
    const label =
      record.ok && record.value?.label !== undefined
        ? record.value.label
        : start?.kind === 'run-start'
          ? runLabel(start.spec.executor, start.spec.tasks, hello)
          : '';
    const entry = entryFromRecord(events, label, record.ok ? record.value?.id : undefined);
    if (!entry) {
      this.error = record.ok ? 'There is no finished run to add yet.' : record.error;
      return;
    }
    if (this.lesson) {
      // A lesson's comparison is its own; the learner's runs start a new one.
      this.lesson = null;
      this.entries = [];
    }
    this.cores = hello?.cores ?? this.cores;
    this.error = null;
    this.phase = 'done';
    const entries = withEntry(this.entries, entry);
    this.entries = withSpeedups(entries, ownBaseline(entries));
  }

  clear(): void {
    this.generation++;
    this.entries = [];
    this.lesson = null;
    this.phase = 'idle';
    this.progress = null;
    this.error = null;
    this.prediction = null;
    this.series = [];
  }

  private fail(error: string): void {
    this.phase = 'failed';
    this.progress = null;
    this.error = error;
  }
}

/** "Threads · 4 tasks": how a learner's run is named in a comparison. */
export function runLabel(executor: ExecutorId, tasks: number, hello: Pick<Hello, 'executors'> | null): string {
  const title = hello?.executors.find((entry) => entry.id === executor)?.title ?? executor;
  return `${title} · ${tasks} ${tasks === 1 ? 'task' : 'tasks'}`;
}
