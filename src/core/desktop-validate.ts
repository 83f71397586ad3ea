// Checks for what crosses the desktop shell's edges: the page's file commands (in Electron main,
// before any dialog opens) and the menu's actions (in the page, before it acts). Runs anywhere.
// Every refusal is one sentence a learner can act on; nothing is coerced.

import {
  DESKTOP_COMMANDS,
  FILE_ENDINGS,
  FILE_LIMITS,
  FILE_PURPOSES,
  THEMES,
  type AppAction,
  type DesktopCommandName,
  type DesktopCommands,
  type FilePurpose,
  type OpenFileRequest,
  type Result,
  type SaveFileRequest,
  type ShareClassRequest,
  type ShareInfo,
} from './contract';

function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

function err<T = never>(error: string): Result<T> {
  return { ok: false, error };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}

function unknownKey(value: Record<string, unknown>, allowed: readonly string[]): string | null {
  return Object.keys(value).find((key) => !allowed.includes(key)) ?? null;
}

/** Realm-safe: a Uint8Array (or Node Buffer) made in another context still says so; a look-alike does not. */
function isBytes(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && Object.prototype.toString.call(value) === '[object Uint8Array]';
}

/** Whether a name is one of the desktop commands (openFile, saveFile). */
export function isDesktopCommandName(value: unknown): value is DesktopCommandName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DESKTOP_COMMANDS, value);
}

/**
 * Characters no file name may hold on any of the three systems: path separators, NUL and other
 * control characters, and Windows' reserved <>:"|?*.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f/\\<>:"|?*]/;
/** Windows refuses these as a name's stem, whatever the ending. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Checks a suggested file name: a bare name (no folder), ending as the purpose allows. */
export function checkFileName(name: unknown, purpose: FilePurpose): string | null {
  const endings = FILE_ENDINGS[purpose];
  if (typeof name !== 'string' || name.trim() === '') return 'The file needs a name.';
  if (name.length > FILE_LIMITS.MAX_NAME_CHARS) {
    return `The file name is too long (${name.length} characters, at most ${FILE_LIMITS.MAX_NAME_CHARS}).`;
  }
  if (FORBIDDEN_NAME_CHARS.test(name) || name.startsWith('.') || name.endsWith(' ') || name.endsWith('.')) {
    return 'The file name must be a plain name: no folders, no leading dot, none of \\ / : * ? " < > |.';
  }
  if (WINDOWS_RESERVED.test(name)) return `"${name}" is a name Windows reserves for a device.`;
  const lower = name.toLowerCase();
  const ending = endings.find((candidate) => lower.endsWith(candidate) && lower.length > candidate.length);
  if (!ending) return `A ${purpose} file's name must end in ${endings.join(' or ')}.`;
  return null;
}

/** Checks openFile's payload. */
export function validateOpenFile(payload: unknown): Result<OpenFileRequest> {
  if (!isRecord(payload)) return err('openFile needs {"purpose":"trace"}.');
  const extra = unknownKey(payload, ['purpose', 'from']);
  if (extra !== null) return err(`openFile has no parameter "${extra.slice(0, 40)}".`);
  if (payload.purpose !== 'trace') return err('Only traces can be opened (purpose "trace").');
  if (payload.from !== undefined && payload.from !== 'dialog' && payload.from !== 'launch') {
    return err('openFile\'s "from" must be "dialog" or "launch".');
  }
  return ok(payload.from === undefined ? { purpose: 'trace' } : { purpose: 'trace', from: payload.from });
}

/** Checks saveFile's payload: purpose, a bare name, and data of the right type and size. */
export function validateSaveFile(payload: unknown): Result<SaveFileRequest> {
  if (!isRecord(payload)) return err('saveFile needs {"purpose", "suggestedName", "data"}.');
  const extra = unknownKey(payload, ['purpose', 'suggestedName', 'data']);
  if (extra !== null) return err(`saveFile has no parameter "${extra.slice(0, 40)}".`);
  const { purpose, suggestedName, data } = payload;
  if (!oneOf(purpose, FILE_PURPOSES)) return err(`purpose must be one of ${FILE_PURPOSES.join(', ')}.`);
  const nameProblem = checkFileName(suggestedName, purpose);
  if (nameProblem) return err(nameProblem);
  const max = FILE_LIMITS.MAX_SAVE_BYTES;
  const tooBig = `The file is too large to save (at most ${max / 1_000_000} MB).`;
  if (purpose === 'trace') {
    if (typeof data !== 'string') return err('A trace is saved as text.');
    // UTF-8 never takes fewer bytes than UTF-16 code units; main checks the exact size again.
    if (data.length > max) return err(tooBig);
  } else {
    if (!isBytes(data)) return err(`A ${purpose} is saved as bytes.`);
    if (data.byteLength > max) return err(tooBig);
    if (data.byteLength === 0) return err(`The ${purpose} is empty: nothing to save.`);
  }
  return ok({ purpose, suggestedName: suggestedName as string, data: data });
}

