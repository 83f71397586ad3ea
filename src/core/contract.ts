// The one contract for everything that crosses a process boundary: renderer <-> engine
// (Electron IPC or WebSocket) and engine <-> task workers/children. Runs anywhere.
// The preload, the IPC handlers, the WebSocket bridge and the renderer clients are derived
// from COMMANDS and the types below; nothing here is restated elsewhere.

import type { AmdahlBuffers } from './amdahl';
import type { Caption } from './captions';

export const WORKLOADS = ['print-sleep', 'cpu', 'io', 'mixed', 'amdahl'] as const;
export type WorkloadId = (typeof WORKLOADS)[number];

export const EXECUTORS = [
  'sequential',
  'async',
  'threads',
  'gil-threads',
  'processes',
  'python-threads',
  'python-processes',
] as const;
export type ExecutorId = (typeof EXECUTORS)[number];

/** Executors that run real CPython (where python3 exists). */
export const PYTHON_EXECUTORS: readonly ExecutorId[] = ['python-threads', 'python-processes'];

export const FAULTS = ['throw', 'exit'] as const;
export type FaultKind = (typeof FAULTS)[number];

/** Bounds of a run's parameters; every edge validates against these. */
export const LIMITS = {
  MIN_TASKS: 1,
  MAX_TASKS: 64,
  MIN_STEPS: 1,
  MAX_STEPS: 100,
  MIN_STEP_MS: 1,
  // A step longer than a minute is never useful in a lesson and makes Stop the only exit.
  MAX_STEP_MS: 60_000,
  /** Lanes drawn for a learner's own Python program when the request does not say. */
  DEFAULT_LEARNER_TASKS: 8,
  /**
   * Largest learner program (RunRequest.source), in UTF-8 bytes. 64 KiB is far more than a
   * lesson-sized program needs, and keeps a run request well inside one WebSocket message.
   */
  MAX_SOURCE_BYTES: 64 * 1024,
} as const;

/** A fault injected on purpose, to show what a crashing thread or process does to the others. */
export interface FaultSpec {
  kind: FaultKind;
  /** 1-based task number that fails. */
  task: number;
  /** 1-based step after which it fails. */
  atStep: number;
}

/** What the renderer or CLI asks for. A lesson supplies defaults; explicit fields override them. */
export interface RunRequest {
  lesson?: string;
  /** Run the lesson's own Python program as written (only lessons that have one). */
  python?: boolean;
  workload?: WorkloadId;
  executor?: ExecutorId;
  tasks?: number;
  steps?: number;
  stepMs?: number;
  fault?: FaultSpec | null;
  /**
   * The text of a learner's own Python program, run as `python3 program.py` (where python3
   * exists). Only `tasks` (the lanes drawn: the most threads/processes shown, default
   * LIMITS.DEFAULT_LEARNER_TASKS), `executor` (python-threads or python-processes, for the label
   * only) and `lesson` may go with it. At most LIMITS.MAX_SOURCE_BYTES UTF-8 bytes, no NUL.
   */
  source?: string;
}

/** A fully resolved run: what actually runs. */
export interface RunSpec {
  lesson: string | null;
  workload: WorkloadId;
  executor: ExecutorId;
  tasks: number;
  steps: number;
  stepMs: number;
  fault: FaultSpec | null;
  /** Printed by the main program after joining every task (the lessons' completion line). */
  joinMessage: string | null;
  /** The lesson's own Python program runs, as written (its main program prints the join line). */
  python?: boolean;
  /**
   * 'learner': the program is the learner's own (RunRequest.source), with `python: true`. Its
   * text is not in the spec (the spec travels in every run-start event); workload 'print-sleep',
   * steps 1 and stepMs 1000 are placeholders, as the program decides what it does. Only tasks
   * the program starts get events: lanes beyond them stay empty. Absent for every other run.
   */
  program?: 'learner';
}

export const TASK_STATES = ['ready', 'running', 'waiting', 'sleeping', 'done', 'failed', 'stopped'] as const;
export type TaskState = (typeof TASK_STATES)[number];
export const TERMINAL_STATES: readonly TaskState[] = ['done', 'failed', 'stopped'];

/** Task number used for lines the main program prints (after joining). */
export const MAIN_TASK = -1;

