// Builds the run record of a foreign trace (trace-foreign.ts gathered its threads, prints and
// counters): a task lane per thread (the first LIMITS.MAX_TASKS), units as the executor plans
// them, state changes from merged slices, prints, CPU samples, and the list of what the file
// cannot say. Runs anywhere.

import {
  EXECUTORS,
  LIMITS,
  MAIN_TASK,
  TERMINAL_STATES,
  WORKLOADS,
  type EngineEvent,
  type ExecutorId,
  type RunSpec,
  type RunStatus,
  type TaskState,
} from './contract';
import { planUnits } from './plan';
import { MAX_RECORD_EVENTS } from './record';
import { MAX_CORES } from './record-check';

/** A foreign trace as a run record, with what it lacks. */
export interface ForeignRecord {
  /** run-start … run-end, not yet checked (trace-read.ts runs checkRecord on it). */
  events: EngineEvent[];
  missing: string[];
  truncated: boolean;
  /** Per task lane, what the file calls its thread ("pid 12 · CrRendererMain"). */
  laneNames: string[];
}

const TERMINAL = new Set<TaskState>(TERMINAL_STATES);
/** Chrome's ts and dur are microseconds. */
export const US_PER_MS = 1000;

/** A span of a thread's time, in the file's microseconds, and the state it stands for. */
export interface Slice {
  start: number;
  end: number;
  state: TaskState;
}

/** One (pid, tid) of the file: its name, slices (B/E pairs still open in `open`), prints and end marks. */
export interface Thread {
  pid: number;
  tid: number;
  name: string | null;
  sortIndex: number | null;
  slices: Slice[];
  open: { ts: number; state: TaskState; index: number }[];
  prints: { ts: number; text: string }[];
  marks: { ts: number; state: TaskState; detail: string }[];
}

/** One CPU counter event: busy percent per core number. */
export interface Counter {
  ts: number;
  values: Map<number, number>;
}

/** What the file's metadata says of a Lanes run, when it is a Lanes trace without its record. */
function lanesSpec(metadata: Record<string, unknown> | null): Omit<RunSpec, 'tasks'> | null {
  if (!metadata) return null;
  const { workload, executor, steps, stepMs, lesson } = metadata;
  const whole = (value: unknown, min: number, max: number): value is number =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
  if (typeof workload !== 'string' || !(WORKLOADS as readonly string[]).includes(workload)) return null;
  if (typeof executor !== 'string' || !(EXECUTORS as readonly string[]).includes(executor)) return null;
  if (!whole(steps, LIMITS.MIN_STEPS, LIMITS.MAX_STEPS) || !whole(stepMs, LIMITS.MIN_STEP_MS, LIMITS.MAX_STEP_MS))
    return null;
  return {
    lesson: typeof lesson === 'string' && lesson.length > 0 && lesson.length <= 100 ? lesson : null,
    workload: workload as RunSpec['workload'],
    executor: executor as ExecutorId,
    steps,
    stepMs,
    fault: null,
    joinMessage: null,
    python: false,
  };
}

/** Cores the metadata names (Chrome's "num-cpus", Lanes' "cores"), or null. */
function metadataCores(metadata: Record<string, unknown> | null): number | null {
  const value = metadata?.['num-cpus'] ?? metadata?.cores;
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_CORES ? value : null;
}

