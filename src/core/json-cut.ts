// Why a JSON text did not parse, in words: cut short (and in the middle of what), or wrong at a
// line and column. JSON.parse's own messages differ between engines and name no context, so the
// text is scanned once more, only after a failed parse. Runs anywhere (the trace reader).

/** What a scan of a text that failed to parse found. */
export type JsonFault =
  /** The text ends with something still open: `inside` says what, `events` how many were whole. */
  | { kind: 'cut'; inside: string; complete: number | null; topOpen: boolean }
  | { kind: 'wrong'; line: number; column: number | null };

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COLON = 0x3a; // :

/** Characters at the end of a text within which an engine's error position means "at the end". */
const END_SLACK_CHARS = 16;

/** The error position V8 (Chromium, Node, Electron) reports, or null where the engine names none. */
function errorPosition(message: string): number | null {
  const match = /at position (\d+)/.exec(message);
  return match ? Number(match[1]) : null;
}

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: position - lineStart + 1 };
}

/**
 * Explains a failed JSON.parse of `text` (its `message`). Cut short: the brackets and quotes are
 * still open where the text ends, and the engine (where it says) failed at the end. `complete`
 * counts the whole objects closed inside the trace's list of events (top-level array, or the
 * `traceEvents` array of a top-level object), or is null when the text ends outside that list.
 */
export function explainJsonFailure(text: string, message: string): JsonFault {
  const position = errorPosition(message);
  const atEnd = position === null || position >= text.trimEnd().length - END_SLACK_CHARS;
  const stack: number[] = [];
  let inString = false;
  let escaped = false;
  let mismatched = false;
  let stringStart = -1;
  let lastTopString = '';
  let topKey = '';
  let complete = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (code === BACKSLASH) escaped = true;
      else if (code === QUOTE) {
        inString = false;
        if (stack.length === 1 && stack[0] === OPEN_OBJECT) lastTopString = text.slice(stringStart + 1, i);
      }
      continue;
    }
    if (code === QUOTE) {
      inString = true;
      stringStart = i;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      stack.push(code);
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      const open = stack.pop();
      if (open !== (code === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) {
        mismatched = true;
        break;
      }
      if (code === CLOSE_OBJECT && inEvents(stack, topKey)) complete++;
    } else if (code === COLON && stack.length === 1 && stack[0] === OPEN_OBJECT) {
      topKey = lastTopString;
    }
  }
  const open = inString || stack.length > 0;
  if (!mismatched && open && atEnd) {
    const inside = inString
      ? 'a text'
      : stack.at(-1) === OPEN_OBJECT
        ? stack.length === 1
          ? 'the file’s outer object'
          : 'an object'
        : 'a list';
    const events = withinEvents(stack, topKey);
    return {
      kind: 'cut',
      inside: events ? 'its events' : topKey === 'metadata' ? 'its metadata (where Lanes keeps the run)' : inside,
      complete: events ? complete : null,
      topOpen: stack.length === 1 && !inString,
    };
  }
  const where = position === null ? null : lineAndColumn(text, position);
  return { kind: 'wrong', line: where?.line ?? 1, column: where?.column ?? null };
}

/** Whether the text is inside the trace's list of events (in the list, or in one of its events). */
function withinEvents(stack: readonly number[], topKey: string): boolean {
  if (stack[0] === OPEN_ARRAY) return true;
  return stack.length >= 2 && inEvents(stack.slice(0, 2), topKey);
}

/** Whether the innermost open container is the trace's list of events. */
function inEvents(stack: readonly number[], topKey: string): boolean {
  if (stack.length === 1) return stack[0] === OPEN_ARRAY;
  return stack.length === 2 && stack[0] === OPEN_OBJECT && stack[1] === OPEN_ARRAY && topKey === 'traceEvents';
}
