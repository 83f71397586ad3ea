// A lesson's parts as a clicker steps through them, and what each part shows.
import { describe, expect, it } from 'vitest';
import { lessonParts, partName, revealOf } from '../../../../src/renderer/lib/present/lesson-parts';

const runs = [
  { id: 'one', label: 'One thread', request: {} },
  { id: 'two', label: 'Two processes', request: {} },
];
const predict = { question: 'How much faster?', run: 'two', metric: 'speedup' as const };

describe('lesson parts', () => {
  it('are the question, the prediction when asked, each run, then the caption', () => {
    expect(lessonParts({ predict, runs }).map(partName)).toEqual([
      'the question',
      'your prediction',
      'run 1, One thread',
      'run 2, Two processes',
      'what the runs showed',
    ]);
    expect(lessonParts({ predict: null, runs }).map((part) => part.kind)).toEqual([
      'question',
      'run',
      'run',
      'caption',
    ]);
  });

  it('reveal the prediction, the runs so far and the caption only when reached', () => {
    const parts = lessonParts({ predict, runs });
    expect(revealOf(parts, 0)).toMatchObject({ prediction: false, runs: 0, caption: false });
    expect(revealOf(parts, 1)).toMatchObject({ prediction: true, runs: 0, caption: false });
    expect(revealOf(parts, 3)).toMatchObject({ prediction: true, runs: 2, caption: false });
    expect(revealOf(parts, 4)).toMatchObject({ prediction: true, runs: 2, caption: true });
    // Out of range is clamped to the last part.
    expect(revealOf(parts, 9).part.kind).toBe('caption');
  });
});
