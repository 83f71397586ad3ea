import { describe, expect, it } from 'vitest';
import { MAIN_TASK, type UnitEvent } from '../../../../src/core/contract';
import { groupLabel, laneGroups, laneSections } from '../../../../src/renderer/lib/timeline/lane-groups';
import { layoutLanes } from '../../../../src/renderer/lib/timeline/lane-layout';
import { describeItem, holds, itemAt, stepItem, type LaneItem } from '../../../../src/renderer/lib/timeline/lanes-hit';
import { markLabel } from '../../../../src/renderer/lib/timeline/mark-label';
import { TaskTrack } from '../../../../src/renderer/lib/record/task-track';
import { spec, state } from '../fixtures';

function processUnit(index: number, pid: number): UnitEvent {
  return { kind: 'unit', runId: 1, t: 1, unit: index, unitKind: 'process', mode: 'single', tasks: [index], pid };
}

describe('lane groups', () => {
  it('labels units the way the lesson talks about them', () => {
    expect(groupLabel('process', 'single', [0], 12345)).toBe('process 12345 · task 1');
    expect(groupLabel('thread', 'async', [0, 1, 2, 3], 4567)).toBe(
      'engine process 4567 · thread · tasks 1–4 (async loop)',
    );
    expect(groupLabel('thread', 'sequential', [0, 1], null)).toBe(
      'engine process · thread · tasks 1–2 (one after another)',
    );
    expect(groupLabel('process', 'single', [2], null)).toBe('process (starting) · task 3');
  });

  it('lays out the planned units before they start, and fills in pids as they do', () => {
    const planned = laneGroups(spec({ executor: 'processes', tasks: 2 }), []);
    expect(planned.map((group) => group.label)).toEqual(['process (starting) · task 1', 'process (starting) · task 2']);
    const started = laneGroups(spec({ executor: 'processes', tasks: 2 }), [processUnit(1, 222)]);
    expect(started.map((group) => group.label)).toEqual(['process (starting) · task 1', 'process 222 · task 2']);
    expect(laneGroups(spec({ executor: 'async', tasks: 3 }), [])).toHaveLength(1);
  });

  it('merges one-task units under one heading when space is short', () => {
    const groups = laneGroups(spec({ executor: 'processes', tasks: 3 }), [
      processUnit(0, 101),
      processUnit(1, 102),
      processUnit(2, 103),
    ]);
    expect(laneSections(groups, true)).toEqual([
      { label: '3 processes · one task each (pids 101–103)', tasks: [0, 1, 2] },
    ]);
    expect(laneSections(groups, false)).toHaveLength(3);
  });
  it('names another tool’s lanes as its file does, and never merges them with Lanes’ own', () => {
    const units = [processUnit(0, 40), processUnit(1, 41)];
    const names = ['pid 40 · CrRendererMain', 'pid 41 · thread 9'];
    const groups = laneGroups(spec({ executor: 'processes', tasks: 2 }), units, null, names);
    expect(groups.map((group) => [group.label, group.named])).toEqual([
      ['pid 40 · CrRendererMain', true],
      ['pid 41 · thread 9', true],
    ]);
    expect(laneSections(groups, false).map((section) => section.label)).toEqual(names);
    expect(laneSections(groups, true)).toEqual([
      { label: '2 threads, as the file names them (pids 40–41)', tasks: [0, 1] },
    ]);
    // A name missing for one of a unit's lanes: Lanes' own words, not a half-named heading.
    const partly = laneGroups(spec({ executor: 'processes', tasks: 2 }), units, null, ['only the first']);
    expect(partly.map((group) => group.label)).toEqual(['only the first', 'process 41 · task 2']);
    expect(laneSections(partly, true)).toHaveLength(2);
  });
});

