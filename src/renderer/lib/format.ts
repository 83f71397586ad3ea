// Words and numbers the UI shows: seconds, task names, task ranges, axis ticks.
// Runs in the renderer; pure, so the exact wording is unit-tested.

import { MAIN_TASK } from '../../core/contract';

/** "2.04 s": run lengths, always two decimals so a teacher can compare runs digit by digit. */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(2)} s`;
}

/** "1.2 s": the ticking clock of a live run; tenths are as fast as the eye can follow. */
export function formatClock(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** "task 1" for task index 0; "main" for the main program's lines. */
export function taskName(task: number): string {
  return task === MAIN_TASK ? 'main' : `task ${task + 1}`;
}

/** "task 3", "tasks 1–4", "tasks 1, 3, 5" for 0-based indices. */
export function taskRange(tasks: readonly number[]): string {
  if (tasks.length === 0) return 'no tasks';
  if (tasks.length === 1) return `task ${tasks[0]! + 1}`;
  const sorted = [...tasks].sort((a, b) => a - b);
  const contiguous = sorted.every((task, i) => i === 0 || task === sorted[i - 1]! + 1);
  if (contiguous) return `tasks ${sorted[0]! + 1}–${sorted[sorted.length - 1]! + 1}`;
  return `tasks ${sorted.map((task) => task + 1).join(', ')}`;
}

/** An axis label for `ms` when ticks are `stepMs` apart: "0 s", "0.5 s", "12 s", "0.25 s". */
export function formatTick(ms: number, stepMs: number): string {
  const decimals = stepMs >= 1000 ? 0 : Math.min(3, Math.ceil(-Math.log10(stepMs / 1000) - 1e-9));
  const seconds = ms / 1000;
  if (ms === 0) return '0 s';
  return `${decimals === 0 ? String(Math.round(seconds)) : seconds.toFixed(decimals)} s`;
}

/** "0.25 cores", "1 core": how much CPU something used, in cores' worth. */
export function formatCores(cores: number): string {
  const value = Math.max(0, cores);
  return `${value.toFixed(2)} ${value.toFixed(2) === '1.00' ? 'core' : 'cores'}`;
}