export type RunStatus = 'done' | 'failed' | 'stopped';

/** How tasks were placed on OS threads and processes. */
export type UnitKind = 'thread' | 'process';

/** How a unit runs its tasks: one task, several one after another, or interleaved on one loop. */
export type UnitMode = 'single' | 'sequential' | 'async';

export type CoreSource = 'proc-stat' | 'os-cpus';

// ---------------------------------------------------------------------------------------------
// Engine -> UI events. `t` is milliseconds since the run started, on one monotonic clock,
// stamped where the event happened (inside the worker or child), never in the renderer.

export interface RunStartEvent {
  kind: 'run-start';
  runId: number;
  spec: RunSpec;
  cores: number;
  /** Wall-clock time of t = 0 (epoch ms), for display only. */
  wallStart: number;
}

/** An OS thread or process was created to host tasks. */
export interface UnitEvent {
  kind: 'unit';
  runId: number;
  t: number;
  unit: number;
  unitKind: UnitKind;
  mode: UnitMode;
  tasks: number[];
  /** OS process id hosting the unit (the engine's own pid for threads). */
  pid: number;
}

export interface StateEvent {
  kind: 'state';
  runId: number;
  t: number;
  /** 0-based task index. */
  task: number;
  state: TaskState;
  /** Failure message, or why a task is in this state. */
  detail?: string;
  /**
   * Inferred, not observed: a CPython thread's wait placed from its CPU clock and the kernel's
   * run-queue time between two sightings at its calls (no hook reports the GIL changing hands).
   * Absent for what a task reported as it happened.
   */
  inferred?: true;
}

export interface PrintEvent {
  kind: 'print';
  runId: number;
  t: number;
  /** 0-based task index, or MAIN_TASK for the main program. */
  task: number;
  text: string;
}

/** The OS identity of the thread running a task, reported by the task itself. */
export interface TaskOsEvent {
  kind: 'task-os';
  runId: number;
  t: number;
  task: number;
  pid: number;
  /** Linux thread id, or null where the platform cannot tell. */
  tid: number | null;
}

export interface TaskCoreSample {
  task: number;
  /** Core the task's thread last ran on. */
  core: number;
  /** CPU time the task's thread used since the previous sample, ms. */
  cpuMs: number;
}

/** What a sample's `self` counts: the engine alone, or also the window / browser drawing it. */
export type SelfCovers = 'engine' | 'engine+window' | 'engine+browser';

export interface SampleEvent {
  kind: 'sample';
  /** null while no run is active: such samples move the meters but are not recorded. */
  runId: number | null;
  t: number;
  /** Busy percent per logical core, 0..100. */
  cores: number[];
  /** Stolen percent per core (time the hypervisor gave away), 0..100. */
  steal: number[];
  /** Cores' worth of CPU the app itself used (see selfCovers). */
  self: number;
  selfCovers: SelfCovers;
  tasks: TaskCoreSample[];
}

export interface RunEndEvent {
  kind: 'run-end';
  runId: number;
  t: number;
  status: RunStatus;
  /** Sum of the tasks' CPU time where measured, ms; null where it could not be measured. */
  cpuMs: number | null;
  /**
   * Why a real Python program failed when no lane carries it: its main code raised (e.g.
   * "SyntaxError: '(' was never closed (line 2 of program.py)"), it exited with an error code,
   * or a thread or process beyond the lanes failed. Present only with status 'failed'.
   */
  error?: string;
  /**
   * A learner's own program (spec.program 'learner') that ran to its end, not stopped: its exit
   * status as a shell reports it (0 to 255, or 128 + N when signal N ended it). Status 'failed'
   * may go with 0: a thread that raised fails its lane, and Python still exits 0.
   */
  exitStatus?: number;
}

export interface NoticeEvent {
  kind: 'notice';
  level: 'info' | 'error';
  text: string;
}

export type EngineEvent =
  RunStartEvent | UnitEvent | StateEvent | PrintEvent | TaskOsEvent | SampleEvent | RunEndEvent | NoticeEvent;

// ---------------------------------------------------------------------------------------------
// Commands: UI -> engine, request/response. Errors come back as values, never thrown across.

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

