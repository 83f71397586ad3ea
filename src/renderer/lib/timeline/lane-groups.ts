// Which OS thread or process hosts which task lanes, in words: "process 12345 · task 1",
// "engine process 4567 · thread · tasks 1–4 (async loop)", and the main program's lane above them
// ("engine process 4567 · main program"). The plan comes from core/plan.ts (so the lanes are laid
// out before any unit starts); pids fill in as unit events arrive. A trace from another tool
// names its lanes' threads itself ("pid 12 · CrRendererMain"). Runs in the renderer; pure.

import {
  MAIN_TASK,
  PYTHON_EXECUTORS,
  type RunSpec,
  type UnitEvent,
  type UnitKind,
  type UnitMode,
} from '../../../core/contract';
import { planUnits } from '../../../core/plan';
import { taskRange } from '../format';

export interface LaneGroup {
  unit: number;
  unitKind: UnitKind;
  mode: UnitMode;
  tasks: number[];
  /** OS pid hosting the unit; null until it has started. */
  pid: number | null;
  /** Its threads are a CPython program's (in the program's process), not the engine's. */
  python: boolean;
  /** Named by the file it was opened from (another tool's trace), not by Lanes. */
  named?: boolean;
  label: string;
}

const MODE_WORDS: Record<UnitMode, string> = {
  single: '',
  sequential: ' (one after another)',
  async: ' (async loop)',
};

/**
 * `python`: the threads are a CPython program's, in its process (not the engine's, which hosts
 * the threads of a Node run).
 */
export function groupLabel(
  unitKind: UnitKind,
  mode: UnitMode,
  tasks: readonly number[],
  pid: number | null,
  python = false,
): string {
  const tasksText = `${taskRange(tasks)}${MODE_WORDS[mode]}`;
  if (unitKind === 'process') return `process ${pid ?? '(starting)'} · ${tasksText}`;
  return `${python ? 'python' : 'engine'} process${pid === null ? '' : ` ${pid}`} · thread · ${tasksText}`;
}

/** The unit number of the main program's group (units are numbered from 0). */
const MAIN_UNIT = -1;

/**
 * The main program's group: one lane, in the engine's process (Lanes starts and joins the tasks)
 * or, for a real CPython program, in the program's own process (its main thread).
 */
export function mainGroup(spec: RunSpec, pid: number | null): LaneGroup {
  const python = PYTHON_EXECUTORS.includes(spec.executor);
  const label = `${python ? 'python' : 'engine'} process${pid === null ? '' : ` ${pid}`} · main program`;
  return { unit: MAIN_UNIT, unitKind: 'thread', mode: 'single', tasks: [MAIN_TASK], pid, python, label };
}

/**
 * One group per unit the executor plans, labelled with its pid once it is known; the main
 * program's group first when the run draws its lane (`main`: where it runs, its pid if known).
 * `names`: each task lane's thread as an opened file names it; a unit of named lanes says those.
 */
export function laneGroups(
  spec: RunSpec,
  units: readonly UnitEvent[],
  main: { pid: number | null } | null = null,
  names: readonly string[] | null = null,
): LaneGroup[] {
  const started = new Map(units.map((unit) => [unit.unit, unit]));
  const tasks = planUnits(spec.executor, spec.tasks).map((plan): LaneGroup => {
    const unit = started.get(plan.unit);
    const pid = unit?.pid ?? null;
    const tasks = unit?.tasks ?? plan.tasks;
    const unitKind = unit?.unitKind ?? plan.kind;
    const mode = unit?.mode ?? plan.mode;
    const python = PYTHON_EXECUTORS.includes(spec.executor);
    const named = names !== null && tasks.every((task) => names[task] !== undefined);
    return {
      unit: plan.unit,
      unitKind,
      mode,
      tasks,
      pid,
      python,
      ...(named ? { named } : {}),
      label: named ? tasks.map((task) => names[task]).join(', ') : groupLabel(unitKind, mode, tasks, pid, python),
    };
  });
  return main ? [mainGroup(spec, main.pid), ...tasks] : tasks;
}

/** A heading over some lanes: one unit, or (when space is short) a run of one-task units. */
export interface LaneSection {
  label: string;
  tasks: number[];
}

function pidSpan(groups: readonly LaneGroup[]): string {
  const pids = groups.map((group) => group.pid).filter((pid): pid is number => pid !== null);
  if (pids.length === 0) return '';
  const low = Math.min(...pids);
  const high = Math.max(...pids);
  return low === high ? ` (pid ${low})` : ` (pids ${low}–${high})`;
}

/**
 * Sections to draw. Normally one per unit; `compact` merges consecutive one-task units of the
 * same kind under one heading ("8 processes · one task each (pids 101–108)") so many lanes fit.
 */
export function laneSections(groups: readonly LaneGroup[], compact: boolean): LaneSection[] {
  if (!compact) return groups.map((group) => ({ label: group.label, tasks: group.tasks }));
  const sections: LaneSection[] = [];
  let i = 0;
  while (i < groups.length) {
    const group = groups[i]!;
    let j = i + 1;
    // The main program keeps its own heading: it is not one of the tasks.
    const merges = (other: LaneGroup): boolean =>
      other.mode === 'single' &&
      other.unitKind === group.unitKind &&
      other.unit !== MAIN_UNIT &&
      Boolean(other.named) === Boolean(group.named);
    if (merges(group)) {
      while (j < groups.length && merges(groups[j]!)) j++;
    }
    const run = groups.slice(i, j);
    if (run.length === 1) {
      sections.push({ label: group.label, tasks: group.tasks });
    } else {
      const tasks = run.flatMap((g) => g.tasks);
      // Another tool's threads: what the file says of them, not where Lanes would have run them.
      const label = group.named
        ? `${run.length} threads, as the file names them${pidSpan(run)}`
        : group.unitKind === 'process'
          ? `${run.length} processes · one task each${pidSpan(run)}`
          : `${group.python ? 'python' : 'engine'} process${group.pid === null ? '' : ` ${group.pid}`} · ${run.length} threads · one task each`;
      sections.push({ label, tasks });
    }
    i = j;
  }
  return sections;
}
