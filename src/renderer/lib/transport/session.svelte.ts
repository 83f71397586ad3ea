// This window's conversation with the engine: introduce (hello), catch up with any run already
// recorded (record), run and stop; on a dropped connection, say so and catch up again once the
// transport reconnects. While an opened trace is shown the engine's events are held back
// (lib/trace/engine-hold.ts) until the window goes back to live, or runs something itself.
// Runs in the renderer; App creates one and passes it down.

import type {
  Client,
  EngineEvent,
  Hello,
  RecordSnapshot,
  Result,
  RunAccepted,
  RunRequest,
  ShareInfo,
} from '../../../core/contract';
import { SampleLog } from '../parallelism/parallelism-feed';
import { EngineHold, meterSamples, type EngineNews } from '../trace/engine-hold';
import type { RunStore } from '../record/run.svelte';
import type { Settings } from '../controls/settings.svelte';
import type { Connection, RunPhase } from '../controls/status';
import { cleanSnapshot, isHello } from './wire';

/** Pause between failed introductions (the transport already backs off its reconnects). */
const RETRY_HELLO_MS = 1_000;
/** Why a viewer's page asked the engine for nothing (a lesson or a program run answers with it). */
const VIEW_ONLY = 'This page follows the presenter’s runs: it cannot start or stop one.';

export class Session {
  connection = $state<Connection>('connecting');
  hello = $state.raw<Hello | null>(null);
  /** The first catch-up is done: what the window shows is the engine's current state. */
  ready = $state(false);
  /** Why the last Run or Stop was refused, in words; cleared by the next attempt or edit. */
  error = $state<string | null>(null);
  /** Run pressed and not yet answered, or answered with a run whose start has not arrived. */
  private awaiting = $state(false);
  private expectedRunId = $state<number | null>(null);
  /** Runs the user asked for with Run (not the ones the app asked for, like a baseline). */
  userRuns = $state(0);
  /** The ended run whose outcome is no longer news (the controls changed, or a run was refused, since). */
  private retiredRunId = $state<number | null>(null);
  /** The shown run's CPU samples, which the run store does not keep (the lesson chart needs them). */
  readonly samples = new SampleLog();
  /** An opened run is shown instead of the engine's (its events are held back meanwhile). */
  holding = $state(false);
  /** The newest run the engine started while an opened run was shown (null: none). */
  engineNews = $state.raw<EngineNews | null>(null);
  private readonly hold = new EngineHold();
  private returning: Promise<void> | null = null;
  private generation = 0;
  private readonly cleanups: (() => void)[] = [];
  private readonly client: Client;
  private readonly store: RunStore;
  private readonly settings: Settings;

  constructor(client: Client, store: RunStore, settings: Settings) {
    this.client = client;
    this.store = store;
    this.settings = settings;
  }

  /** The run phase as the controls see it: "starting" covers the gap before the run's first event. */
  phase = $derived.by((): RunPhase => {
    // Run ids only grow: a later run (from another window) also ends our wait.
    const runId = this.store.runId;
    const expected = this.expectedRunId;
    const starting = this.awaiting || (expected !== null && (runId === null || runId < expected));
    return starting ? { kind: 'starting' } : this.store.phase;
  });

  busy = $derived(this.phase.kind === 'starting' || this.phase.kind === 'running');
  /** A learner following the presenter (`lanes web --share`): sees every run, starts and stops none. */
  viewer = $derived(this.hello?.role === 'viewer');
  /** The desktop app's File › Share with class, while the class follows (main says so); null otherwise. */
  desktopShare = $state.raw<ShareInfo | null>(null);
  /** Who follows this window's runs: the desktop's share, or `lanes web --share`'s (from hello). */
  share = $derived(this.desktopShare ?? this.hello?.share ?? null);
  /** Run and Stop work only over a live connection, and never for a viewer; otherwise both wait (and say why). */
  canRun = $derived(this.connection === 'open' && !this.busy && !this.viewer);
  canStop = $derived(this.connection === 'open' && this.busy && !this.viewer);
  /** Whether the shown run's outcome is history: the status line then says idle, not how it ended. */
  outcomeRetired = $derived.by(() => this.retiredRunId !== null && this.retiredRunId === this.store.runId);

