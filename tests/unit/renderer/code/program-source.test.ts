import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_PROGRAM,
  failureLine,
  fitLanes,
  loadLanes,
  loadProgram,
  saveLanes,
  saveProgram,
  sourceProblem,
  type Storage,
} from '../../../../src/renderer/lib/code/program-source';

function memory(): Storage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) };
}

describe('the learner’s program', () => {
  it('starts from the example, and comes back as it was left', () => {
    const storage = memory();
    expect(loadProgram(storage)).toBe(EXAMPLE_PROGRAM);
    expect(loadProgram(null)).toBe(EXAMPLE_PROGRAM);
    saveProgram(storage, 'print("mine")\n');
    expect(loadProgram(storage)).toBe('print("mine")\n');
    saveProgram(storage, '   ');
    expect(loadProgram(storage)).toBe(EXAMPLE_PROGRAM);
    const broken: Storage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('full');
      },
    };
    expect(loadProgram(broken)).toBe(EXAMPLE_PROGRAM);
    expect(() => saveProgram(broken, 'x')).not.toThrow();
  });

  it('is refused in words when empty, too big or holding a NUL', () => {
    expect(sourceProblem('print(1)', 100)).toBeNull();
    expect(sourceProblem(' \n ', 100)).toMatch(/empty/);
    expect(sourceProblem('é'.repeat(600), 1024)).toBe('The program is 2 KiB; the most Lanes runs is 1 KiB.');
    expect(sourceProblem('print(1)\0', 100)).toMatch(/NUL/);
  });

  it('finds the line an error names', () => {
    expect(failureLine('ZeroDivisionError: division by zero (line 7 of program.py)')).toBe(7);
    expect(failureLine("SyntaxError: '(' was never closed (line 3 of program.py)")).toBe(3);
    expect(failureLine('the program exited with code 3')).toBeNull();
  });
});

describe('lanes for the program', () => {
  it('fit what the last run started: fewer when lanes stayed empty, twice as many after an overflow', () => {
    expect(fitLanes(8, 3, false)).toEqual({
      lanes: 3,
      note: 'Lanes now 3: the threads and processes the program started.',
    });
    expect(fitLanes(3, 3, false)).toEqual({ lanes: 3, note: null });
    expect(fitLanes(2, 0, false)).toEqual({ lanes: 1, note: expect.any(String) });
    expect(fitLanes(4, 4, true).lanes).toBe(8);
    expect(fitLanes(64, 64, true)).toEqual({ lanes: 64, note: null });
  });

  it('are kept between visits, 2 at first', () => {
    const storage = memory();
    expect(loadLanes(storage)).toBe('2');
    saveLanes(storage, 5);
    expect(loadLanes(storage)).toBe('5');
    storage.items.set('lanes.programLanes', '999');
    expect(loadLanes(storage)).toBe('2');
  });
});
