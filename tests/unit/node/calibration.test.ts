// Measuring the machine's speed: on a real worker thread from the built entry file, remembered
// per machine in whatever cache the shell gives (a corrupt cache is a miss), measured once however
// many ask, and, if the worker fails, measured on this thread rather than not at all.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  cachedRate,
  createCalibration,
  machineKey,
  measureOffThread,
  parseCalibrated,
  withRate,
  type CalibrationCache,
} from '../../../src/node/calibration';
import { nodeEntries } from '../../../src/node/node-session';

const { threadEntry } = nodeEntries(pathToFileURL(resolve('out/node') + '/'));
const machine = { cpuModel: 'Test CPU @ 3GHz', cores: 2, node: 'v20.19.0', arch: 'x64' };
const KEY = machineKey(machine);

function memoryCache(initial: string | null = null): CalibrationCache & { text: string | null; writes: number } {
  const cache = {
    text: initial,
    writes: 0,
    read: async () => cache.text,
    write: async (text: string) => {
      cache.writes++;
      cache.text = text;
    },
  };
  return cache;
}

describe('measuring off the main thread', () => {
  it('a real worker thread answers with a plausible rate and exits', async () => {
    const measured = measureOffThread(threadEntry);
    const rate = await measured.rate;
    expect(Number.isInteger(rate)).toBe(true);
    expect(rate).toBeGreaterThan(1_000);
  });

  it('a worker that cannot start or answer is an error, not a hang', async () => {
    await expect(measureOffThread(resolve('out/node/no-such-entry.mjs')).rate).rejects.toThrow();
    const slow = measureOffThread(threadEntry, 1);
    await expect(slow.rate).rejects.toThrow('no answer in 1 ms');
  });

  it('can be cancelled', async () => {
    const measured = measureOffThread(threadEntry);
    measured.cancel();
    await expect(measured.rate).rejects.toThrow('cancelled');
  });
});

describe('the cache', () => {
  it('is keyed by CPU model, cores, architecture and Node version', () => {
    expect(KEY).toBe('v1|Test CPU @ 3GHz|2|x64|node v20.19.0');
    expect(machineKey({ ...machine, node: 'v22.20.0' })).not.toBe(KEY);
    expect(machineKey({ ...machine, cores: 4 })).not.toBe(KEY);
  });

  it('misses on a corrupt, foreign or implausible file', () => {
    for (const text of [
      null,
      '',
      '{',
      '[]',
      '"x"',
      JSON.stringify({ [KEY]: -1 }),
      JSON.stringify({ [KEY]: 1.5 }),
      JSON.stringify({ other: 5000 }),
    ]) {
      expect(cachedRate(text, KEY)).toBeNull();
    }
    expect(cachedRate(JSON.stringify({ [KEY]: 123_456 }), KEY)).toBe(123_456);
  });

  it('keeps the newest machines first, at most eight', () => {
    let text: string | null = 'not json';
    for (let i = 0; i < 12; i++) text = withRate(text, `m${i}`, 1000 + i);
    const keys = Object.keys(JSON.parse(text!));
    expect(keys).toHaveLength(8);
    expect(keys[0]).toBe('m11');
    expect(cachedRate(text, 'm11')).toBe(1011);
  });

  it('accepts only a well-formed answer from the worker', () => {
    expect(parseCalibrated({ kind: 'calibrated', itersPerMs: 5000 })).toBe(5000);
    for (const bad of [
      null,
      5000,
      { kind: 'calibrated', itersPerMs: Number.NaN },
      { kind: 'finished', itersPerMs: 5 },
    ]) {
      expect(parseCalibrated(bad)).toBeNull();
    }
  });
});

describe('calibration', () => {
  const fakeMeasure = (rates: number[]) => {
    let calls = 0;
    return {
      calls: () => calls,
      measure: () => ({ rate: Promise.resolve(rates[calls++] ?? 1), cancel: () => undefined }),
    };
  };

  it('reads a cached rate without measuring', async () => {
    const measure = fakeMeasure([9_999]);
    const calibration = createCalibration({
      threadEntry,
      machine,
      cache: memoryCache(JSON.stringify({ [KEY]: 4242 })),
      measure: measure.measure,
    });
    expect(await calibration.rate()).toBe(4242);
    expect(measure.calls()).toBe(0);
  });

  it('measures once however many ask, and caches the result', async () => {
    const measure = fakeMeasure([5_000, 6_000]);
    const cache = memoryCache('{broken');
    const calibration = createCalibration({ threadEntry, machine, cache, measure: measure.measure });
    expect(calibration.known()).toBeNull();
    expect(await Promise.all([calibration.rate(), calibration.rate(), calibration.rate()])).toEqual([
      5_000, 5_000, 5_000,
    ]);
    expect(calibration.known()).toBe(5_000);
    expect(measure.calls()).toBe(1);
    expect(cachedRate(cache.text, KEY)).toBe(5_000);
    // The next app start on this machine reads it.
    const next = fakeMeasure([7_000]);
    expect(await createCalibration({ threadEntry, machine, cache, measure: next.measure }).rate()).toBe(5_000);
    expect(next.calls()).toBe(0);
  });

  it('falls back to measuring on this thread when the worker fails, and says so', async () => {
    const warnings: string[] = [];
    const calibration = createCalibration({
      threadEntry,
      machine,
      measure: () => ({ rate: Promise.reject(new Error('no worker')), cancel: () => undefined }),
      fallback: () => 3_333,
      onWarning: (message) => warnings.push(message),
    });
    expect(await calibration.rate()).toBe(3_333);
    expect(warnings).toEqual([
      "measuring this machine's speed on a worker thread failed (no worker); measuring on the main thread instead.",
    ]);
  });

  it('works without a cache, and survives a cache that cannot be read or written', async () => {
    const broken: CalibrationCache = {
      read: () => Promise.reject(new Error('EACCES')),
      write: () => Promise.reject(new Error('EROFS')),
    };
    const warnings: string[] = [];
    const calibration = createCalibration({
      threadEntry,
      machine,
      cache: broken,
      measure: fakeMeasure([8_000]).measure,
      onWarning: (m) => warnings.push(m),
    });
    expect(await calibration.rate()).toBe(8_000);
    expect(warnings).toEqual(['could not save the measured speed; it will be measured again next time.']);
    expect(await createCalibration({ threadEntry, machine, measure: fakeMeasure([8_001]).measure }).rate()).toBe(8_001);
  });

  it('ends a measurement still running when disposed', async () => {
    const calibration = createCalibration({ threadEntry, machine });
    const rate = calibration.rate();
    calibration.dispose();
    await expect(rate).rejects.toThrow();
  });
});
