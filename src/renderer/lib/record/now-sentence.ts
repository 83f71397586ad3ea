// The "Now" line: one plain sentence saying what the record shows at time t — each task's state,
// which cores ran them (where the sampler measured it), whether that was parallel, and what Lanes
// itself cost. It claims only what the numbers show: inferred states say so, a core that was not
// measured is said to be unknown. Runs in the renderer; pure, so the status region, a screen
// reader and a video's subtitles all read the same words from the same record.

import type { TaskState } from '../../../core/contract';
import { coreTasksAt, endedAt, meterPointAt, type RecordLike } from './record-at';

/** What a task is doing, as the sentence says it (singular, plural). */
const DOING: Record<TaskState, [string, string]> = {
  ready: ['is ready, waiting for its turn', 'are ready, waiting for their turn'],
  running: ['is running', 'are running'],
  waiting: ['is waiting', 'are waiting'],
  sleeping: ['is sleeping', 'are sleeping'],
  done: ['has finished', 'have finished'],
  failed: ['has failed', 'have failed'],
  stopped: ['was stopped', 'were stopped'],
};

/** A state as counted when a sentence naming every task would be too long ("5 sleeping"). */
const COUNTED: Record<Exclude<TaskState, 'running'>, string> = {
  ready: 'ready',
  waiting: 'waiting',
  sleeping: 'sleeping',
  done: 'finished',
  failed: 'failed',
  stopped: 'stopped',
};

/**
 * The longest sentence that names tasks (characters): past it the groups are only counted, so
 * the Now line's two or three lines hold it at any size, presenting at 175 % on 1280×720 too.
 */
const LONGEST = 150;

/** The order groups are told in: what moves first. */
const ORDER: readonly (TaskState | 'not started')[] = [
  'running',
  'waiting',
  'ready',
  'sleeping',
  'not started',
  'done',
  'failed',
  'stopped',
];

interface TaskNow {
  task: number;
  state: TaskState | null;
  inferred: boolean;
  detail: string | undefined;
}

function taskNow(record: RecordLike, task: number, t: number): TaskNow {
  const track = record.tracks[task]!;
  const i = track.indexAt(t);
  if (i < 0) return { task, state: null, inferred: false, detail: undefined };
  return { task, state: track.state(i), inferred: track.inferred(i), detail: track.detail(i) };
}

/** "1", "1 and 2", "1, 2 and 4" (tasks 0-based in, 1-based out). */
function listOf(items: readonly (string | number)[]): string {
  const words = items.map(String);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
}

/**
 * A list of tasks or cores stays this short (pieces such as "3" or "1–8"), or is only counted:
 * with 16 or 64 tasks the sentence must still fit its two lines, and the lanes say which.
 */
const MOST_PIECES = 4;

/** Numbers as pieces, runs of three or more as ranges ("1–4", "7", "9", "10"); null past MOST_PIECES. */
export function pieces(numbers: readonly number[]): string[] | null {
  const sorted = [...new Set(numbers)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) out.push(`${sorted[i]!}–${sorted[j]!}`);
    else for (let k = i; k <= j; k++) out.push(String(sorted[k]!));
    i = j + 1;
  }
  return out.length <= MOST_PIECES ? out : null;
}

/** "task 3", "tasks 1–4 and 9", "both tasks", "all 16 tasks", or past a few pieces "9 tasks". */
function whoOf(tasks: readonly TaskNow[], total: number): string {
  if (tasks.length === total && total === 2) return 'both tasks';
  if (tasks.length === total && total > 2) return `all ${total} tasks`;
  if (tasks.length === 1) return `task ${tasks[0]!.task + 1}`;
  const named = pieces(tasks.map((task) => task.task + 1));
  return named ? `tasks ${listOf(named)}` : `${tasks.length} tasks`;
}

/** "core 0", "core 0 and core 1", "cores 0–7 and 9", or past a few pieces "12 cores". */
function coresOf(cores: readonly number[]): string {
  if (cores.length <= 2) return listOf(cores.map((core) => `core ${core}`));
  const named = pieces(cores);
  return named ? `cores ${listOf(named)}` : `${cores.length} cores`;
}

/** "is waiting (for the lock, inferred)": the state, why (where known) and whether it was inferred. */
function doing(state: TaskState, tasks: readonly TaskNow[]): string {
  return `${DOING[state][tasks.length === 1 ? 0 : 1]}${reasons(state, tasks)}`;
}

