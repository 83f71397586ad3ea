import { describe, expect, it } from 'vitest';
import { LIMITS, type Hello, type LessonInfo } from '../../../../src/core/contract';
import { findLesson, lessonInfo } from '../../../../src/core/lessons';
import {
  buildRequest,
  chooseExecutor,
  chooseLesson,
  chooseWorkload,
  fieldError,
  fieldNumber,
  initialValues,
  parseWhole,
  steppedText,
} from '../../../../src/renderer/lib/controls/settings-model';

const threading: LessonInfo = lessonInfo(findLesson('threading')!, 2);
const hello: Pick<Hello, 'defaults' | 'lessons'> = {
  lessons: [threading],
  defaults: {
    'print-sleep': { steps: 10, stepMs: 1000 },
    cpu: { steps: 4, stepMs: 400 },
    io: { steps: 5, stepMs: 400 },
    mixed: { steps: 5, stepMs: 200 },
    amdahl: { steps: 4, stepMs: 400 },
  },
};

describe('parseWhole', () => {
  it('accepts whole numbers within bounds', () => {
    expect(parseWhole('Tasks', '4', 1, 64)).toEqual({ ok: true, value: 4 });
    expect(parseWhole('Tasks', ' 64 ', 1, 64)).toEqual({ ok: true, value: 64 });
  });

  it('says what is wrong in the engine’s words', () => {
    expect(parseWhole('Tasks', '65', 1, 64)).toEqual({
      ok: false,
      error: 'Tasks must be a whole number from 1 to 64 (got 65).',
    });
    expect(parseWhole('Tasks', '', 1, 64)).toMatchObject({
      error: 'Tasks must be a whole number from 1 to 64 (got nothing).',
    });
    expect(parseWhole('Steps', '2.5', 1, 100)).toMatchObject({ ok: false });
    expect(parseWhole('Steps', '-3', 1, 100)).toMatchObject({ ok: false });
    expect(parseWhole('Steps', '1e3', 1, 100)).toMatchObject({ ok: false });
    expect(parseWhole('Steps', '9'.repeat(40), 1, 100)).toMatchObject({ ok: false });
  });
});

describe('typed numbers', () => {
  it('quote letters as typed', () => {
    expect(parseWhole('Tasks', 'four', 1, 64)).toMatchObject({
      error: 'Tasks must be a whole number from 1 to 64 (got four).',
    });
  });

  it('step by one with the arrow keys, within bounds, from the lowest when not a number', () => {
    expect(steppedText('3', 1, 1, 64)).toBe('4');
    expect(steppedText('64', 1, 1, 64)).toBe('64');
    expect(steppedText('1', -1, 1, 64)).toBe('1');
    expect(steppedText('99', -1, 1, 64)).toBe('64');
    expect(steppedText('4rs', 1, 1, 64)).toBe('1');
  });

  it('give assistive technology a number only when there is one', () => {
    expect(fieldNumber(' 12 ')).toBe(12);
    expect(fieldNumber('12a')).toBeNull();
    expect(fieldNumber('')).toBeNull();
  });
});

describe('buildRequest', () => {
  it('builds the run request the controls stand for, fault on task 1 after step 1', () => {
    const values = { ...chooseLesson(initialValues(hello), threading), stepMs: '200', fault: 'exit' as const };
    expect(buildRequest(values, LIMITS)).toEqual({
      ok: true,
      value: {
        lesson: 'threading',
        workload: 'print-sleep',
        executor: 'threads',
        tasks: 1,
        steps: 10,
        stepMs: 200,
        fault: { kind: 'exit', task: 1, atStep: 1 },
      },
    });
  });

  it('refuses invalid numbers without a request (the engine is never asked)', () => {
    const values = { ...initialValues(hello), tasks: '65' };
    expect(buildRequest(values, LIMITS)).toEqual({
      ok: false,
      error: 'Tasks must be a whole number from 1 to 64 (got 65).',
    });
    expect(fieldError(values, 'tasks', LIMITS)).toContain('(got 65)');
    expect(fieldError(values, 'steps', LIMITS)).toBeNull();
    expect(fieldError({ ...values, stepMs: '0' }, 'stepMs', LIMITS)).toBe(
      'Step (ms) must be a whole number from 1 to 60000 (got 0).',
    );
  });

  it('sends no lesson for a custom run', () => {
    const result = buildRequest({ ...initialValues(hello), lesson: '' }, LIMITS);
    expect(result.ok && 'lesson' in result.value).toBe(false);
  });
});

describe('lesson, workload and executor choices', () => {
  it('choosing a lesson sets every control to its run', () => {
    const values = chooseLesson({ ...initialValues(hello), workload: 'cpu', tasks: '8' }, threading);
    expect(values).toMatchObject({
      lesson: 'threading',
      workload: 'print-sleep',
      executor: 'threads',
      tasks: '1',
      steps: '10',
      stepMs: '1000',
    });
  });

  it('a workload brings its defaults and leaves the lesson', () => {
    const lesson = chooseLesson(initialValues(hello), threading);
    const values = chooseWorkload(lesson, 'cpu', hello);
    expect(values).toMatchObject({ lesson: '', workload: 'cpu', steps: '4', stepMs: '400', tasks: '1' });
    expect(chooseWorkload(lesson, 'print-sleep', hello).lesson).toBe('threading');
  });

  it('an executor other than the lesson’s leaves the lesson', () => {
    const lesson = chooseLesson(initialValues(hello), threading);
    expect(chooseExecutor(lesson, 'processes', hello)).toMatchObject({ lesson: '', executor: 'processes' });
    expect(chooseExecutor(lesson, 'threads', hello).lesson).toBe('threading');
  });

  it('"Custom" keeps the controls as they are', () => {
    const lesson = chooseLesson(initialValues(hello), threading);
    expect(chooseLesson(lesson, undefined)).toEqual({ ...lesson, lesson: '' });
  });
});
