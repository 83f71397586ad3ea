// Which OS thread or process hosts which task lanes, in words: "process 12345 · task 1",
// "engine process 4567 · thread · tasks 1–4 (async loop)". The plan comes from core/plan.ts
// (so the lanes are laid out before any unit starts); pids fill in as unit events arrive.
// Runs in the renderer; pure.

import type { RunSpec, UnitEvent, UnitKind, UnitMode } from '../../../core/contract';
import { planUnits } from '../../../core/plan';
import { taskRange } from '../format';

export interface LaneGroup {
  unit: number;
  unitKind: UnitKind;
  mode: UnitMode;
  tasks: number[];
  /** OS pid hosting the unit; null until it has started. */
  pid: number | null;
  label: string;
}

const MODE_WORDS: Record<UnitMode, string> = {
  single: '',
  sequential: ' (one after another)',
  async: ' (async loop)',
};

export function groupLabel(unitKind: UnitKind, mode: UnitMode, tasks: readonly number[], pid: number | null): string {
  const tasksText = `${taskRange(tasks)}${MODE_WORDS[mode]}`;
  if (unitKind === 'process') return `process ${pid ?? '(starting)'} · ${tasksText}`;
  return `engine process${pid === null ? '' : ` ${pid}`} · thread · ${tasksText}`;
}

/** One group per unit the executor plans, labelled with its pid once it is known. */
export function laneGroups(spec: RunSpec, units: readonly UnitEvent[]): LaneGroup[] {
  const started = new Map(units.map((unit) => [unit.unit, unit]));
  return planUnits(spec.executor, spec.tasks).map((plan) => {
    const unit = started.get(plan.unit);
    const pid = unit?.pid ?? null;
    const tasks = unit?.tasks ?? plan.tasks;
    const unitKind = unit?.unitKind ?? plan.kind;
    const mode = unit?.mode ?? plan.mode;
    return { unit: plan.unit, unitKind, mode, tasks, pid, label: groupLabel(unitKind, mode, tasks, pid) };
  });
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
    if (group.mode === 'single') {
      while (j < groups.length && groups[j]!.mode === 'single' && groups[j]!.unitKind === group.unitKind) j++;
    }
    const run = groups.slice(i, j);
    if (run.length === 1) {
      sections.push({ label: group.label, tasks: group.tasks });
    } else {
      const tasks = run.flatMap((g) => g.tasks);
      const label =
        group.unitKind === 'process'
          ? `${run.length} processes · one task each${pidSpan(run)}`
          : `engine process${group.pid === null ? '' : ` ${group.pid}`} · ${run.length} threads · one task each`;
      sections.push({ label, tasks });
    }
    i = j;
  }
  return sections;
}