  start(): () => void {
    this.cleanups.push(this.client.onEvents(this.receive));
    this.cleanups.push(
      this.client.onClose((reason) => {
        this.connection = reason === 'refused' ? 'refused' : 'lost';
        // A restarted engine numbers its runs afresh: stop waiting for one from the old engine.
        this.expectedRunId = null;
        this.store.setConnected(false);
        void this.catchUp();
      }),
    );
    void this.catchUp();
    return () => {
      this.generation++;
      for (const cleanup of this.cleanups.splice(0)) cleanup();
    };
  }

  private readonly receive = (events: EngineEvent[]): void => {
    const route = this.hold.route(events);
    if (route === 'apply') {
      this.apply(events);
      return;
    }
    this.engineNews = this.hold.news;
    // The meters keep showing the machine now, while the opened run stays on show.
    const meters = route === 'drop' ? meterSamples(events) : [];
    if (meters.length > 0) this.store.receive(meters);
  };

  private apply(events: EngineEvent[]): void {
    this.store.receive(events);
    this.samples.receive(events);
  }

  private mirrorHold(): void {
    this.holding = this.hold.state !== 'live';
    this.engineNews = this.hold.news;
  }

  /**
   * Shows `snapshot` (an opened trace) instead of the engine's runs, which keep running and are
   * held back until follow(). `laneNames` name the lanes as the file does (a trace from another tool).
   */
  showOpened(snapshot: RecordSnapshot, laneNames: readonly string[] | null): void {
    this.hold.hold();
    this.returning = null;
    this.mirrorHold();
    this.samples.load(snapshot);
    this.store.receiveSnapshot(snapshot, undefined, laneNames);
  }

  /**
   * Back to the engine's runs: its record (the current or last run) replaces the opened one, and
   * what arrived meanwhile follows it. Resolves once the window is live again (at once if it is).
   */
  follow(): Promise<void> {
    if (this.hold.state === 'live') return Promise.resolve();
    this.returning ??= this.returnToLive();
    return this.returning;
  }

  private async returnToLive(): Promise<void> {
    const generation = this.hold.beginReturn();
    if (generation === null) return;
    const record = await this.client.record();
    const kept = this.hold.finishReturn(generation);
    // Another trace was opened meanwhile: it stays.
    if (kept === null) return;
    this.returning = null;
    this.mirrorHold();
    const snapshot = record.ok ? cleanSnapshot(record.value) : null;
    this.samples.load(snapshot);
    this.store.receiveSnapshot(snapshot);
    for (const events of kept) this.apply(events);
    // The engine could not be asked (the connection dropped): ask again once it is back.
    if (!record.ok) void this.catchUp();
  }

