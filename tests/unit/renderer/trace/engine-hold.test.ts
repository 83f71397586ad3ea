// Holding the engine's events back while an opened trace is shown: nothing reaches the store
// while held (only noted), everything that arrives while the record is on its way is kept and
// handed over in order, and a return overtaken by another opened file is abandoned.
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../src/core/contract';
import { EngineHold, meterSamples } from '../../../../src/renderer/lib/trace/engine-hold';

const start = (runId: number): EngineEvent =>
  ({ kind: 'run-start', runId, t: 0, wallStart: 1, cores: 2, spec: {} }) as unknown as EngineEvent;
const end = (runId: number): EngineEvent => ({ kind: 'run-end', runId, t: 5, status: 'done', cpuMs: null });
const print = (runId: number, text: string): EngineEvent => ({ kind: 'print', runId, t: 1, task: 0, text });

describe('EngineHold', () => {
  it('applies everything while live', () => {
    const hold = new EngineHold();
    expect(hold.route([start(1)])).toBe('apply');
    expect(hold.news).toBeNull();
  });

  it('drops batches while an opened run is shown, noting the engine’s newest run and its end', () => {
    const hold = new EngineHold();
    hold.hold();
    expect(hold.route([start(3), print(3, 'a')])).toBe('drop');
    expect(hold.news).toEqual({ runId: 3, ended: false });
    expect(hold.route([end(2)])).toBe('drop');
    expect(hold.news).toEqual({ runId: 3, ended: false });
    expect(hold.route([end(3)])).toBe('drop');
    expect(hold.news).toEqual({ runId: 3, ended: true });
  });

  it('keeps what arrives while going back, and hands it over once, in order', () => {
    const hold = new EngineHold();
    hold.hold();
    hold.route([print(1, 'dropped')]);
    const generation = hold.beginReturn();
    expect(generation).not.toBeNull();
    expect(hold.state).toBe('returning');
    expect(hold.route([print(1, 'one')])).toBe('keep');
    expect(hold.route([print(1, 'two')])).toBe('keep');
    expect(hold.finishReturn(generation!)).toEqual([[print(1, 'one')], [print(1, 'two')]]);
    expect(hold.state).toBe('live');
    expect(hold.news).toBeNull();
    expect(hold.route([print(1, 'three')])).toBe('apply');
    expect(hold.finishReturn(generation!)).toBeNull();
  });

  it('abandons a return when another file is opened before the record arrives', () => {
    const hold = new EngineHold();
    hold.hold();
    const generation = hold.beginReturn()!;
    hold.route([print(1, 'kept, then abandoned')]);
    hold.hold();
    expect(hold.finishReturn(generation)).toBeNull();
    expect(hold.state).toBe('held');
    expect(hold.route([print(1, 'x')])).toBe('drop');
  });

  it('has nothing to return from while live', () => {
    expect(new EngineHold().beginReturn()).toBeNull();
  });

  it('lets the meters see the machine while a file is shown, never into the opened run', () => {
    const sample: EngineEvent = {
      kind: 'sample',
      runId: 1,
      t: 100,
      cores: [90, 10],
      steal: [0, 0],
      self: 0.2,
      selfCovers: 'engine',
      tasks: [{ task: 0, core: 0, cpuMs: 9 }],
    };
    expect(meterSamples([print(1, 'x'), sample, end(1)])).toEqual([{ ...sample, runId: null, tasks: [] }]);
    expect(meterSamples([print(1, 'x')])).toEqual([]);
  });
});