/** The largest number of lanes running at one instant (at least 1); a nested slice is its thread's. */
function mostAtOnce(threads: readonly Thread[]): number {
  const edges: [number, number][] = [];
  for (const thread of threads) {
    const states = laneStates(thread);
    states.forEach((change, i) => {
      if (change.state === 'ready' || TERMINAL.has(change.state)) return;
      edges.push([change.ts, 1], [states[i + 1]?.ts ?? change.ts, -1]);
    });
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  let most = 1;
  for (const [, step] of edges) most = Math.max(most, (running += step));
  return most;
}

/** A lane's state changes: slices merged (a nested slice belongs to the one around it), gaps 'ready'. */
function laneStates(thread: Thread): { ts: number; state: TaskState; detail?: string }[] {
  const slices = thread.slices
    .filter((slice) => slice.end > slice.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const changes: { ts: number; state: TaskState; detail?: string }[] = [];
  let end = -Infinity;
  for (const slice of slices) {
    if (slice.start < end) {
      end = Math.max(end, slice.end);
      continue;
    }
    if (end !== -Infinity && slice.start > end) changes.push({ ts: end, state: 'ready' });
    changes.push({ ts: slice.start, state: slice.state });
    end = slice.end;
  }
  const mark = thread.marks.sort((a, b) => a.ts - b.ts)[0];
  if (mark)
    changes.push({ ts: Math.max(mark.ts, changes.at(-1)?.ts ?? mark.ts), state: mark.state, detail: mark.detail });
  else if (end !== -Infinity) changes.push({ ts: end, state: 'done' });
  return changes;
}

/** Everything trace-foreign.ts gathered from the file's events. */
export interface Gathered {
  threads: Map<string, Thread>;
  processSort: Map<number, number>;
  mainPrints: { ts: number; text: string }[];
  counters: Counter[];
  countersArePercents: boolean;
  first: number;
  last: number;
  metadata: Record<string, unknown> | null;
  unmatchedEnds: number;
  unended: number;
}

/** Puts the gathered threads, prints and counters together as a run record. */
export function assemble(gathered: Gathered): ForeignRecord {
  const { processSort, counters, first, last, metadata } = gathered;
  const missing: string[] = [];
  const lanesSaved = lanesSpec(metadata);
  const active = (t: Thread): boolean =>
    t.slices.some((slice) => slice.end > slice.start) || t.prints.length > 0 || t.marks.length > 0;
  const mainPrints = [...gathered.mainPrints];
  const candidates: Thread[] = [];
  for (const t of gathered.threads.values()) {
    const mainThread = t.name === 'main' && !t.slices.some((slice) => slice.end > slice.start) && t.marks.length === 0;
    if (mainThread) mainPrints.push(...t.prints);
    else if (active(t) || (lanesSaved !== null && /^task \d+$/.test(t.name ?? ''))) candidates.push(t);
  }
  // Lanes numbers its tasks' threads 1…N across processes; elsewhere processes group their threads.
  candidates.sort(
    lanesSaved
      ? (a, b) => a.tid - b.tid || a.pid - b.pid
      : (a, b) =>
          (processSort.get(a.pid) ?? 0) - (processSort.get(b.pid) ?? 0) ||
          a.pid - b.pid ||
          (a.sortIndex ?? 0) - (b.sortIndex ?? 0) ||
          a.tid - b.tid,
  );
  const lanes = candidates.slice(0, LIMITS.MAX_TASKS);
  if (candidates.length > lanes.length) {
    missing.push(`all its threads: it has ${candidates.length}; Lanes draws the first ${LIMITS.MAX_TASKS} as lanes.`);
  }
  const tasks = Math.max(1, lanes.length);
  const pids = new Set(lanes.map((lane) => lane.pid));
  const oneLanePerProcess = pids.size === lanes.length && pids.size > 1;
  const spec: RunSpec = lanesSaved
    ? { ...lanesSaved, tasks }
    : {
        // Placeholders, as for a learner's program: the file does not say what ran.
        lesson: null,
        workload: 'print-sleep',
        executor: oneLanePerProcess ? 'processes' : 'threads',
        tasks,
        steps: 1,
        stepMs: 1000,
        fault: null,
        joinMessage: null,
        python: false,
      };
  if (lanesSaved) missing.push('the exact record: it was saved by an older Lanes, so it is rebuilt from its slices.');
  else missing.push('what ran (lesson, workload, executor): it was not recorded by Lanes.');

  const ms = (ts: number): number => (ts - first) / US_PER_MS;
  const samplesUsable = counters.length > 0 && gathered.countersArePercents;
  let counterCores = 0;
  if (samplesUsable)
    for (const counter of counters)
      for (const core of counter.values.keys()) counterCores = Math.max(counterCores, core + 1);
  const namedCores = metadataCores(metadata);
  const cores = Math.min(MAX_CORES, Math.max(namedCores ?? 0, counterCores) || mostAtOnce(lanes));
  if (namedCores === null && counterCores === 0) {
    missing.push(`how many cores the machine had: taken as ${cores}, the most threads seen running at once.`);
  }
  const startedAt = typeof metadata?.startedAt === 'string' ? Date.parse(metadata.startedAt) : NaN;
  if (!Number.isFinite(startedAt)) missing.push('when it was recorded.');

  const runId = 1;
  const timed: { t: number; order: number; event: EngineEvent }[] = [];
  const push = (t: number, event: EngineEvent): void => void timed.push({ t, order: timed.length, event });
  // Loops, not Math.min(...list): a lane may hold more slices than a call takes arguments.
  const firstTime = (lane: Thread): number => {
    let earliest = last;
    for (const slice of lane.slices) earliest = Math.min(earliest, slice.start);
    for (const print of lane.prints) earliest = Math.min(earliest, print.ts);
    for (const mark of lane.marks) earliest = Math.min(earliest, mark.ts);
    return earliest;
  };
  for (const plan of planUnits(spec.executor, tasks)) {
    const hosts = plan.tasks.map((task) => lanes[task]).filter((lane): lane is Thread => lane !== undefined);
    if (hosts.length === 0) continue;
    const t = ms(hosts.map(firstTime).reduce((a, b) => Math.min(a, b)));
    push(t, {
      kind: 'unit',
      runId,
      t,
      unit: plan.unit,
      unitKind: plan.kind,
      mode: plan.mode,
      tasks: plan.tasks,
      pid: hosts[0]!.pid,
    });
  }
  let status: RunStatus = 'done';
  let anyPrint = mainPrints.length > 0;
  lanes.forEach((lane, task) => {
    const t0 = ms(firstTime(lane));
    push(t0, { kind: 'task-os', runId, t: t0, task, pid: lane.pid, tid: lane.tid });
    for (const change of laneStates(lane)) {
      const t = ms(change.ts);
      push(t, {
        kind: 'state',
        runId,
        t,
        task,
        state: change.state,
        ...(change.detail !== undefined ? { detail: change.detail } : {}),
      });
      if (change.state === 'failed') status = 'failed';
      else if (change.state === 'stopped' && status === 'done') status = 'stopped';
    }
    for (const print of lane.prints)
      push(ms(print.ts), { kind: 'print', runId, t: ms(print.ts), task, text: print.text });
    anyPrint ||= lane.prints.length > 0;
  });
  for (const print of mainPrints)
    push(ms(print.ts), { kind: 'print', runId, t: ms(print.ts), task: MAIN_TASK, text: print.text });
  if (!anyPrint) missing.push('printed output: the Console stays empty.');

  if (samplesUsable) {
    const latest = new Array<number>(cores).fill(0);
    for (const counter of [...counters].sort((a, b) => a.ts - b.ts)) {
      for (const [core, value] of counter.values) latest[core] = value;
      const t = ms(counter.ts);
      push(t, {
        kind: 'sample',
        runId,
        t,
        cores: [...latest],
        steal: new Array<number>(cores).fill(0),
        self: 0,
        selfCovers: 'engine',
        tasks: [],
      });
    }
    missing.push('which core each thread ran on: the core lanes stay empty.');
    missing.push('stolen time and what Lanes itself used: both shown as none.');
  } else {
    missing.push(
      counters.length > 0
        ? 'CPU samples: its CPU counters are not percentages of a core, so the meters and core lanes stay empty.'
        : 'CPU samples: the meters and core lanes stay empty.',
    );
  }
  if (lanes.length === 0) missing.push('thread activity: it has no slices to draw as lanes.');
  else if (!lanesSaved) missing.push('what each thread did between its slices: drawn as ready, a thin line.');
  if (gathered.unended > 0) missing.push(`the end of ${gathered.unended} slices: drawn to the end of the trace.`);
  if (gathered.unmatchedEnds > 0) missing.push(`the start of ${gathered.unmatchedEnds} slices: left out.`);
  missing.push('the CPU time the run used.');

  timed.sort((a, b) => a.t - b.t || a.order - b.order);
  let truncated = false;
  if (timed.length > MAX_RECORD_EVENTS - 1) {
    truncated = true;
    timed.length = MAX_RECORD_EVENTS - 1;
    missing.push(
      `its events past the first ${MAX_RECORD_EVENTS.toLocaleString('en')}, as Lanes keeps at most that many.`,
    );
  }
  const start: EngineEvent = {
    kind: 'run-start',
    runId,
    spec,
    cores,
    wallStart: Number.isFinite(startedAt) && startedAt >= 0 ? startedAt : 0,
  };
  const end: EngineEvent = { kind: 'run-end', runId, t: ms(last), status, cpuMs: null };
  return {
    events: [start, ...timed.map((entry) => entry.event), end],
    missing,
    truncated,
    laneNames: lanes.map((lane) => `pid ${lane.pid} · ${lane.name ?? `thread ${lane.tid}`}`),
  };
}
