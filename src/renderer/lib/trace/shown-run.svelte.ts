// Traces in and out of the page: Open trace (a picked or dropped file, the desktop's dialog, the
// trace Lanes was started with), read off the main thread with progress and a Cancel, then shown
// through the same path as a live run (the Session holds the engine's events back meanwhile);
// Save trace, the shown run as Chrome Trace Event JSON; and the opened run for Results and
// Compare. A file that cannot be opened gets one message (role alert) and changes nothing.
// Runs in the renderer; App creates one, the trace components and Compare read it.

import type { EngineEvent, Hello, OpenedFile, Result, RunEndEvent, RunStartEvent } from '../../../core/contract';
import type { RunSummary } from '../../../core/results';
import type { OpenedTrace } from '../../../core/trace-read';
import { traceSizeProblem } from '../../../core/trace-size';
import type { TraceMachine } from '../../../core/trace-replay';
import { runLabel, type LastRun, type LastRunSource } from '../compare/comparison.svelte';
import type { RunModel } from '../record/run-model';
import type { RunStore } from '../record/run.svelte';
import { endedSummary } from '../results/results-view';
import type { Desktop } from '../transport/desktop';
import type { Session } from '../transport/session.svelte';
import { downloadText } from './download';
import { compareLabel, NAME_CHARS, openFailure, shortName } from './opened-words';
import type { ReadJob, ReadOptions, ReadProgress } from './read-job';
import { LazyPart } from '../controls/lazy';
import type { RunSource } from './trace-save';

/** The reader and its worker: fetched at the first file opened. */
const READER = new LazyPart('the trace reader', () => import('./read-job'));

/**
 * Starts reading as read-job.ts does, fetching it first (with the reading worker it starts):
 * opening a file is never part of the first screen. Cancelled while it is fetched, it reads
 * nothing; a fetch that fails is the one message a bad file would get.
 */
function startReadLater(input: Blob | string, options: ReadOptions): ReadJob {
  let inner: ReadJob | null = null;
  let cancelled = false;
  const done = READER.want().then((state) => {
    if (cancelled) return null;
    if (state.kind === 'failed') return { ok: false as const, error: state.message };
    if (state.kind !== 'ready') return null;
    inner = state.value.startRead(input, options);
    return inner.done;
  });
  return {
    done,
    cancel: () => {
      cancelled = true;
      inner?.cancel();
    },
  };
}

/** A run opened from a trace file, as this window shows it. */
export interface OpenedRun {
  /** The file's name, as it was given (no folder). */
  name: string;
  source: 'lanes' | 'foreign';
  /** What the file does not say, one sentence each (another tool's trace). */
  missing: string[];
  savedBy: string | null;
  truncated: boolean;
  machine: TraceMachine | null;
  laneNames: string[] | null;
  start: RunStartEvent;
  end: RunEndEvent;
  /** The run's whole record, run-start … run-end (Save and Compare read it). */
  events: EngineEvent[];
  /** The n-th file opened in this window: what tells two opened runs apart. */
  serial: number;
}

/** Why Save trace cannot act now, in words; null when it can. */
export const SAVE_WHILE_LIVE = 'Save trace works once the run has ended: a trace holds a whole run.';
export const SAVE_NOTHING = 'Nothing to save yet: run something, or open a trace.';

export interface ShownRunDeps {
  session: Session;
  store: RunStore;
  desktop: Desktop;
  /** The web shell's launchTrace (the trace `lanes open FILE --web` hands over once); null elsewhere. */
  launchTrace: (() => Promise<Result<OpenedFile | null>>) | null;
  /** The reading worker's factory (tests and the bench may replace it). */
  reading?: Pick<ReadOptions, 'createWorker'>;
}

export class ShownRun implements LastRunSource {
  /** The last run opened from a file (kept while it is shown). */
  opened = $state.raw<OpenedRun | null>(null);
  /** A file being read: its name and how far the reading has got. */
  opening = $state.raw<{ name: string; progress: ReadProgress } | null>(null);
  /** The one message about a file that could not be opened (or a save that failed). */
  alert = $state<string | null>(null);
  /** What the last save did, or why Save could not act. */
  note = $state<string | null>(null);
  /** The opened run's summary for the Results panel (never part of the window's run history). */
  summary = $state.raw<{ start: RunStartEvent; summary: RunSummary } | null>(null);

  private readonly deps: ShownRunDeps;
  private job: ReadJob | null = null;
  private serial = 0;
  private launchAsked = false;
  /** Shows the browser's file picker (TraceFiles registers it). */
  private picker: (() => void) | null = null;
  private readonly openedStarts = new WeakSet<RunStartEvent>();