/** " (for the lock, inferred)": why (where known) and whether it was inferred. */
function reasons(state: TaskState, tasks: readonly TaskNow[]): string {
  const details = [...new Set(tasks.map((task) => task.detail).filter((detail) => detail !== undefined))];
  const why = state === 'waiting' && details.length === 1 ? ` (${details[0]!})` : '';
  const inferred = tasks.every((task) => task.inferred)
    ? ' (inferred, not seen)'
    : tasks.some((task) => task.inferred)
      ? ' (partly inferred)'
      : '';
  return `${why}${inferred}`;
}

/** Seconds as the Now line says them: "2.4 s". */
export function nowSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** Where the running tasks ran, from the sample known at t, and whether that was parallel. */
function coresPart(record: RecordLike, t: number, running: readonly TaskNow[]): string {
  if (running.length === 0) return 'no core is running a task';
  const byCore = coreTasksAt(record, t);
  const coreOf = new Map<number, number[]>();
  byCore.forEach((tasks, core) => {
    for (const task of tasks) coreOf.set(task, [...(coreOf.get(task) ?? []), core]);
  });
  const known = running.filter((task) => coreOf.has(task.task));
  if (known.length === 0) {
    return running.length === 1 ? 'its core is not measured here' : 'their cores are not measured here';
  }
  const cores = [...new Set(known.flatMap((task) => coreOf.get(task.task)!))].sort((a, b) => a - b);
  const where = `on ${coresOf(cores)}`;
  const unknown = known.length < running.length ? ` (the others' cores are not measured here)` : '';
  if (running.length < 2) return `${where}${unknown}`;
  if (cores.length >= 2) return `${where}${unknown}: in parallel`;
  return `${where}${unknown}: taking turns, not in parallel`;
}

/**
 * What is happening at `t` (ms since the run's start), in one sentence, e.g.
 * "2.4 s — task 1 is sleeping; no core is running a task; Lanes itself uses 3 % of one core."
 */
export function nowSentence(record: RecordLike, t: number): string {
  if (!record.start) return 'No run yet: press Run, and this line says what happens as it happens.';
  const head = `${nowSeconds(t)} —`;
  const point = meterPointAt(record, t);
  const self = point ? ` Lanes itself uses ${Math.round(point.self * 100)} % of one core.` : '';
  if (endedAt(record, t)) {
    const status = record.end!.status;
    const how = status === 'done' ? 'every task finished' : status === 'failed' ? 'a task failed' : 'it was stopped';
    return `${head} the run is over: ${how}.${self}`;
  }
  const tasks = record.tracks.map((_, task) => taskNow(record, task, t));
  const groups = new Map<TaskState | 'not started', TaskNow[]>();
  for (const task of tasks) {
    const key = task.state ?? 'not started';
    groups.set(key, [...(groups.get(key) ?? []), task]);
  }
  const running = groups.get('running') ?? [];
  const cores = running.length === 0 ? '; no core is running a task' : '';
  const tail = `${cores};${self || ' no CPU sample yet.'}`;
  const parts: string[] = [];
  for (const key of ORDER) {
    const members = groups.get(key);
    if (!members) continue;
    const who = whoOf(members, tasks.length);
    if (key === 'not started') parts.push(`${who} ${members.length === 1 ? 'has' : 'have'} not started`);
    else if (key === 'running') parts.push(`${who} ${doing(key, members)}, ${coresPart(record, t, running)}`);
    else parts.push(`${who} ${doing(key, members)}`);
  }
  const said = parts.length > 0 ? parts.join('; ') : 'no task has started';
  const full = `${head} ${said}${tail}`;
  if (full.length <= LONGEST) return full;
  // Many tasks in many states: how many do what, which the lanes show task by task.
  const counted: string[] = [];
  for (const key of ORDER) {
    const members = groups.get(key);
    if (!members) continue;
    if (key === 'not started') counted.push(`${members.length} not started`);
    else if (key === 'running') counted.push(`${members.length} running (${coresPart(record, t, running)})`);
    else counted.push(`${members.length} ${COUNTED[key]}${reasons(key, members)}`);
  }
  return `${head} ${tasks.length} tasks: ${counted.join(', ')}${tail}`;
}
