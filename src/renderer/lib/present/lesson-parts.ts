// A lesson as a presenter steps through it with a clicker: its question, the prediction (when it
// asks for one), each run, then the caption its measurements earned. What each part reveals in
// the Compare view. Runs in the renderer; pure.

import type { LessonInfo } from '../../../core/contract';

export type LessonPart =
  { kind: 'question' } | { kind: 'prediction' } | { kind: 'run'; index: number; label: string } | { kind: 'caption' };

export function lessonParts(lesson: Pick<LessonInfo, 'predict' | 'runs'>): LessonPart[] {
  return [
    { kind: 'question' },
    ...(lesson.predict ? [{ kind: 'prediction' } as const] : []),
    ...lesson.runs.map((run, index) => ({ kind: 'run', index, label: run.label }) as const),
    { kind: 'caption' },
  ];
}

/** How the part is named on screen ("Part 3 of 5: run 1, One thread"). */
export function partName(part: LessonPart): string {
  if (part.kind === 'question') return 'the question';
  if (part.kind === 'prediction') return 'your prediction';
  if (part.kind === 'run') return `run ${part.index + 1}, ${part.label}`;
  return 'what the runs showed';
}

/** What the Compare view shows up to a part: the prediction box, how many runs, the caption. */
export interface Reveal {
  part: LessonPart;
  prediction: boolean;
  runs: number;
  caption: boolean;
}

export function revealOf(parts: readonly LessonPart[], at: number): Reveal {
  const part = parts[Math.max(0, Math.min(at, parts.length - 1))]!;
  const upTo = parts.slice(0, at + 1);
  return {
    part,
    prediction: upTo.some((seen) => seen.kind === 'prediction'),
    runs: upTo.filter((seen) => seen.kind === 'run').length,
    caption: part.kind === 'caption',
  };
}