describe('the main program’s lane', () => {
  it('sits above the tasks under its own heading: the engine’s process, or the Python program’s', () => {
    const threads = laneGroups(spec({ executor: 'threads', tasks: 1 }), [], { pid: 4567 });
    expect(threads.map((group) => [group.label, group.tasks])).toEqual([
      ['engine process 4567 · main program', [MAIN_TASK]],
      ['engine process · thread · task 1', [0]],
    ]);
    const python = laneGroups(spec({ executor: 'python-processes', tasks: 1 }), [], { pid: 99 });
    expect(python[0]!.label).toBe('python process 99 · main program');
    // A CPython program's threads are in its process, not the engine's.
    const threads99 = laneGroups(spec({ executor: 'python-threads', tasks: 2 }), [], { pid: 99 });
    expect(threads99.map((group) => group.label)).toEqual([
      'python process 99 · main program',
      'python process · thread · task 1',
      'python process · thread · task 2',
    ]);
    expect(laneSections(threads99, true).map((section) => section.label)).toEqual([
      'python process 99 · main program',
      'python process · 2 threads · one task each',
    ]);
    const layout = layoutLanes(threads, 500, 18);
    expect(layout.rows.map((row) => row.task)).toEqual([MAIN_TASK, 0]);
    expect(layout.headers.map((header) => header.label)).toEqual([
      'engine process 4567 · main program',
      'engine process · thread · task 1',
    ]);
  });

  it('keeps its heading when the tasks’ headings merge, and is drawn only where the run has it', () => {
    const groups = laneGroups(spec({ executor: 'threads', tasks: 3 }), [], { pid: null });
    expect(laneSections(groups, true).map((section) => section.tasks)).toEqual([[MAIN_TASK], [0, 1, 2]]);
    expect(laneGroups(spec({ executor: 'threads', tasks: 3 }), [])).toHaveLength(3);
  });

  it('says in the tooltip that an inferred wait was placed, not seen', () => {
    const track = new TaskTrack(0);
    track.addState(state(0, 0, 'running'));
    track.addState({
      ...state(10, 0, 'waiting', 1, 'waited 4.0 ms for the GIL: another thread held it'),
      inferred: true,
    });
    track.addState(state(14, 0, 'running'));
    const words = describeItem(track, { task: 0, kind: 'segment', index: 1 }, 'task 1', 20);
    expect(words.title).toBe('task 1 · waiting');
    expect(words.lines.at(-1)).toMatch(/^inferred: /);
    expect(describeItem(track, { task: 0, kind: 'segment', index: 0 }, 'task 1', 20).lines.join()).not.toMatch(
      /inferred/,
    );
  });

  it('names join() in its tooltip, and steps like any lane', () => {
    const main = new TaskTrack(MAIN_TASK);
    main.addState(state(0, MAIN_TASK, 'running'));
    main.addState(state(2, MAIN_TASK, 'waiting', 1, 'join(): waiting for every task to end'));
    main.addState(state(2_000, MAIN_TASK, 'running'));
    main.addState(state(2_001, MAIN_TASK, 'done'));
    const waiting = describeItem(main, { task: MAIN_TASK, kind: 'segment', index: 1 }, 'main', 3_000);
    expect(waiting.title).toBe('main · waiting');
    expect(waiting.lines).toEqual(['0.002 s for 2.00 s', 'join(): waiting for every task to end']);
    const layout = layoutLanes(laneGroups(spec(), [], { pid: 1 }), 500, 18);
    const row = layout.rows[0]!;
    const x = Object.assign((ms: number): number => ms / 10, { invert: (px: number): number => px * 10 });
    const track = (task: number): TaskTrack | undefined => (task === MAIN_TASK ? main : undefined);
    expect(itemAt(layout, track, x, 100, row.y + 1, 3_000)).toEqual({ task: MAIN_TASK, kind: 'segment', index: 1 });
  });
});

describe('a lane at the playhead', () => {
  it('describes what was known then and holds nothing that came later', () => {
    const main = new TaskTrack(MAIN_TASK);
    main.addState(state(0, MAIN_TASK, 'running'));
    main.addState(state(2, MAIN_TASK, 'waiting', 1, 'join(): waiting for every task to end'));
    main.addState(state(2_000, MAIN_TASK, 'running'));
    main.addState(state(2_001, MAIN_TASK, 'done'));
    const then = main.at(700);
    const waiting: LaneItem = { task: MAIN_TASK, kind: 'segment', index: 1 };
    expect(holds(then, waiting)).toBe(true);
    expect(describeItem(then, waiting, 'main', 700).lines[0]).toBe('since 0.002 s, 698 ms so far');
    expect(holds(then, { task: MAIN_TASK, kind: 'segment', index: 2 })).toBe(false);
    expect(holds(main, { task: MAIN_TASK, kind: 'segment', index: 3 })).toBe(true);
    const layout = layoutLanes(laneGroups(spec(), [], { pid: 1 }), 500, 18);
    const row = layout.rows[0]!;
    const x = Object.assign((ms: number): number => ms / 10, { invert: (px: number): number => px * 10 });
    // At 1.5 s (past the playhead at 0.7 s) nothing is under the pointer.
    expect(itemAt(layout, () => then, x, 150, row.y + 1, 700)).toBeNull();
    expect(itemAt(layout, () => then, x, 50, row.y + 1, 700)).toEqual(waiting);
  });
});

