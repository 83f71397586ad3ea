// Reads a Chrome trace that carries no Lanes record (another tool's, or a Lanes trace saved before
// the record was kept) into a run record, best-effort: each thread with slices becomes a task
// lane, grouped by process; slices are 'running' (Lanes' own slice names keep their states), gaps
// between them 'ready' (the thin line: there, not known to run); instants with args.text are
// printed lines; "CPU" counters with a value per core are samples. Checks every event it uses;
// foreign-record.ts builds the record and lists what the file cannot say. Runs anywhere;
// trace-read.ts calls it and checks the result.

import type { Result, TaskState } from './contract';
import { assemble, US_PER_MS, type Counter, type ForeignRecord, type Thread } from './foreign-record';
import { MAX_CORES, MAX_RECORD_MS } from './record-check';
import { describe, err, ok } from './validate';

export type { ForeignRecord } from './foreign-record';

/** Lanes' own slice names (trace.ts) and the states they stand for. */
const LANES_SLICES: Readonly<Record<string, TaskState>> = {
  run: 'running',
  sleep: 'sleeping',
  'wait for lock': 'waiting',
  ready: 'ready',
};
/** Lanes' own end marks (instants in category 'task'). */
const LANES_MARKS: Readonly<Record<string, TaskState>> = { done: 'done', failed: 'failed', stopped: 'stopped' };

const MAX_SPAN_US = MAX_RECORD_MS * US_PER_MS;
/** Largest OS process or thread id (as record-check.ts). */
const MAX_OS_ID = 2 ** 32;
/** A counter key naming a core: "core 0" (Lanes), "cpu3", "CPU #2". */
const CORE_KEY = /^(?:core|cpu)\s*#?\s*(\d{1,4})$/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function osId(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_OS_ID;
}

/** "event 12 (X "run")": how a person finds it in the file. */
function eventName(index: number, raw: Record<string, unknown>): string {
  const name = typeof raw.name === 'string' ? ` ${describe(raw.name)}` : '';
  return `event ${index + 1} (${String(raw.ph)}${name})`;
}