  constructor(deps: ShownRunDeps) {
    this.deps = deps;
  }

  /** The opened run on show; null while the window follows the engine's runs. */
  file = $derived.by(() => (this.deps.session.holding ? this.opened : null));

  /** Why Save trace cannot act now; null when it can. */
  saveBlocked = $derived.by((): string | null => {
    if (this.file) return null;
    const phase = this.deps.session.phase.kind;
    if (phase === 'starting' || phase === 'running') return SAVE_WHILE_LIVE;
    return this.deps.store.phase.kind === 'ended' ? null : SAVE_NOTHING;
  });

  /** Whether `start` is the start of a run opened from a file (not one the engine ran here). */
  isOpened(start: RunStartEvent | null): boolean {
    return start !== null && this.openedStarts.has(start);
  }

  /** The page's file picker, for Open trace in a browser; returns the unregister function. */
  setPicker(picker: () => void): () => void {
    this.picker = picker;
    return () => {
      if (this.picker === picker) this.picker = null;
    };
  }

  /** Open trace: the desktop's dialog, or the browser's file picker. */
  choose(): void {
    if (this.deps.desktop.available) void this.openDialog();
    else this.picker?.();
  }

  /** A picked or dropped file: its size is checked before a byte of it is read. */
  openFile(file: File): void {
    const tooLarge = traceSizeProblem(file.size);
    if (tooLarge) {
      this.refuse(file.name, tooLarge);
      return;
    }
    this.read(file.name, file);
  }

  /** A trace's text handed over whole (the desktop's dialog, a launched trace). */
  openText(name: string, text: string): void {
    this.read(name, text);
  }

  /** The desktop app's Open dialog. */
  async openDialog(): Promise<void> {
    const answer = await this.deps.desktop.openFile({ purpose: 'trace' });
    this.openAnswer(answer);
  }

  /** The desktop app was started with a trace (its menu says trace-launched). */
  async openLaunchedDesktop(): Promise<void> {
    this.openAnswer(await this.deps.desktop.openFile({ purpose: 'trace', from: 'launch' }));
  }

  /**
   * The browser version was started by `lanes open FILE --web`: the first page to ask gets the
   * trace. A viewer's page never asks (the file is the presenter's; the server refuses it anyway).
   */
  async openLaunchedWeb(hello: Hello): Promise<void> {
    const launchTrace = this.deps.launchTrace;
    if (this.launchAsked || !launchTrace || hello.role === 'viewer') return;
    this.launchAsked = true;
    const answer = await launchTrace();
    // No trace was launched (the usual case) or the server does not know the command: nothing to say.
    if (answer.ok && answer.value) this.openText(answer.value.name, answer.value.text);
  }

  private openAnswer(answer: Result<OpenedFile | null>): void {
    if (!answer.ok) {
      this.alert = answer.error;
      return;
    }
    if (answer.value) this.openText(answer.value.name, answer.value.text);
  }

  /** Stops reading the file being opened; what is shown stays. */
  cancelOpening(): void {
    this.job?.cancel();
    this.job = null;
    this.opening = null;
  }

  /** Back to the engine's runs (its last or current run replaces the opened one). */
  backToLive(): void {
    void this.deps.session.follow();
  }

  dismiss(): void {
    this.alert = null;
    this.note = null;
  }

  /** A drop that opens nothing (no file, or several): the one message, nothing else changes. */
  refuseDrop(error: string): void {
    this.note = null;
    this.alert = error;
  }

  private refuse(name: string, error: string): void {
    this.alert = openFailure(name, error);
  }

  private read(name: string, input: Blob | string): void {
    this.job?.cancel();
    this.alert = null;
    this.note = null;
    this.opening = { name, progress: { stage: 'reading', fraction: typeof input === 'string' ? null : 0 } };
    const job = startReadLater(input, {
      ...this.deps.reading,
      onProgress: (progress) => {
        if (this.job === job) this.opening = { name, progress };
      },
    });
    this.job = job;
    void job.done.then((outcome) => {
      if (this.job !== job) return;
      this.job = null;
      this.opening = null;
      if (outcome === null) return;
      if (outcome.ok) this.show(name, outcome.value);
      else this.refuse(name, outcome.error);
    });
  }

