import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../src/core/contract';
import { recordSubtitle } from '../../../../src/renderer/lib/export/subtitle';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { end, lessonRun, start, state } from '../fixtures';

describe('recordSubtitle', () => {
  it('says what the one task and the main program are doing at each moment', () => {
    const model = new RunModel();
    model.apply([...lessonRun(3, 200).slice(0, -1), state(0, -1, 'running'), state(5, -1, 'waiting', 1, 'join()')]);
    model.apply([end(700)]);
    const at = recordSubtitle(model);
    expect(at(-1)).toBe('The run starts.');
    expect(at(10)).toBe('Task 1 is ready · the main program waits for it to end.');
    expect(at(100)).toBe('Task 1 is sleeping · the main program waits for it to end.');
    expect(at(690)).toBe('Task 1 is done · the main program waits for it to end.');
  });

  it('counts tasks by state past three', () => {
    const model = new RunModel();
    const events: EngineEvent[] = [start(1, { tasks: 4 })];
    for (let task = 0; task < 4; task++) events.push(state(0, task, 'running'));
    model.apply([...events, state(50, 2, 'waiting'), state(60, 3, 'waiting'), state(80, 0, 'done')]);
    const at = recordSubtitle(model);
    expect(at(10)).toBe('4 tasks running.');
    expect(at(90)).toBe('1 task done · 1 task running · 2 tasks waiting for the lock.');
  });
});
