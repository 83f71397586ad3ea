// The pure parts of trace files in the page: which dropped file opens, the drop target's count,
// the trace keys read from the shared key table, the banner's and the alert's words, and the
// name Save trace offers (always one the desktop's save dialog accepts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunStartEvent, RunSpec } from '../../../../src/core/contract';
import { checkFileName } from '../../../../src/core/desktop-validate';
import { carriesFiles, DragDepth, droppedFile } from '../../../../src/renderer/lib/trace/file-drop';
import {
  compareLabel,
  engineNewsLine,
  openedDetails,
  openFailure,
  shortName,
} from '../../../../src/renderer/lib/trace/opened-words';
import {
  matchesAccelerator,
  traceShortcutFor,
  traceShortcutLabel,
} from '../../../../src/renderer/lib/trace/trace-keys';
import { fileStamp, traceFileName } from '../../../../src/renderer/lib/trace/trace-save';

const chord = (
  key: string,
  mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }> = {},
) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

function startOf(spec: Partial<RunSpec>, wallStart = Date.UTC(2026, 11, 6, 22, 48, 7)): RunStartEvent {
  return {
    kind: 'run-start',
    runId: 1,
    t: 0,
    wallStart,
    cores: 2,
    spec: {
      lesson: 'threading',
      workload: 'print-sleep',
      executor: 'threads',
      tasks: 1,
      steps: 10,
      stepMs: 1000,
      ...spec,
    } as RunSpec,
  } as RunStartEvent;
}

describe('dropping a file', () => {
  it('opens exactly one file, and says why otherwise', () => {
    expect(droppedFile(['a'])).toEqual({ ok: true, value: 'a' });
    expect(droppedFile([])).toMatchObject({ ok: false, error: expect.stringMatching(/drop a trace file/) });
    expect(droppedFile(null)).toMatchObject({ ok: false });
    expect(droppedFile(['a', 'b', 'c'])).toEqual({
      ok: false,
      error: 'Drop one trace at a time (3 files were dropped); nothing was opened.',
    });
  });

  it('reacts only to drags that carry files (not text dragged into the editor)', () => {
    expect(carriesFiles(['text/plain', 'Files'])).toBe(true);
    expect(carriesFiles(['text/plain'])).toBe(false);
    expect(carriesFiles(undefined)).toBe(false);
  });

  it('shows the drop target while any element crossed is entered', () => {
    const depth = new DragDepth();
    expect(depth.enter()).toBe(true);
    expect(depth.enter()).toBe(true);
    expect(depth.leave()).toBe(true);
    expect(depth.leave()).toBe(false);
    expect(depth.leave()).toBe(false);
    depth.enter();
    depth.reset();
    expect(depth.leave()).toBe(false);
  });
});

describe('trace keys', () => {
  it('are the key table’s: Ctrl+O / Ctrl+S, ⌘ on a Mac, nothing with extra modifiers', () => {
    expect(traceShortcutFor(chord('o', { ctrlKey: true }), false)).toBe('openTrace');
    expect(traceShortcutFor(chord('S', { ctrlKey: true }), false)).toBe('saveTrace');
    expect(traceShortcutFor(chord('o', { metaKey: true }), true)).toBe('openTrace');
    expect(traceShortcutFor(chord('o', { metaKey: true }), false)).toBeNull();
    expect(traceShortcutFor(chord('o', { ctrlKey: true }), true)).toBeNull();
    expect(traceShortcutFor(chord('o', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(traceShortcutFor(chord('o'), false)).toBeNull();
    expect(matchesAccelerator('Hyper+O', chord('o'), false)).toBe(false);
  });

  it('are written for people as the platform writes them', () => {
    expect(traceShortcutLabel('openTrace', false)).toBe('Ctrl+O');
    expect(traceShortcutLabel('saveTrace', true)).toBe('⌘S');
  });
});

describe('what the page says about an opened file', () => {
  it('shortens long names in the middle, keeping both ends', () => {
    expect(shortName('short.json', 20)).toBe('short.json');
    const long = `lanes-${'x'.repeat(100)}-end.lanes.json`;
    const short = shortName(long, 30);
    expect([...short]).toHaveLength(30);
    expect(short.startsWith('lanes-')).toBe(true);
    expect(short.endsWith('.lanes.json')).toBe(true);
  });

  it('gives one sentence for a file that cannot be opened', () => {
    expect(openFailure('a.json', 'The file is cut short.')).toBe('Cannot open “a.json”: the file is cut short.');
  });

  it('says who saved a Lanes trace and when, and that another tool’s goes only so far', () => {
    const start = startOf({});
    expect(openedDetails({ source: 'lanes', savedBy: 'Lanes 0.1.0', start })).toMatch(
      /^saved by Lanes 0\.1\.0 · recorded \d/,
    );
    expect(openedDetails({ source: 'lanes', savedBy: null, start: startOf({}, 0) })).toBe('a Lanes trace');
    expect(openedDetails({ source: 'foreign', savedBy: null, start: startOf({}, 0) })).toBe(
      'a trace from another tool, shown as far as it goes',
    );
  });

  it('tells what the engine did meanwhile, as the presenter’s for a viewer', () => {
    expect(engineNewsLine(null, false)).toBeNull();
    expect(engineNewsLine({ runId: 2, ended: false }, false)).toBe('The engine is running another run now.');
    expect(engineNewsLine({ runId: 2, ended: true }, true)).toBe(
      'The presenter ran another run meanwhile (it has ended).',
    );
  });

  it('names an opened run in Compare', () => {
    expect(compareLabel({ name: 'a.json', source: 'lanes' }, 'Threads × 1')).toBe('Threads × 1 · file');
    expect(compareLabel({ name: 'chrome-profile-of-a-long-afternoon.json', source: 'foreign' }, 'x')).toHaveLength(28);
  });
});

describe('the name Save trace offers', () => {
  it('says what ran and when', () => {
    const start = startOf({});
    expect(traceFileName(start, null)).toBe(`lanes-threading-threads-${fileStamp(start.wallStart)}.lanes.json`);
    expect(traceFileName(startOf({ lesson: null, workload: 'cpu' }, 0), null)).toBe('lanes-cpu-threads.lanes.json');
    expect(traceFileName(startOf({ program: 'learner' } as Partial<RunSpec>, 0), null)).toBe(
      'lanes-program-threads.lanes.json',
    );
    expect(traceFileName(startOf({}, 0), { name: 'Profile 2026:12:06.json', source: 'foreign' })).toBe(
      'lanes-profile-2026-12-06.lanes.json',
    );
  });

  it('is always a name the desktop’s save dialog accepts', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.string({ maxLength: 300 }),
        fc.nat(4_102_444_800_000),
        (lesson, file, wall) => {
          for (const name of [
            traceFileName(startOf({ lesson }, wall), null),
            traceFileName(startOf({}, wall), { name: file, source: 'foreign' }),
          ]) {
            expect(checkFileName(name, 'trace'), name).toBeNull();
            expect(name.endsWith('.lanes.json')).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