  /**
   * hello, then (when needed) record; the answers wait for the transport to (re)connect. A new
   * window catches up only with a run in progress (a finished one is history, not this window's);
   * after a dropped connection the engine's record always replaces what was shown, since the run
   * may have ended, or the engine restarted, meanwhile.
   */
  private async catchUp(): Promise<void> {
    const generation = ++this.generation;
    let running: boolean;
    for (;;) {
      const hello = await this.client.hello();
      if (generation !== this.generation) return;
      if (hello.ok && isHello(hello.value)) {
        this.hello = hello.value;
        this.settings.init(hello.value);
        this.store.setCores(hello.value.cores);
        running = hello.value.running;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_HELLO_MS));
      if (generation !== this.generation) return;
    }
    const opened = (): void => {
      if (generation !== this.generation) return;
      this.store.setConnected(true);
      this.connection = 'open';
      this.ready = true;
    };
    // A viewer catches up with the presenter's last run too: it is what the class is looking at.
    // An opened run stays on show: going back to live brings the engine's record.
    if ((!this.ready && !running && !this.viewer) || this.hold.state !== 'live') {
      this.store.whenApplied(opened);
      return;
    }
    const record = await this.client.record();
    if (generation !== this.generation) return;
    // The engine's record replaces whatever this window showed (it may have restarted meanwhile).
    // "Connected" is announced in the frame that shows the caught-up run, never before it.
    const snapshot = record.ok ? cleanSnapshot(record.value) : null;
    this.samples.load(record.ok ? snapshot : null);
    this.store.receiveSnapshot(record.ok ? snapshot : null, opened);
  }

  /** Run, as the controls stand. */
  async run(): Promise<void> {
    if (this.viewer || this.busy) return;
    if (this.connection !== 'open') {
      this.error = 'Not connected to the Lanes engine yet, so nothing was run.';
      return;
    }
    const request = this.settings.request();
    if (!request.ok) {
      // Refused here, without asking the engine: the controls say what to fix.
      this.error = request.error;
      this.retireOutcome();
      return;
    }
    this.userRuns++;
    await this.send(request.value);
  }

  /** Runs the learner's own Python program (the code panel), drawing at most `tasks` lanes. */
  async runSource(source: string, tasks: number): Promise<Result<RunAccepted>> {
    if (this.busy) return { ok: false, error: 'A run is already in progress.' };
    if (this.connection !== 'open') {
      this.error = 'Not connected to the Lanes engine yet, so nothing was run.';
      return { ok: false, error: this.error };
    }
    this.userRuns++;
    return this.send({ source, tasks });
  }

  /** A run the app asks for on the user's behalf (a sequential baseline); the controls stay as they are. */
  async runRequest(request: RunRequest): Promise<void> {
    if (this.busy || this.connection !== 'open') return;
    await this.send(request);
  }

  private async send(request: RunRequest): Promise<Result<RunAccepted>> {
    // The server refuses a viewer anyway; the page does not ask. Nothing goes in the status line,
    // which keeps showing the presenter's run (the header says the page is view only).
    if (this.viewer) return { ok: false, error: VIEW_ONLY };
    this.error = null;
    this.awaiting = true;
    try {
      // A run this window starts is what it wants to see: the opened run makes way for it.
      await this.follow();
      const result = await this.client.run(request);
      if (result.ok) this.expectedRunId = result.value.runId;
      else this.error = result.error;
      return result;
    } finally {
      this.awaiting = false;
    }
  }

  /**
   * Runs `request` for a lesson or a comparison and, once it has ended, returns the engine's
   * record of it (every event, whatever this window drew). Fails, saying why, if the engine
   * refuses the run, the connection drops, or another run replaces it.
   */
  async runToEnd(request: RunRequest): Promise<Result<RecordSnapshot>> {
    if (this.connection !== 'open') return { ok: false, error: 'Not connected to the Lanes engine.' };
    if (this.busy) return { ok: false, error: 'A run is already in progress.' };
    let runId: number | null = null;
    const ended: number[] = [];
    let finish: (outcome: 'ended' | 'lost') => void = () => {};
    const outcome = new Promise<'ended' | 'lost'>((resolve) => (finish = resolve));
    const offEvents = this.client.onEvents((events) => {
      for (const event of events) {
        if (event.kind !== 'run-end') continue;
        ended.push(event.runId);
        if (event.runId === runId) finish('ended');
      }
    });
    const offClose = this.client.onClose(() => finish('lost'));
    try {
      const accepted = await this.send(request);
      if (!accepted.ok) return accepted;
      runId = accepted.value.runId;
      if (ended.includes(runId)) finish('ended');
      if ((await outcome) === 'lost')
        return { ok: false, error: 'The connection to the engine dropped during the run.' };
      // The window shows the run ended (and the controls are free again) before the next step.
      await new Promise<void>((resolve) => this.store.whenApplied(resolve));
    } finally {
      offEvents();
      offClose();
    }
    const record = await this.client.record();
    if (!record.ok) return record;
    const snapshot = cleanSnapshot(record.value);
    const start = snapshot?.events.find((event) => event.kind === 'run-start');
    if (!snapshot || !start || start.kind !== 'run-start' || start.runId !== runId) {
      return { ok: false, error: 'Another run started before this one could be read back.' };
    }
    return { ok: true, value: snapshot };
  }

  /** The engine's record of the current or last run (null when there is none). */
  async record(): Promise<Result<RecordSnapshot | null>> {
    const record = await this.client.record();
    return record.ok ? { ok: true, value: cleanSnapshot(record.value) } : record;
  }

  async stop(): Promise<void> {
    if (!this.canStop) return;
    const result = await this.client.stop();
    if (!result.ok) this.error = result.error;
  }

  /** The user changed a control: an old refusal, or the last run's outcome, no longer describes the controls. */
  clearError(): void {
    this.error = null;
    this.retireOutcome();
  }

  private retireOutcome(): void {
    if (this.store.phase.kind === 'ended') this.retiredRunId = this.store.runId;
  }
}
