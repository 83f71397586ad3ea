// The renderer's copy of one run's record: applies engine events (live batches or a late
// join's snapshot) into tracks per task (and one for the main program), console lines, units
// and the run's end.
// Runs in the renderer; plain TypeScript (no runes) so every rule here is unit-tested.
// run.svelte.ts wraps it and publishes what the components need once per frame.

import {
  MAIN_TASK,
  type EngineEvent,
  type NoticeEvent,
  type RecordSnapshot,
  type RunEndEvent,
  type RunSpec,
  type RunStartEvent,
  type SampleEvent,
  type TaskOsEvent,
  type UnitEvent,
} from '../../../core/contract';
import { ConsoleLog } from './console-log';
import { CoreTimeline } from './core-timeline';
import { TaskTrack, type TrackOf } from './task-track';

export type { ConsoleLine } from './console-log';

export interface Failure {
  task: number;
  t: number;
  detail: string;
}

/** What one application of events changed, so the store republishes only that. */
export interface Changes {
  /** A different run (or none) is now shown: everything is new. */
  run: boolean;
  lanes: boolean;
  console: boolean;
  units: boolean;
  /** The run's status changed (ended, failed task). */
  status: boolean;
  /** The newest sample, of any run or of none (meters move while idle). */
  samples: SampleEvent[];
  notices: NoticeEvent[];
}

export function noChanges(): Changes {
  return { run: false, lanes: false, console: false, units: false, status: false, samples: [], notices: [] };
}

/** A snapshot's tail longer than one engine batch (2,000 events) cannot overlap the live feed. */
const OVERLAP_WINDOW_EVENTS = 4_096;

function eventKey(event: EngineEvent): string {
  return JSON.stringify(event);
}

export class RunModel {
  start: RunStartEvent | null = null;
  units: UnitEvent[] = [];
  readonly taskOs = new Map<number, TaskOsEvent>();
  /** Core each task last ran on (from samples; Linux only). */
  readonly taskCores = new Map<number, number>();
  end: RunEndEvent | null = null;
  /** Every printed line of the run (the Console shows the newest; tooltips read any). */
  lines = new ConsoleLog();
  /** One track per task, by task number: what every count of tasks reads. */
  tracks: TaskTrack[] = [];
  /**
   * The main program's lane (task MAIN_TASK): starting the tasks, waiting for them in join(),
   * printing the completion line. Never one of `tracks`: it is not a task, and no count of
   * tasks, parallelism or CPU includes it.
   */
  main = new TaskTrack(MAIN_TASK);
  /** The run's CPU samples: which task's thread used which core, for the core lanes. */
  cores = new CoreTimeline();
  failures: Failure[] = [];
  /** Latest engine time seen in this run (ms since its start). */
  latestT = 0;
  /** Latest time of a state, print or end event (what the task lanes draw). */
  latestLaneT = 0;
  /** Bumped whenever anything the lanes draw was applied (a drawer compares it with its last). */
  revision = 0;
  /** The engine dropped events from this run's record (it was too long). */
  truncated = false;
  /** Bumped when history is replaced (new run, snapshot) rather than appended to. */
  epoch = 0;
  /** Keys of a snapshot's last events: the live feed may repeat them right after a join. */
  private overlap: Set<string> | null = null;

  get runId(): number | null {
    return this.start?.runId ?? null;
  }

  get spec(): RunSpec | null {
    return this.start?.spec ?? null;
  }

  get running(): boolean {
    return this.start !== null && this.end === null;
  }

  /** The track a lane draws: a task's, or the main program's for MAIN_TASK. */
  laneTrack = (task: number): TaskTrack | undefined => (task === MAIN_TASK ? this.main : this.tracks[task]);

  /**
   * Each lane's track as it stood at `t` (views sharing the columns, made once per lane): what
   * the lanes draw at the playhead. For one frame; the tracks grow under it.
   */
  tracksAt(t: number): TrackOf {
    const views = new Map<number, TaskTrack | undefined>();
    return (task) => {
      if (!views.has(task)) views.set(task, this.laneTrack(task)?.at(t));
      return views.get(task);
    };
  }

  /** Whether the run draws the main program's lane: it reported a state (older records did not). */
  get hasMainLane(): boolean {
    return this.main.count > 0;
  }

