// The desktop shell's edge checks: the file commands' payloads (checked in main before a dialog
// opens) and the menu's actions (checked in the page before it acts). Examples first, then
// fast-check throws arbitrary values at them: nothing throws, and nothing unsafe is accepted.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_ENDINGS, FILE_LIMITS, FILE_PURPOSES, type AppAction } from '../../../src/core/contract';
import {
  checkFileName,
  isDesktopCommandName,
  parseAppAction,
  validateDesktopPayload,
  validateOpenFile,
  validateSaveFile,
} from '../../../src/core/desktop-validate';

/** Bounded: each property runs this many cases and stops. */
const RUNS = 2_000;

describe('openFile payload', () => {
  it('accepts a trace from the dialog or from launch, and nothing else', () => {
    expect(validateOpenFile({ purpose: 'trace' })).toEqual({ ok: true, value: { purpose: 'trace' } });
    expect(validateOpenFile({ purpose: 'trace', from: 'launch' })).toEqual({
      ok: true,
      value: { purpose: 'trace', from: 'launch' },
    });
    expect(validateOpenFile({ purpose: 'picture' })).toEqual({
      ok: false,
      error: 'Only traces can be opened (purpose "trace").',
    });
    expect(validateOpenFile({ purpose: 'trace', path: '/etc/passwd' })).toEqual({
      ok: false,
      error: 'openFile has no parameter "path".',
    });
    expect(validateOpenFile({ purpose: 'trace', from: 'disk' })).toMatchObject({ ok: false });
    expect(validateOpenFile(null)).toEqual({ ok: false, error: 'openFile needs {"purpose":"trace"}.' });
  });
});

describe('saveFile payload', () => {
  const png = new Uint8Array([137, 80, 78, 71]);

  it("accepts a bare name with the purpose's ending and data of the right kind", () => {
    expect(validateSaveFile({ purpose: 'trace', suggestedName: 'run.lanes.json', data: '{}' })).toMatchObject({
      ok: true,
    });
    expect(validateSaveFile({ purpose: 'picture', suggestedName: 'Lanes 12.PNG', data: png })).toMatchObject({
      ok: true,
    });
    expect(validateSaveFile({ purpose: 'video', suggestedName: 'lesson.webm', data: png })).toMatchObject({ ok: true });
    // The charts drawn in SVG are pictures too (Export picture), saved as UTF-8 bytes.
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>');
    expect(validateSaveFile({ purpose: 'picture', suggestedName: 'speedup.svg', data: svg })).toMatchObject({
      ok: true,
    });
    expect(validateSaveFile({ purpose: 'picture', suggestedName: 'speedup.gif', data: svg })).toMatchObject({
      ok: false,
      error: "A picture file's name must end in .png or .svg.",
    });
  });

  it.each([
    [{ purpose: 'trace', suggestedName: '../run.lanes.json', data: '{}' }, 'plain name'],
    [{ purpose: 'trace', suggestedName: 'C:\\run.json', data: '{}' }, 'plain name'],
    [{ purpose: 'trace', suggestedName: '.lanes.json', data: '{}' }, 'plain name'],
    [{ purpose: 'trace', suggestedName: 'run.txt', data: '{}' }, 'must end in .lanes.json or .json'],
    [{ purpose: 'picture', suggestedName: 'x.png', data: '{}' }, 'saved as bytes'],
    [{ purpose: 'trace', suggestedName: 'x.json', data: png }, 'saved as text'],
    [{ purpose: 'picture', suggestedName: 'x.png', data: new Uint8Array(0) }, 'empty'],
    [{ purpose: 'picture', suggestedName: 'con.png', data: png }, 'reserves'],
    [{ purpose: 'picture', suggestedName: 'x.png', data: png, path: '/tmp/x.png' }, 'no parameter "path"'],
    [{ purpose: 'audio', suggestedName: 'x.png', data: png }, 'purpose must be one of trace, picture, video'],
  ])('refuses %j', (payload, words) => {
    const result = validateSaveFile(payload);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(words);
  });

  it('refuses data past the limit before anything else looks at it', () => {
    // Zero-filled and never touched: the pages are not made resident.
    const big = new Uint8Array(FILE_LIMITS.MAX_SAVE_BYTES + 1);
    expect(validateSaveFile({ purpose: 'video', suggestedName: 'x.mp4', data: big })).toEqual({
      ok: false,
      error: 'The file is too large to save (at most 500 MB).',
    });
    const lookAlike = { byteLength: 4, [Symbol.toStringTag]: 'Uint8Array' };
    expect(validateSaveFile({ purpose: 'video', suggestedName: 'x.mp4', data: lookAlike })).toEqual({
      ok: false,
      error: 'A video is saved as bytes.',
    });
  });

  it('routes by command name, and knows only its own commands', () => {
    expect(validateDesktopPayload('openFile', { purpose: 'trace' })).toMatchObject({ ok: true });
    expect(validateDesktopPayload('saveFile', { purpose: 'trace' })).toMatchObject({ ok: false });
    expect(isDesktopCommandName('openFile')).toBe(true);
    expect(isDesktopCommandName('run')).toBe(false);
    expect(isDesktopCommandName('__proto__')).toBe(false);
  });
});