/** Checks shareClass's payload: `{ on: boolean }` and nothing else. */
export function validateShareClass(payload: unknown): Result<ShareClassRequest> {
  if (!isRecord(payload) || Object.keys(payload).some((key) => key !== 'on') || typeof payload.on !== 'boolean') {
    return err('shareClass takes { on: true | false }.');
  }
  return ok({ on: payload.on });
}

/** Checks a desktop command's payload. */
export function validateDesktopPayload<K extends DesktopCommandName>(
  command: K,
  payload: unknown,
): Result<DesktopCommands[K]['request']> {
  const checked =
    command === 'openFile'
      ? validateOpenFile(payload)
      : command === 'saveFile'
        ? validateSaveFile(payload)
        : validateShareClass(payload);
  return checked as Result<DesktopCommands[K]['request']>;
}

/** Kinds that carry nothing but their kind. */
const BARE_ACTIONS = new Set([
  'run',
  'stop',
  'open-trace',
  'save-trace',
  'export-picture',
  'export-video',
  'shortcuts',
]);

/** Longest lesson id or file name an action may carry. */
const MAX_ACTION_TEXT = 200;

/** Longest viewers' address (a LAN address, a port and a secret are under 100 characters). */
const MAX_SHARE_URL_CHARS = 2_000;
/** Largest QR code: the viewers' address as SVG is about 10 kB. */
const MAX_QR_SVG_CHARS = 200_000;

/** What Share with class hands the page: a presenter's name, an http address and its QR code. */
export function isShareInfo(value: unknown): value is ShareInfo & { viewerUrl: string; qrSvg: string } {
  if (!isRecord(value) || Object.keys(value).some((key) => !['presenter', 'viewerUrl', 'qrSvg'].includes(key))) {
    return false;
  }
  const { presenter, viewerUrl, qrSvg } = value;
  if (typeof presenter !== 'string' || presenter.length === 0 || presenter.length > MAX_ACTION_TEXT) return false;
  if (typeof viewerUrl !== 'string' || viewerUrl.length > MAX_SHARE_URL_CHARS || !/^http:\/\/[^\s]+$/.test(viewerUrl)) {
    return false;
  }
  return typeof qrSvg === 'string' && qrSvg.length <= MAX_QR_SVG_CHARS && qrSvg.trimStart().startsWith('<svg');
}

/** A menu action as the page receives it, checked; anything else is null (and ignored). */
export function parseAppAction(value: unknown): AppAction | null {
  if (!isRecord(value) || typeof value.kind !== 'string') return null;
  const keys = Object.keys(value);
  const only = (...allowed: string[]): boolean => keys.every((key) => key === 'kind' || allowed.includes(key));
  const text = (field: unknown): field is string =>
    typeof field === 'string' && field.length > 0 && field.length <= MAX_ACTION_TEXT;
  if (BARE_ACTIONS.has(value.kind)) return only() ? ({ kind: value.kind } as AppAction) : null;
  switch (value.kind) {
    case 'lesson':
      return only('lesson') && text(value.lesson) ? { kind: 'lesson', lesson: value.lesson } : null;
    case 'presentation':
      return only('on') && typeof value.on === 'boolean' ? { kind: 'presentation', on: value.on } : null;
    case 'theme':
      return only('theme') && oneOf(value.theme, THEMES) ? { kind: 'theme', theme: value.theme } : null;
    case 'trace-launched':
      return only('name') && text(value.name) ? { kind: 'trace-launched', name: value.name } : null;
    case 'share':
      if (!only('share')) return null;
      if (value.share === null) return { kind: 'share', share: null };
      return isShareInfo(value.share) ? { kind: 'share', share: value.share } : null;
    default:
      return null;
  }
}
