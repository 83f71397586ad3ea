// Exports a run's record as a Chrome Trace Event Format file (JSON object form), which opens in
// Perfetto and in the app's replay. Layout and names follow docs/architecture.md, "Trace file"; the main
// program has a thread track of its own, `main`, with its wait for the tasks a `join` slice. The
// record itself rides in `metadata.lanes` (trace-replay.ts) so the app replays it exactly.
// Runs anywhere (the CLI writes it; the renderer will export it); trace-read.ts reads it back.

import {
  MAIN_TASK,
  PYTHON_EXECUTORS,
  type EngineEvent,
  type RunStartEvent,
  type TaskOsEvent,
  type TaskState,
} from './contract';
import { mainIntervals, taskIntervals, type StateInterval } from './intervals';
import { encodeRecord, type TraceMachine } from './trace-replay';

export interface TraceEvent {
  name: string;
  ph: 'X' | 'i' | 'C' | 'M';
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  s?: 't' | 'p' | 'g';
  cat?: string;
  args?: Record<string, unknown>;
}

export interface TraceFile {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ms';
  metadata: Record<string, unknown>;
}

/** Slice names per state; running and waiting use the names docs/architecture.md fixes. */
const SLICE_NAMES: Partial<Record<TaskState, string>> = {
  running: 'run',
  waiting: 'wait for lock',
  sleeping: 'sleep',
  ready: 'ready',
};

/**
 * Thread track of the main program inside its process: the engine's for a Node run (which also
 * carries the CPU counters), a Python program's main thread for a Python run.
 */
const MAIN_TID = 0;

/** The main program's slice for an interval: its wait for the tasks in join() is `join`. */
function mainSliceName(interval: StateInterval): string | null {
  if (interval.state === 'waiting') return interval.detail?.startsWith('join()') ? 'join' : 'wait';
  return SLICE_NAMES[interval.state] ?? null;
}

const us = (ms: number): number => Math.round(ms * 1000);

export interface TraceOptions {
  enginePid: number;
  version: string;
  /** The engine dropped events from this record (RunRecord.truncated). */
  truncated?: boolean;
  /** What the machine measured (Hello's coreSource, taskCoresMeasured), for the replay's meters. */
  machine?: TraceMachine;
}