describe('layoutLanes', () => {
  it('gives every task one lane, headings above their lanes, nothing overlapping', () => {
    const groups = laneGroups(spec({ executor: 'threads', tasks: 4 }), []);
    const layout = layoutLanes(groups, 500, 18);
    expect(layout.rows.map((row) => row.task)).toEqual([0, 1, 2, 3]);
    const boxes = [...layout.rows, ...layout.headers].sort((a, b) => a.y - b.y);
    for (let i = 1; i < boxes.length; i++)
      expect(boxes[i]!.y).toBeGreaterThanOrEqual(boxes[i - 1]!.y + boxes[i - 1]!.h);
    expect(layout.height).toBeLessThanOrEqual(500);
  });

  it('keeps a lone lane to a sensible height', () => {
    const layout = layoutLanes(laneGroups(spec(), []), 600, 18);
    expect(layout.rows[0]!.h).toBeLessThanOrEqual(80);
    expect(layout.headers).toHaveLength(1);
  });

  it('fits 64 lanes by merging headings and thinning labels', () => {
    const layout = layoutLanes(laneGroups(spec({ executor: 'processes', tasks: 64 }), []), 400, 18);
    expect(layout.rows).toHaveLength(64);
    expect(layout.headers).toHaveLength(1);
    expect(layout.rows.filter((row) => row.labelled).length).toBeLessThan(64);
    expect(layout.rows.every((row) => row.h >= 2)).toBe(true);
    expect(layout.height).toBeLessThanOrEqual(400);
  });

  it('is empty before any run', () => {
    expect(layoutLanes([], 400, 18)).toEqual({ rows: [], headers: [], laneHeight: 0, height: 0 });
  });
});

describe('print marks', () => {
  it('draws short texts on the lane, without the lane’s own task prefix', () => {
    expect(markLabel('7', 0)).toBe('7');
    expect(markLabel('task 2: step 1/4 computed', 1)).toBeNull();
    expect(markLabel('task 2: hi', 1)).toBe('hi');
    expect(markLabel('', 0)).toBeNull();
  });

  it('finds the mark under the pointer, else the segment, and steps through a lane in time order', () => {
    const a = new TaskTrack(0);
    const b = new TaskTrack(1);
    a.addState(state(0, 0, 'running'));
    a.addPrint({ t: 100, text: '1', seq: 0 });
    a.addState(state(150, 0, 'sleeping'));
    a.addPrint({ t: 300, text: '2', seq: 2 });
    a.addState(state(400, 0, 'done'));
    b.addPrint({ t: 200, text: 'x', seq: 1 });
    const layout = {
      rows: [
        { task: 0, y: 0, h: 40, labelled: true },
        { task: 1, y: 44, h: 40, labelled: true },
      ],
      headers: [],
      laneHeight: 40,
      height: 84,
    };
    const x = Object.assign((ms: number): number => ms, { invert: (px: number): number => px });
    expect(itemAt(layout, (task) => [a, b][task], x, 104, 10, 500)).toEqual({ task: 0, kind: 'print', index: 0 });
    expect(itemAt(layout, (task) => [a, b][task], x, 130, 10, 500)).toEqual({ task: 0, kind: 'segment', index: 0 });
    expect(itemAt(layout, (task) => [a, b][task], x, 250, 10, 500)).toEqual({ task: 0, kind: 'segment', index: 1 });
    expect(itemAt(layout, (task) => [a, b][task], x, 403, 10, 500)).toEqual({ task: 0, kind: 'segment', index: 2 });
    expect(itemAt(layout, (task) => [a, b][task], x, 198, 50, 500)).toEqual({ task: 1, kind: 'print', index: 0 });
    expect(itemAt(layout, (task) => [a, b][task], x, 600, 10, 500)).toBeNull();

    const order: string[] = [];
    let item: LaneItem | null = { task: 0, kind: 'segment', index: 0 };
    while (item) {
      order.push(describeItem(a, item, 'task 1', 500).title);
      item = stepItem(a, item, 1);
    }
    expect(order).toEqual([
      'task 1 · running',
      'task 1 printed at 0.100 s',
      'task 1 · sleeping',
      'task 1 printed at 0.300 s',
      'task 1 done at 0.400 s',
    ]);
    expect(stepItem(a, { task: 0, kind: 'segment', index: 1 }, -1)).toEqual({ task: 0, kind: 'print', index: 0 });
    expect(describeItem(a, { task: 0, kind: 'segment', index: 1 }, 'task 1', 500).lines).toEqual([
      '0.150 s for 250 ms',
    ]);
    expect(describeItem(a, { task: 0, kind: 'print', index: 1 }, 'task 1', 500).lines).toEqual(['2']);
  });
});
