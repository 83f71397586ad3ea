// The playhead over hand-built records: the record's state at any time (lanes, console lines up
// to t, the CPU sample known then, failures so far), and every move (seek, step to events and
// prints, play at a speed, pause while live, back to live).
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../src/core/contract';
import * as rules from '../../../../src/renderer/lib/record/playhead-model';
import {
  coreTasksAt,
  endedAt,
  failuresAt,
  lineCountAt,
  linesAt,
  meterPointAt,
  nextEventAfter,
  prevEventBefore,
  sampledCpuMsAt,
  statesAt,
} from '../../../../src/renderer/lib/record/record-at';
import { RunModel } from '../../../../src/renderer/lib/record/run-model';
import { end, lessonRun, print, sample, start, state } from '../fixtures';

function model(events: EngineEvent[]): RunModel {
  const run = new RunModel();
  run.apply(events);
  return run;
}

// lessonRun(10, 200): running at 40; print n at 40.1 + 200(n-1), sleeping 0.1 later; done at
// 2040.1; the completion line at 2041; run-end at 2042.
const lesson = () => model(lessonRun(10, 200));
const texts = (run: RunModel, t: number) => linesAt(run, t).map((line) => line.text);
const ended = (run: RunModel): rules.RecordHead => ({ headMs: run.end!.t, ended: true });