export interface CatalogEntry<Id extends string> {
  id: Id;
  title: string;
  blurb: string;
}

export interface LessonInfo {
  id: string;
  title: string;
  question: string;
  /** The lesson's first run, on this machine: what choosing the lesson sets the controls to. */
  request: Required<Pick<RunRequest, 'workload' | 'executor' | 'tasks' | 'steps' | 'stepMs'>>;
  /** Every run the lesson makes (one, or several compared on one clock), resolved for this machine. */
  runs: { id: string; label: string; request: RunRequest }[];
  /** The run whose wall time the others' speedups are measured against. */
  baseline: string | null;
  /** Shown before the runs, and after them: the first caption whose checks the measurements meet. */
  captions: { before: string; after: Caption[] };
  /** What the learner may predict before running. */
  predict: { question: string; run: string; metric: 'wall' | 'speedup' } | null;
  /** Whether the lesson has a real Python program (run with `python: true`). */
  hasPython: boolean;
  /** Runs left out because python3 is missing (their labels); empty where Python is there. */
  withoutPython: string[];
}

export interface PythonInfo {
  available: boolean;
  /** e.g. "3.11.7", or null when no python3 was found. */
  version: string | null;
  /** What to do to enable real Python runs, or how they are traced. */
  note: string;
}

export interface Hello {
  version: string;
  shell: 'electron' | 'web';
  platform: string;
  cores: number;
  coreSource: CoreSource;
  /** Whether the core each task ran on is measured (Linux) or unknown. */
  taskCoresMeasured: boolean;
  lessons: LessonInfo[];
  workloads: CatalogEntry<WorkloadId>[];
  executors: CatalogEntry<ExecutorId>[];
  defaults: Record<WorkloadId, { steps: number; stepMs: number }>;
  limits: typeof LIMITS;
  python: PythonInfo;
  /** Whether a run is in progress (a window opened mid-run catches up with `record`). */
  running: boolean;
  /** Who this window is: the engine answers 'operator'; the web server tells a viewer's page it is one. */
  role: Role;
  /** Set while a class follows along (`lanes web --share`); null otherwise. */
  share: ShareInfo | null;
}

/**
 * What a window may do. The operator (the presenter's own window) drives the engine; a viewer
 * (a learner following along, `lanes web --share`) sees every event and record but changes nothing.
 */
export type Role = 'operator' | 'viewer';

export interface ShareInfo {
  /** Whose runs the class follows, as a viewer's page names them ("Viewing Ada's runs"). */
  presenter: string;
  /** The viewers' address, secret included; given to the operator only (null in a viewer's hello). */
  viewerUrl: string | null;
  /** That address as a QR code (SVG text), made by the server; operator only. */
  qrSvg: string | null;
}

export interface RunAccepted {
  runId: number;
  spec: RunSpec;
}

export interface Stopped {
  /** False when nothing was running. */
  stopped: boolean;
}

/** The current (or last) run's record, for a view that joins late. */
export interface RecordSnapshot {
  events: EngineEvent[];
  truncated: boolean;
}

export interface Commands {
  hello: { request: null; response: Hello };
  run: { request: RunRequest; response: RunAccepted };
  stop: { request: null; response: Stopped };
  record: { request: null; response: RecordSnapshot | null };
}

export type CommandName = keyof Commands;

/** Every command, for deriving the preload API, IPC handlers and the WebSocket bridge. */
export const COMMANDS = {
  hello: true,
  run: true,
  stop: true,
  record: true,
} as const satisfies Record<CommandName, true>;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/**
 * The web shell's own commands (its WebSocket only; the desktop has openFile from 'launch').
 * launchTrace: the trace `lanes open FILE` serves, read and checked by the CLI before the server
 * started; handed to the first page that asks, then forgotten (null when there is none, or no more).
 * Its text goes through readTrace in the page, as an opened file's does.
 */
export interface WebCommands {
  launchTrace: { request: null; response: OpenedFile | null };
}
export type WebCommandName = keyof WebCommands;
export const WEB_COMMANDS = { launchTrace: true } as const satisfies Record<WebCommandName, true>;

/**
 * Whether a viewer may call each command: only those that change nothing in the engine. Every
 * new command must say, so none reaches a viewer by being forgotten.
 */