  /**
   * Replaces everything with a snapshot from `record` (a window joining late, or reconnecting);
   * null (the engine has no run, e.g. it restarted) leaves nothing on show.
   */
  load(snapshot: RecordSnapshot | null): Changes {
    this.clear(null);
    if (!snapshot) return { ...noChanges(), run: true, lanes: true, console: true, units: true, status: true };
    const changes = this.apply(snapshot.events);
    this.truncated = this.truncated || snapshot.truncated;
    const recorded = snapshot.events.filter((event) => 'runId' in event && event.runId !== null);
    this.overlap = new Set(recorded.slice(-OVERLAP_WINDOW_EVENTS).map(eventKey));
    changes.run = true;
    return changes;
  }

  apply(events: readonly EngineEvent[]): Changes {
    const changes = noChanges();
    for (const event of events) this.applyOne(event, changes);
    return changes;
  }

  private clear(start: RunStartEvent | null): void {
    this.start = start;
    this.units = [];
    this.taskOs.clear();
    this.taskCores.clear();
    this.end = null;
    this.lines = new ConsoleLog();
    this.cores = new CoreTimeline(start?.cores ?? 0);
    this.failures = [];
    this.latestT = 0;
    this.latestLaneT = 0;
    this.truncated = false;
    this.overlap = null;
    const log = this.lines;
    this.tracks = start ? Array.from({ length: start.spec.tasks }, (_, task) => new TaskTrack(task, log)) : [];
    this.main = new TaskTrack(MAIN_TASK, log);
    this.epoch++;
    this.revision++;
  }

  /** True when the event repeats the tail of the snapshot just loaded (drop it). */
  private repeated(event: EngineEvent): boolean {
    if (!this.overlap) return false;
    if (!('runId' in event) || event.runId === null) return false;
    if (event.runId === this.runId && this.overlap.has(eventKey(event))) return true;
    // The first event the snapshot did not hold ends the overlap: the feed is past it.
    this.overlap = null;
    return false;
  }

  private laneEvent(t: number): void {
    if (t > this.latestLaneT) this.latestLaneT = t;
    this.revision++;
  }

  private applyOne(event: EngineEvent, changes: Changes): void {
    if (event.kind === 'notice') {
      changes.notices.push(event);
      return;
    }
    if (this.repeated(event)) return;
    if (event.kind === 'run-start') {
      this.clear(event);
      changes.run = changes.lanes = changes.console = changes.units = changes.status = true;
      return;
    }
    if (event.kind === 'sample') changes.samples.push(event);
    // Events of a run this view never saw start cannot be placed; `record` will bring them.
    if (event.runId === null || event.runId !== this.runId) return;
    this.latestT = Math.max(this.latestT, event.t);
    switch (event.kind) {
      case 'unit':
        this.units = [...this.units.filter((unit) => unit.unit !== event.unit), event].sort((a, b) => a.unit - b.unit);
        changes.units = true;
        break;
      case 'task-os':
        this.taskOs.set(event.task, event);
        changes.units = true;
        break;
      case 'state': {
        const track = this.laneTrack(event.task);
        if (!track) return;
        // The main lane's first state adds a lane: the lanes are laid out again.
        if (track === this.main && track.count === 0) changes.units = true;
        track.addState(event);
        this.laneEvent(event.t);
        // The main program's own failure is the run's (run-end carries it), not a task's.
        if (event.state === 'failed' && track !== this.main) {
          this.failures = [...this.failures, { task: event.task, t: event.t, detail: event.detail ?? 'failed' }];
          changes.status = true;
        }
        changes.lanes = true;
        break;
      }
      case 'print': {
        const line = this.lines.push(event.task, event.t, event.text);
        this.laneTrack(event.task)?.addPrint(line);
        this.laneEvent(event.t);
        changes.console = true;
        changes.lanes = true;
        break;
      }
      case 'sample':
        for (const task of event.tasks) this.taskCores.set(task.task, task.core);
        this.cores.add(event);
        break;
      case 'run-end':
        this.end = event;
        this.laneEvent(event.t);
        changes.status = true;
        changes.lanes = true;
        break;
    }
  }
}
