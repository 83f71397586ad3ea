import { describe, expect, it } from 'vitest';
import {
  machineUse,
  meterValue,
  MeterHistory,
  selfLabel,
  tasksByCore,
} from '../../../src/renderer/lib/meters/meter-history';
import {
  finalDomainEnd,
  initialDomainEnd,
  liveDomainEnd,
  niceCeil,
} from '../../../src/renderer/lib/timeline/time-domain';
import { sample, spec } from './fixtures';

describe('time axis domain', () => {
  it('starts at the run’s expected length, rounded up to a nice length', () => {
    expect(niceCeil(2_200)).toBe(3_000);
    expect(niceCeil(1_000)).toBe(1_000);
    expect(niceCeil(11_000)).toBe(15_000);
    expect(initialDomainEnd(spec({ steps: 10, stepMs: 200 }))).toBe(3_000);
    expect(initialDomainEnd(spec({ executor: 'sequential', tasks: 4, steps: 4, stepMs: 400, workload: 'cpu' }))).toBe(
      7_500,
    );
  });

  it('extends in steps once the live edge nears the end, never on every frame', () => {
    expect(liveDomainEnd(3_000, 2_000)).toBe(3_000);
    expect(liveDomainEnd(3_000, 2_900)).toBe(5_000);
    expect(liveDomainEnd(5_000, 3_000)).toBe(5_000);
    expect(finalDomainEnd(2_000)).toBeCloseTo(2_060);
  });
});

describe('meter history', () => {
  it('keeps the last samples, clamped to 0..100, and announces integers', () => {
    const history = new MeterHistory(3);
    for (let i = 0; i < 5; i++) history.push(sample(i, [i * 10, 150]));
    expect(history.all()).toHaveLength(3);
    expect(history.latest?.cores).toEqual([40, 100]);
    expect(meterValue(history.latest, 0)).toBe(40);
    expect(meterValue(history.latest, 5)).toBe(0);
    expect(meterValue(null, 0)).toBe(0);
    history.push({ ...sample(9, [Number.NaN, 33.6]), self: Number.NaN });
    expect(history.latest).toEqual({ cores: [0, 33.6], steal: [0, 0], self: 0, selfCovers: 'engine' });
    expect(meterValue(history.latest, 1)).toBe(34);
  });

  it('lists the tasks that computed on each core', () => {
    const event = {
      ...sample(1, [90, 80]),
      tasks: [
        { task: 2, core: 1, cpuMs: 90 },
        { task: 0, core: 1, cpuMs: 40 },
        { task: 1, core: 0, cpuMs: 0 },
      ],
    };
    expect(tasksByCore(event, 2)).toEqual([[], [0, 2]]);
  });

  it('sums the machine in cores’ worth, the app’s share within it', () => {
    const history = new MeterHistory();
    history.push({ ...sample(1, [90, 60]), self: 0.2 });
    expect(machineUse(history.latest)).toEqual({ busy: 1.5, self: 0.2 });
    history.push({ ...sample(2, [5, 5]), self: 0.3 });
    expect(machineUse(history.latest)).toEqual({ busy: 0.1, self: 0.1 });
    expect(machineUse(null)).toEqual({ busy: 0, self: 0 });
  });

  it('says exactly what the app’s own CPU covers', () => {
    expect(selfLabel('engine+browser', 'web')).toBe('engine + browser');
    expect(selfLabel('engine', 'web')).toBe('engine, not browser');
    expect(selfLabel('engine+window', 'electron')).toBe('engine + window');
    expect(selfLabel(null, 'electron')).toBe('engine + window');
    const history = new MeterHistory();
    history.push({ ...sample(1, [1]), selfCovers: 'bogus' as never });
    expect(history.latest?.selfCovers).toBeNull();
  });
});