export const VIEWER_MAY_CALL = {
  hello: true,
  run: false,
  stop: false,
  record: true,
  // The file `lanes open` was given is the presenter's.
  launchTrace: false,
} as const satisfies Record<CommandName | WebCommandName, boolean>;

/** What the renderer calls; implemented by each transport. */
export type CommandApi = {
  [K in CommandName]: (
    ...args: Commands[K]['request'] extends null ? [] : [payload: Commands[K]['request']]
  ) => Promise<Result<Commands[K]['response']>>;
};

/** The renderer's one view of the engine, whatever the transport. */
export interface Client extends CommandApi {
  /** Subscribe to event batches (at most one per frame); returns an unsubscribe function. */
  onEvents(listener: (events: EngineEvent[]) => void): () => void;
  /** Transport closed or failed; the UI says so. */
  onClose(listener: (reason: CloseReason) => void): () => void;
}

/**
 * Why a transport closed: it `dropped` (it reconnects by itself), or the server is up but
 * `refused` this page (`lanes web` restarted with a new secret: only its new address lets it in).
 */
export type CloseReason = 'dropped' | 'refused';

// ---------------------------------------------------------------------------------------------
// The desktop shell only: native file dialogs (renderer -> main) and the application menu's
// actions (main -> renderer). The renderer never names a path: main shows the dialog, checks the
// file and reads or writes it. The web shell has none of this (its client answers "not available").

/** What a file is for: which dialog filters, name endings and data apply. */
export const FILE_PURPOSES = ['trace', 'picture', 'video'] as const;
export type FilePurpose = (typeof FILE_PURPOSES)[number];

/** The name endings a saved file may have, per purpose (the first is the default). */
export const FILE_ENDINGS: Readonly<Record<FilePurpose, readonly string[]>> = {
  trace: ['.lanes.json', '.json'],
  picture: ['.png', '.svg'],
  video: ['.webm', '.mp4'],
};

export const FILE_LIMITS = {
  /** Largest trace opened: checked on the file's size before a byte is read. */
  MAX_OPEN_BYTES: 200_000_000,
  /** Largest file saved; a screencast of a lesson is tens of MB, and IPC copies it once. */
  MAX_SAVE_BYTES: 500_000_000,
  /** Longest suggested file name, in characters (file systems allow 255 bytes). */
  MAX_NAME_CHARS: 120,
} as const;

export interface OpenFileRequest {
  purpose: 'trace';
  /** 'dialog' (default) asks the user; 'launch' reads the trace Lanes was started with. */
  from?: 'dialog' | 'launch';
}
export interface OpenedFile {
  /** The file's name, without its folder. */
  name: string;
  text: string;
}

export interface SaveFileRequest {
  purpose: FilePurpose;
  /** A bare file name ending as FILE_ENDINGS says; the user may change it in the dialog. */
  suggestedName: string;
  /** Text for a trace, bytes for a picture or a video. */
  data: string | Uint8Array;
}
export interface SavedFile {
  name: string;
  bytes: number;
}

/** Share with class from the page: start (on) or end sharing; the answer is what is shared now. */
export interface ShareClassRequest {
  on: boolean;
}

/**
 * Desktop commands; for the dialogs a null response means the user cancelled; for shareClass,
 * that nothing is shared.
 */
export interface DesktopCommands {
  openFile: { request: OpenFileRequest; response: OpenedFile | null };
  saveFile: { request: SaveFileRequest; response: SavedFile | null };
  shareClass: { request: ShareClassRequest; response: ShareInfo | null };
}
export type DesktopCommandName = keyof DesktopCommands;
export const DESKTOP_COMMANDS = { openFile: true, saveFile: true, shareClass: true } as const satisfies Record<
  DesktopCommandName,
  true
>;
export const DESKTOP_COMMAND_NAMES = Object.keys(DESKTOP_COMMANDS) as DesktopCommandName[];

export const THEMES = ['system', 'dark', 'light'] as const;
export type ThemeChoice = (typeof THEMES)[number];

/**
 * What the application menu (or the OS, for a launched trace) asks the page to do. Main sends
 * them on IPC_ACTIONS_CHANNEL; the page checks each with parseAppAction before acting.
 */