/** Reads the events of a Chrome trace without a Lanes record; an error is one sentence. */
export function readForeign(list: readonly unknown[], metadata: Record<string, unknown> | null): Result<ForeignRecord> {
  const threads = new Map<string, Thread>();
  const processSort = new Map<number, number>();
  const thread = (pid: number, tid: number): Thread => {
    const key = `${pid}:${tid}`;
    let found = threads.get(key);
    if (!found) {
      found = { pid, tid, name: null, sortIndex: null, slices: [], open: [], prints: [], marks: [] };
      threads.set(key, found);
    }
    return found;
  };
  const mainPrints: { ts: number; text: string }[] = [];
  const counters: Counter[] = [];
  let countersArePercents = true;
  let first = Infinity;
  let last = -Infinity;
  let unmatchedEnds = 0;

  for (let index = 0; index < list.length; index++) {
    const raw = list[index];
    if (!isRecord(raw)) return err(`Its event ${index + 1} is ${describe(raw)}, not an event.`);
    const { ph } = raw;
    if (typeof ph !== 'string') return err(`Its event ${index + 1} has no phase ("ph").`);
    if (ph === 'M') {
      const args = isRecord(raw.args) ? raw.args : {};
      if (!osId(raw.pid)) continue;
      if (raw.name === 'thread_name' && osId(raw.tid) && typeof args.name === 'string')
        thread(raw.pid, raw.tid).name = args.name.slice(0, 100);
      else if (raw.name === 'thread_sort_index' && osId(raw.tid) && Number.isFinite(args.sort_index))
        thread(raw.pid, raw.tid).sortIndex = args.sort_index as number;
      else if (raw.name === 'process_sort_index' && Number.isFinite(args.sort_index))
        processSort.set(raw.pid, args.sort_index as number);
      continue;
    }
    if (!['X', 'B', 'E', 'i', 'I', 'C'].includes(ph)) continue;
    const what = eventName(index, raw);
    const { ts } = raw;
    if (typeof ts !== 'number' || !Number.isFinite(ts) || Math.abs(ts) > Number.MAX_SAFE_INTEGER)
      return err(`Its ${what} has a time of ${describe(ts)}, not a number of microseconds.`);
    const scope = raw.s === 'g' || raw.s === 'p' ? raw.s : 't';
    const needsTid = ph !== 'C' && !((ph === 'i' || ph === 'I') && scope !== 't');
    if (!osId(raw.pid) || (needsTid && !osId(raw.tid)))
      return err(`Its ${what} has a process or thread id that is not a whole number.`);
    first = Math.min(first, ts);
    last = Math.max(last, ts);
    const sliceState = (): TaskState =>
      raw.cat === 'task' && typeof raw.name === 'string' ? (LANES_SLICES[raw.name] ?? 'running') : 'running';
    switch (ph) {
      case 'X': {
        const dur = raw.dur ?? 0;
        if (typeof dur !== 'number' || !Number.isFinite(dur))
          return err(`Its ${what} has a duration of ${describe(dur)}.`);
        if (dur < 0) return err(`Its ${what} has a negative duration (${dur} µs).`);
        if (dur > MAX_SPAN_US) return err(`Its ${what} lasts over 24 hours, longer than any run Lanes shows.`);
        thread(raw.pid, raw.tid as number).slices.push({ start: ts, end: ts + dur, state: sliceState() });
        last = Math.max(last, ts + dur);
        break;
      }
      case 'B':
        thread(raw.pid, raw.tid as number).open.push({ ts, state: sliceState(), index });
        break;
      case 'E': {
        const owner = thread(raw.pid, raw.tid as number);
        const begun = owner.open.pop();
        if (!begun) unmatchedEnds++;
        else if (ts < begun.ts) return err(`Its ${what} ends a slice before it began (event ${begun.index + 1}).`);
        else owner.slices.push({ start: begun.ts, end: ts, state: begun.state });
        break;
      }
      case 'i':
      case 'I': {
        const args = isRecord(raw.args) ? raw.args : {};
        const mark = raw.cat === 'task' && typeof raw.name === 'string' ? LANES_MARKS[raw.name] : undefined;
        if (mark && scope === 't' && typeof args.detail === 'string') {
          thread(raw.pid, raw.tid as number).marks.push({ ts, state: mark, detail: args.detail });
        } else if (typeof args.text === 'string') {
          if (scope === 't') thread(raw.pid, raw.tid as number).prints.push({ ts, text: args.text });
          else mainPrints.push({ ts, text: args.text });
        }
        break;
      }
      case 'C': {
        if (typeof raw.name !== 'string' || !/cpu/i.test(raw.name) || !isRecord(raw.args)) break;
        const values = new Map<number, number>();
        for (const [key, value] of Object.entries(raw.args)) {
          const core = CORE_KEY.exec(key);
          if (!core || Number(core[1]) >= MAX_CORES) continue;
          if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100)
            countersArePercents = false;
          values.set(Number(core[1]), value as number);
        }
        if (values.size > 0) counters.push({ ts, values });
        break;
      }
    }
  }
  if (first === Infinity) return err('It holds no timed events (slices, instants or counters): nothing to show.');
  // A slice begun and never ended lasts to the end of the trace, as Perfetto draws it.
  let unended = 0;
  for (const owner of threads.values()) {
    for (const begun of owner.open) owner.slices.push({ start: begun.ts, end: last, state: begun.state });
    unended += owner.open.length;
  }
  if (last - first > MAX_SPAN_US) {
    return err(
      `Its events span ${Math.round((last - first) / US_PER_MS / 3_600_000)} hours; Lanes opens runs of up to 24 hours.`,
    );
  }
  return ok(
    assemble({
      threads,
      processSort,
      mainPrints,
      counters,
      countersArePercents,
      first,
      last,
      metadata,
      unmatchedEnds,
      unended,
    }),
  );
}