describe('fuzzed edges', () => {
  it('never throw, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        validateOpenFile(value);
        validateSaveFile(value);
        parseAppAction(value);
        checkFileName(value, 'trace');
      }),
      { numRuns: RUNS },
    );
  });

  it('accept only bare names that end as the purpose allows', () => {
    const name = fc.oneof(
      fc.string({ maxLength: 140 }),
      fc
        .tuple(
          fc.string({ maxLength: 20 }),
          fc.constantFrom('/', '\\', '..', '\0', ':', '\n', '.'),
          fc.string({ maxLength: 20 }),
        )
        .map(([a, b, c]) => `${a}${b}${c}.png`),
    );
    fc.assert(
      fc.property(fc.constantFrom(...FILE_PURPOSES), name, (purpose, suggestedName) => {
        if (checkFileName(suggestedName, purpose) !== null) return;
        expect(suggestedName).not.toMatch(/[/\\\0:]/);
        expect(suggestedName.startsWith('.')).toBe(false);
        expect(suggestedName.length).toBeLessThanOrEqual(FILE_LIMITS.MAX_NAME_CHARS);
        expect(FILE_ENDINGS[purpose].some((ending) => suggestedName.toLowerCase().endsWith(ending))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('pass a well-formed save request through unchanged', () => {
    const stem = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,40}$/);
    fc.assert(
      fc.property(stem, fc.uint8Array({ minLength: 1, maxLength: 64 }), (base, bytes) => {
        // A prefix keeps the stem from spelling a name Windows reserves ("au" + "x" is AUX).
        const payload = { purpose: 'picture', suggestedName: `run-${base.trimEnd()}x.png`, data: bytes };
        expect(validateSaveFile(payload)).toEqual({ ok: true, value: payload });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('menu actions, as the page receives them', () => {
  const valid: AppAction[] = [
    { kind: 'run' },
    { kind: 'stop' },
    { kind: 'lesson', lesson: 'threading' },
    { kind: 'open-trace' },
    { kind: 'save-trace' },
    { kind: 'export-picture' },
    { kind: 'export-video' },
    { kind: 'presentation', on: true },
    { kind: 'theme', theme: 'light' },
    { kind: 'shortcuts' },
    { kind: 'trace-launched', name: 'run.lanes.json' },
    {
      kind: 'share',
      share: { presenter: 'Ada', viewerUrl: 'http://192.168.1.5:5390/?view=abc', qrSvg: '<svg xmlns="x"></svg>' },
    },
    { kind: 'share', share: null },
  ];

  it('passes every well-formed action', () => {
    for (const action of valid) expect(parseAppAction(action)).toEqual(action);
  });

  it.each([
    [{ kind: 'run', extra: 1 }],
    [{ kind: 'lesson' }],
    [{ kind: 'lesson', lesson: '' }],
    [{ kind: 'lesson', lesson: 'x'.repeat(201) }],
    [{ kind: 'presentation', on: 'yes' }],
    [{ kind: 'theme', theme: 'purple' }],
    [{ kind: 'quit' }],
    [{ kind: 'trace-launched', name: 7 }],
    [{ kind: 'share' }],
    [
      {
        kind: 'share',
        share: {
          ...{ presenter: 'Ada', viewerUrl: 'http://192.168.1.5:5390/?view=abc', qrSvg: '<svg/>' },
          viewerUrl: 'javascript:alert(1)',
        },
      },
    ],
    [
      {
        kind: 'share',
        share: {
          ...{ presenter: 'Ada', viewerUrl: 'http://192.168.1.5:5390/?view=abc', qrSvg: '<svg/>' },
          viewerUrl: null,
        },
      },
    ],
    [
      {
        kind: 'share',
        share: {
          ...{ presenter: 'Ada', viewerUrl: 'http://192.168.1.5:5390/?view=abc', qrSvg: '<svg/>' },
          qrSvg: '<img src=x onerror=alert(1)>',
        },
      },
    ],
    [
      {
        kind: 'share',
        share: {
          ...{ presenter: 'Ada', viewerUrl: 'http://192.168.1.5:5390/?view=abc', qrSvg: '<svg/>' },
          qrSvg: '<svg>' + ' '.repeat(200_000),
        },
      },
    ],
    [
      {
        kind: 'share',
        share: {
          ...{ presenter: 'Ada', viewerUrl: 'http://192.168.1.5:5390/?view=abc', qrSvg: '<svg/>' },
          presenter: '',
        },
      },
    ],
    [
      {
        kind: 'share',
        share: {
          ...{ presenter: 'Ada', viewerUrl: 'http://192.168.1.5:5390/?view=abc', qrSvg: '<svg/>' },
          secret: 'x',
        },
      },
    ],
    [['run']],
    ['run'],
  ])('drops %j', (value) => {
    expect(parseAppAction(value)).toBeNull();
  });

  it('returns only actions that survive a second check unchanged', () => {
    const shaped = fc.record(
      {
        kind: fc.constantFrom(...valid.map((action) => action.kind), 'other'),
        lesson: fc.string(),
        on: fc.anything(),
        theme: fc.string(),
        name: fc.string(),
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(shaped, (value) => {
        const parsed = parseAppAction(value);
        if (parsed) expect(parseAppAction(structuredClone(parsed))).toEqual(parsed);
      }),
      { numRuns: RUNS },
    );
  });
});