describe('the record at a time', () => {
  it('holds exactly the lines printed up to t', () => {
    const run = lesson();
    expect(texts(run, 0)).toEqual([]);
    expect(texts(run, 40.1)).toEqual(['1']);
    expect(texts(run, 440)).toEqual(['1', '2']);
    expect(texts(run, 2040.9)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(texts(run, 2041).at(-1)).toBe('Thread execution complete!');
    expect(lineCountAt(run, 1_000)).toBe(5);
    expect(linesAt(run, 2042, 3).map((line) => line.text)).toEqual(['9', '10', 'Thread execution complete!']);
  });

  it('puts a line that arrived late where its time belongs', () => {
    const run = model([start(1, { tasks: 2 }), print(10, 0, 'a'), print(30, 1, 'c'), print(20, 0, 'b')]);
    expect(texts(run, 25)).toEqual(['a', 'b']);
    expect(texts(run, 30)).toEqual(['a', 'b', 'c']);
  });

  it("gives each lane's state at t", () => {
    const run = lesson();
    expect(statesAt(run, 0)).toEqual(['ready']);
    expect(statesAt(run, 40)).toEqual(['running']);
    expect(statesAt(run, 100)).toEqual(['sleeping']);
    expect(statesAt(run, 2040.05)).toEqual(['running']);
    expect(statesAt(run, 2041)).toEqual([null]);
    expect(endedAt(run, 2041)).toBe(false);
    expect(endedAt(run, 2042)).toBe(true);
  });

  it('reads the CPU sample known at t, and which task used which core', () => {
    const first = sample(100, [10, 90]);
    const second = { ...sample(200, [80, 5]), tasks: [{ task: 0, core: 0, cpuMs: 60 }] };
    const run = model([start(), first, second]);
    expect(meterPointAt(run, 50)).toBeNull();
    expect(meterPointAt(run, 150)?.cores).toEqual([10, 90]);
    expect(meterPointAt(run, 200)?.cores).toEqual([80, 5]);
    expect(meterPointAt(run, 5_000)?.self).toBeCloseTo(0.05);
    expect(coreTasksAt(run, 150)).toEqual([[], []]);
    expect(coreTasksAt(run, 250)).toEqual([[0], []]);
  });

  it("sums the tasks' CPU sampled by t, a shared thread's once", () => {
    const tasks = [
      { task: 0, core: 0, cpuMs: 40 },
      { task: 1, core: 0, cpuMs: 40 },
      { task: 2, core: 1, cpuMs: 90 },
    ];
    const run = model([
      start(1, { tasks: 3 }),
      { ...sample(100, [50, 90]), tasks },
      { ...sample(200, [50, 90]), tasks },
    ]);
    // Tasks 0 and 1 share one thread (its CPU reported for each), task 2 has its own.
    const threads = Int32Array.from([7, 7, 8]);
    expect(sampledCpuMsAt(run, 50, threads)).toBeNull();
    expect(sampledCpuMsAt(run, 150, threads)).toBe(130);
    expect(sampledCpuMsAt(run, 250, threads)).toBe(260);
    expect(sampledCpuMsAt(model([start(), sample(100, [10, 10])]), 150, threads)).toBeNull();
  });

  it('counts only the failures that happened by t', () => {
    const run = model([
      start(1, { tasks: 2 }),
      state(0, 0, 'running'),
      state(500, 1, 'failed', 1, 'boom'),
      end(600, 'failed'),
    ]);
    expect(failuresAt(run, 499)).toEqual([]);
    expect(failuresAt(run, 500).map((failure) => failure.detail)).toEqual(['boom']);
  });

  it("cuts a lane's track at t without copying it: the last interval open, prints and end so far", () => {
    const run = lesson();
    const track = run.tracks[0]!;
    const cut = track.at(300);
    // ready, running at 40, sleeping at 40.2, running at 240, sleeping at 240.2: the last open.
    expect(cut.count).toBe(5);
    expect(cut.end(4)).toBeNull();
    expect(cut.ended).toBe(false);
    expect(cut.prints.map((mark) => mark.text)).toEqual(['1', '2']);
    expect(cut.printIndexFrom(1_000)).toBe(2);
    expect(track.at(2_040.1).ended).toBe(true);
    expect(track.count).toBe(23);
    expect(track.printCount).toBe(10);
    const lanes = run.tracksAt(100);
    expect(lanes(-1)?.printCount).toBe(0);
    expect(lanes(0)?.stateAt(100)).toBe('sleeping');
  });

  it('finds the next and previous moments anything happened', () => {
    const run = lesson();
    expect(nextEventAfter(run, 0)).toBe(40);
    expect(nextEventAfter(run, 40)).toBeCloseTo(40.1);
    expect(prevEventBefore(run, 2042)).toBe(2041);
    expect(prevEventBefore(run, 2041)).toBeCloseTo(2040.1);
    expect(nextEventAfter(run, 2042)).toBeNull();
    expect(prevEventBefore(run, 0)).toBe(0);
  });
});

describe('the playhead', () => {
  it('follows the head while live, and stays where it is paused while the run goes on', () => {
    let s = rules.initialPlayhead();
    const live = { headMs: 3_000, ended: false };
    expect(rules.playheadMs(s, live)).toBe(3_000);
    expect(rules.moving(s, live)).toBe(true);
    s = rules.pause(s, live);
    expect(rules.moving(s, live)).toBe(false);
    const later = { headMs: 5_500, ended: false };
    expect(rules.playheadMs(s, later)).toBe(3_000);
    expect(rules.behindLiveMs(s, later)).toBe(2_500);
    s = rules.backToLive(s);
    expect(rules.playheadMs(s, later)).toBe(5_500);
    expect(rules.behindLiveMs(s, later)).toBe(0);
  });

  it('steps back from the end one event at a time: the completion line goes first, then the last number', () => {
    const run = lesson();
    const head = ended(run);
    let s = rules.initialPlayhead();
    const seen: string[][] = [];
    for (let i = 0; i < 6; i++) {
      s = rules.stepEvent(s, head, run, -1);
      seen.push(texts(run, rules.playheadMs(s, head)));
    }
    // 2041 (completion printed), 2040.1 (done), 2040 (running), 1840.2 (sleeping), 1840.1 (print 10), 1840.
    expect(seen[0]!.at(-1)).toBe('Thread execution complete!');
    expect(seen[1]).toHaveLength(10);
    expect(seen[4]).toHaveLength(10);
    expect(seen[5]).toHaveLength(9);
    s = rules.stepEvent(s, head, run, 1);
    expect(texts(run, rules.playheadMs(s, head))).toHaveLength(10);
  });

  it('steps between prints with the print keys', () => {
    const run = lesson();
    const head = ended(run);
    let s = rules.toStart(rules.initialPlayhead(), head);
    s = rules.stepPrint(s, head, run, 1);
    expect(rules.playheadMs(s, head)).toBeCloseTo(40.1);
    s = rules.stepPrint(s, head, run, 1);
    expect(texts(run, rules.playheadMs(s, head))).toEqual(['1', '2']);
    s = rules.toEnd(s, head);
    s = rules.stepPrint(s, head, run, -1);
    expect(rules.playheadMs(s, head)).toBe(2041);
    s = rules.stepPrint(s, head, run, -1);
    expect(texts(run, rules.playheadMs(s, head)).at(-1)).toBe('10');
  });

  it('plays at its speed, stops at the end of a finished run, and plays again from the start', () => {
    const run = lesson();
    const head = ended(run);
    let s = rules.seek({ ...rules.initialPlayhead(), speed: 4 }, head, 1_000);
    s = rules.play(s, head);
    s = rules.advance(s, head, 50);
    expect(rules.playheadMs(s, head)).toBe(1_200);
    // A stalled frame moves no further than MAX_FRAME_STEP_MS of real time.
    s = rules.advance(s, head, 10_000);
    expect(rules.playheadMs(s, head)).toBe(1_200 + rules.MAX_FRAME_STEP_MS * 4);
    for (let i = 0; i < 100 && s.playing; i++) s = rules.advance(s, head, 16);
    expect(s.playing).toBe(false);
    expect(rules.playheadMs(s, head)).toBe(2042);
    s = rules.togglePlay(s, head);
    expect(s.playing).toBe(true);
    expect(rules.playheadMs(s, head)).toBe(0);
  });

  it('goes live when replay catches up with a run still going', () => {
    const live = { headMs: 1_000, ended: false };
    let s = rules.play(rules.seek({ ...rules.initialPlayhead(), speed: 2 }, live, 900), live);
    s = rules.advance(s, live, 40);
    expect(s.live).toBe(false);
    s = rules.advance(s, live, 40);
    expect(s.live).toBe(true);
  });

  it('keeps seeks and speeds inside the record and the offered range', () => {
    const head = { headMs: 10_060, ended: true };
    const s = rules.initialPlayhead();
    expect(rules.playheadMs(rules.seek(s, head, -5), head)).toBe(0);
    expect(rules.playheadMs(rules.seek(s, head, 99_999), head)).toBe(10_060);
    expect(rules.playheadMs(rules.seek(s, head, Number.NaN), head)).toBe(0);
    expect(rules.clampSpeed(10)).toBe(4);
    expect(rules.clampSpeed(0)).toBe(0.1);
    expect(rules.seek(s, head, 5).jumps).toBe(s.jumps + 1);
  });
});