export type AppAction =
  | { kind: 'run' }
  | { kind: 'stop' }
  | { kind: 'lesson'; lesson: string }
  | { kind: 'open-trace' }
  | { kind: 'save-trace' }
  | { kind: 'export-picture' }
  | { kind: 'export-video' }
  | { kind: 'presentation'; on: boolean }
  | { kind: 'theme'; theme: ThemeChoice }
  | { kind: 'shortcuts' }
  /** Lanes was started with a trace file (command line or file manager): fetch it with openFile from 'launch'. */
  | { kind: 'trace-launched'; name: string }
  /** File › Share with class started (share) or ended (null) the viewers' server; the page shows its address. */
  | { kind: 'share'; share: ShareInfo | null };
export type AppActionKind = AppAction['kind'];

export type DesktopApi = {
  [K in DesktopCommandName]: (
    payload: DesktopCommands[K]['request'],
  ) => Promise<Result<DesktopCommands[K]['response']>>;
} & {
  /** Subscribe to the menu's actions; returns an unsubscribe function. */
  onAction(listener: (action: AppAction) => void): () => void;
};

/** What the Electron preload exposes on `window[PRELOAD_GLOBAL]`: the commands, the event feed, the desktop's own. */
export type PreloadApi = CommandApi & Pick<Client, 'onEvents'> & DesktopApi;
export const PRELOAD_GLOBAL = 'lanes';

/** IPC channel names; derived so the preload and main agree by construction. */
export const IPC_EVENTS_CHANNEL = 'lanes:events';
export const IPC_ACTIONS_CHANNEL = 'lanes:action';
export function ipcChannel(command: CommandName | DesktopCommandName): string {
  return `lanes:${command}`;
}

// ---------------------------------------------------------------------------------------------
// WebSocket wire format (web shell).

export interface WsCall {
  kind: 'call';
  id: number;
  command: CommandName | WebCommandName;
  payload: unknown;
}
export interface WsReply {
  kind: 'reply';
  /** The call's id; null when the message was too malformed to have one. */
  id: number | null;
  result: Result<unknown>;
}
export interface WsEvents {
  kind: 'events';
  events: EngineEvent[];
}
export type WsServerMessage = WsReply | WsEvents;

/**
 * Largest WebSocket message the server accepts. Most calls are a few hundred bytes; a run with a
 * learner's program carries up to MAX_SOURCE_BYTES of it, which JSON may escape to 6 bytes per
 * byte (a control character becomes \u001f), plus room for the rest of the call.
 */
export const MAX_WS_MESSAGE_BYTES = 6 * LIMITS.MAX_SOURCE_BYTES + 4 * 1024;

// ---------------------------------------------------------------------------------------------
// Engine <-> task unit (worker thread or child process).

/** Sent to a unit when it starts (workerData for threads, first message for processes). */
export interface UnitStart {
  kind: 'start';
  runId: number;
  /** process.hrtime.bigint() of t = 0, as a decimal string (bigint does not survive every channel). */
  originNs: string;
  unit: number;
  mode: UnitMode;
  tasks: number[];
  spec: RunSpec;
  /** Calibrated work rate of this machine, iterations per millisecond. */
  itersPerMs: number;
  /** The global lock's shared memory (gil-threads only). */
  gil: SharedArrayBuffer | null;
  switchIntervalMs: number;
  /** The amdahl workload's run-wide lock and barrier (threads and gil-threads only). */
  amdahl?: AmdahlBuffers | null;
}

/** What a unit posts back. Task events are stamped in the unit. */
export type UnitMessage = StateEvent | PrintEvent | TaskOsEvent | UnitFinished;

/** A unit's last message: its tasks ended; `cpuMs` is the CPU time its thread(s) used, where known. */
export interface UnitFinished {
  kind: 'finished';
  runId: number;
  unit: number;
  cpuMs: number | null;
}

/**
 * Sent as workerData to a thread that only measures this machine's work rate (the engine's
 * calibration, off its main thread); it answers with one Calibrated message and exits.
 */
export interface CalibrateStart {
  kind: 'calibrate';
}
export interface Calibrated {
  kind: 'calibrated';
  /** Iterations of the work kernel per millisecond of this thread's CPU time. */
  itersPerMs: number;
}