/** The run in `events` (its run-start and that run's events) as a Chrome trace carrying its record. */
export function toTrace(events: readonly EngineEvent[], options: TraceOptions): TraceFile {
  const start = events.find((event): event is RunStartEvent => event.kind === 'run-start');
  if (!start) throw new Error('The record has no run-start event.');
  const { spec } = start;
  const taskPid: number[] = Array.from({ length: spec.tasks }, () => options.enginePid);
  const out: TraceEvent[] = [];
  const processes = new Map<number, string>([[options.enginePid, 'Lanes engine']]);
  // Where the main program ran: the engine, or a Python program's own process (as it said; an
  // older record did not say, and its join line is the engine's).
  const python = PYTHON_EXECUTORS.includes(spec.executor);
  const mainOs = events.find((event): event is TaskOsEvent => event.kind === 'task-os' && event.task === MAIN_TASK);
  const mainPid = (python ? mainOs?.pid : undefined) ?? options.enginePid;
  if (mainPid !== options.enginePid) processes.set(mainPid, 'python program');
  for (const event of events) {
    if (event.kind !== 'unit') continue;
    for (const task of event.tasks) taskPid[task] = event.pid;
    if (event.unitKind === 'process')
      processes.set(event.pid, `task process ${event.tasks.map((t) => t + 1).join(', ')}`);
  }
  for (const [pid, name] of processes) out.push({ name: 'process_name', ph: 'M', pid, tid: 0, ts: 0, args: { name } });
  out.push({ name: 'thread_name', ph: 'M', pid: mainPid, tid: MAIN_TID, ts: 0, args: { name: 'main' } });
  if (mainPid !== options.enginePid) {
    out.push({ name: 'thread_name', ph: 'M', pid: options.enginePid, tid: MAIN_TID, ts: 0, args: { name: 'engine' } });
  }
  for (const interval of mainIntervals(events)) {
    const name = mainSliceName(interval);
    const at = { pid: mainPid, tid: MAIN_TID, ts: us(interval.start) };
    const detail = interval.detail !== undefined ? { args: { detail: interval.detail } } : {};
    if (name && interval.end !== null) {
      out.push({ name, cat: 'main', ph: 'X', ...at, dur: us(interval.end - interval.start), ...detail });
    } else if (interval.state === 'failed' || interval.state === 'stopped') {
      out.push({ name: interval.state, cat: 'main', ph: 'i', s: 't', ...at, args: { detail: interval.detail ?? '' } });
    }
  }
  for (let task = 0; task < spec.tasks; task++) {
    out.push({
      name: 'thread_name',
      ph: 'M',
      pid: taskPid[task]!,
      tid: task + 1,
      ts: 0,
      args: { name: `task ${task + 1}` },
    });
  }
  taskIntervals(events, spec.tasks).forEach((intervals, task) => {
    for (const interval of intervals) {
      const pid = taskPid[task]!;
      const name = SLICE_NAMES[interval.state];
      if (name && interval.end !== null) {
        // Why (a wait's reason), and whether it was inferred rather than observed (a GIL wait).
        const args = {
          ...(interval.detail !== undefined ? { detail: interval.detail } : {}),
          ...(interval.inferred ? { inferred: true } : {}),
        };
        out.push({
          name,
          cat: 'task',
          ph: 'X',
          pid,
          tid: task + 1,
          ts: us(interval.start),
          dur: us(interval.end - interval.start),
          ...(Object.keys(args).length > 0 ? { args } : {}),
        });
      } else if (
        interval.state === 'failed' ||
        interval.state === 'stopped' ||
        // A 'done' that says how it came ("ended by the program: Process.terminate() …") too.
        (interval.state === 'done' && interval.detail !== undefined)
      ) {
        out.push({
          name: interval.state,
          cat: 'task',
          ph: 'i',
          s: 't',
          pid,
          tid: task + 1,
          ts: us(interval.start),
          args: { detail: interval.detail ?? '' },
        });
      }
    }
  });
  let wallMs = 0;
  for (const event of events) {
    if (event.kind === 'print') {
      const main = event.task === MAIN_TASK;
      out.push({
        name: 'print',
        cat: 'output',
        ph: 'i',
        s: 't',
        pid: main ? mainPid : taskPid[event.task]!,
        tid: main ? MAIN_TID : event.task + 1,
        ts: us(event.t),
        args: { text: event.text },
      });
    } else if (event.kind === 'sample' && event.runId === start.runId) {
      const args: Record<string, number> = {};
      event.cores.forEach((percent, core) => (args[`core ${core}`] = Math.round(percent * 10) / 10));
      out.push({ name: 'CPU', cat: 'cpu', ph: 'C', pid: options.enginePid, tid: MAIN_TID, ts: us(event.t), args });
    } else if (event.kind === 'run-end') {
      wallMs = event.t;
    }
  }
  return {
    traceEvents: out,
    displayTimeUnit: 'ms',
    metadata: {
      lesson: spec.lesson,
      workload: spec.workload,
      executor: spec.executor,
      tasks: spec.tasks,
      steps: spec.steps,
      stepMs: spec.stepMs,
      cores: start.cores,
      wallMs: Math.round(wallMs * 1000) / 1000,
      startedAt: new Date(start.wallStart).toISOString(),
      appVersion: options.version,
      lanes: encodeRecord(events, start, {
        ...(options.truncated !== undefined ? { truncated: options.truncated } : {}),
        ...(options.machine ? { machine: options.machine } : {}),
      }),
    },
  };
}