  private show(name: string, trace: OpenedTrace): void {
    const start = trace.events[0];
    const end = trace.events.at(-1);
    // readTrace promises run-start … run-end; a file that breaks the promise is refused, not shown.
    if (start?.kind !== 'run-start' || end?.kind !== 'run-end') {
      this.refuse(name, 'The trace holds no whole run.');
      return;
    }
    this.openedStarts.add(start);
    this.summary = null;
    this.opened = {
      name,
      source: trace.source,
      missing: trace.missing,
      savedBy: trace.savedBy,
      truncated: trace.truncated,
      machine: trace.machine,
      laneNames: trace.laneNames,
      start,
      end,
      events: trace.events,
      serial: ++this.serial,
    };
    this.deps.session.showOpened(
      { events: trace.events, truncated: trace.truncated },
      trace.source === 'foreign' ? trace.laneNames : null,
    );
  }

  /** The opened run has been shown: its summary for the Results panel (its own, never a baseline here). */
  summarize(model: RunModel, sampledCpuMs: number | null): void {
    const opened = this.opened;
    if (!opened || model.start !== opened.start || this.summary?.start === opened.start) return;
    const summary = endedSummary(model.start, model.end, sampledCpuMs);
    if (summary) this.summary = { start: opened.start, summary: { ...summary, id: `file-${opened.serial}` } };
  }

  /** The summary Results shows for `start`, when it is the opened run's. */
  summaryOf(start: RunStartEvent | null): RunSummary | null {
    const summary = this.summary;
    return summary && start !== null && summary.start === start ? summary.summary : null;
  }

  /** "+ Add last run": the opened run while one is shown, else the engine's last run. */
  async lastRun(): Promise<Result<LastRun | null>> {
    const file = this.file;
    if (file) {
      const label = compareLabel(
        file,
        runLabel(file.start.spec.executor, file.start.spec.tasks, this.deps.session.hello),
      );
      return { ok: true, value: { events: file.events, label, id: `file-${file.serial}` } };
    }
    const record = await this.deps.session.record();
    return record.ok ? { ok: true, value: record.value ? { events: record.value.events } : null } : record;
  }

  /** The shown run's record, ready to save: the opened file's, or the engine's for the run on screen. */
  private async recordToSave(): Promise<
    Result<{ events: readonly EngineEvent[]; truncated: boolean; source: RunSource; machine: TraceMachine | null }>
  > {
    const file = this.file;
    if (file)
      return {
        ok: true,
        value: { events: file.events, truncated: file.truncated, source: file.source, machine: file.machine },
      };
    const shown = this.deps.store.model.start;
    const record = await this.deps.session.record();
    if (!record.ok) return { ok: false, error: `The engine’s record could not be read: ${record.error}` };
    const events = record.value?.events ?? [];
    const start = events.find((event): event is RunStartEvent => event.kind === 'run-start');
    if (!start || !shown || start.runId !== shown.runId || start.wallStart !== shown.wallStart) {
      return { ok: false, error: 'The engine has moved on to another run since this one: it no longer holds it.' };
    }
    if (!events.some((event) => event.kind === 'run-end')) return { ok: false, error: SAVE_WHILE_LIVE };
    const hello = this.deps.session.hello;
    const machine = hello ? { coreSource: hello.coreSource, taskCoresMeasured: hello.taskCoresMeasured } : null;
    return { ok: true, value: { events, truncated: record.value?.truncated ?? false, source: 'engine', machine } };
  }

  /** Save trace: the shown run as Chrome Trace Event JSON, downloaded (browser) or through the save dialog (desktop). */
  async save(): Promise<void> {
    const blocked = this.saveBlocked;
    this.alert = null;
    if (blocked) {
      this.note = blocked;
      return;
    }
    this.note = null;
    const file = this.file;
    const record = await this.recordToSave();
    if (!record.ok) {
      this.alert = `Cannot save the trace: ${record.error.charAt(0).toLowerCase()}${record.error.slice(1)}`;
      return;
    }
    const start = record.value.events.find((event): event is RunStartEvent => event.kind === 'run-start')!;
    // The trace writer is fetched when a trace is first saved: the first screen never needs it.
    const { traceFileName, traceText } = await import('./trace-save');
    const name = traceFileName(start, file ? { name: file.name, source: file.source } : null);
    const text = traceText(record.value.events, {
      source: record.value.source,
      version: this.deps.session.hello?.version ?? 'unknown',
      truncated: record.value.truncated,
      machine: record.value.machine,
    });
    const desktop = this.deps.desktop;
    if (!desktop.available) {
      downloadText(name, text);
      this.note = `Downloaded ${shortName(name, NAME_CHARS)}.`;
      return;
    }
    const saved = await desktop.saveFile({ purpose: 'trace', suggestedName: name, data: text });
    if (!saved.ok) this.alert = `Cannot save the trace: ${saved.error.charAt(0).toLowerCase()}${saved.error.slice(1)}`;
    else if (saved.value) this.note = `Saved ${shortName(saved.value.name, NAME_CHARS)}.`;
  }
}
