// Opening and saving files for the page through the native dialogs: the page says what for
// (a trace, a picture, a video), never where; main asks the user, checks the file's size before
// reading a byte, and reads or writes it. Runs in Electron main; ipc.desktop.ts calls it with
// validated payloads. The dialogs and the file system are injected, so tests drive it with fakes.

import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  FILE_ENDINGS,
  FILE_LIMITS,
  type FilePurpose,
  type OpenFileRequest,
  type OpenedFile,
  type Result,
  type SaveFileRequest,
  type SavedFile,
} from '../core/contract';

/** The part of Electron's dialog options Lanes sets (OpenDialogOptions / SaveDialogOptions). */
export interface DialogFilter {
  name: string;
  extensions: string[];
}
export interface OpenDialogRequest {
  title: string;
  filters: DialogFilter[];
  properties: ['openFile'];
}
export interface SaveDialogRequest {
  title: string;
  defaultPath: string;
  filters: DialogFilter[];
}

/** An open file: the few handle methods the reader uses (fs/promises FileHandle). */
export interface OpenHandle {
  stat(): Promise<{ size: number; isFile(): boolean }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

export interface FileDeps {
  /** The native open dialog, modal to our window; resolves with the chosen path or null. */
  showOpenDialog(request: OpenDialogRequest): Promise<string | null>;
  /** The native save dialog; resolves with the chosen path or null. */
  showSaveDialog(request: SaveDialogRequest): Promise<string | null>;
  openForReading(path: string): Promise<OpenHandle>;
  /** Writes the whole file (atomically where the caller can: see writeFileAtomic). */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** The folder save dialogs start in (the user's documents). */
  defaultFolder(): string;
  /** The trace Lanes was started with (command line or file manager), or null. */
  launchedTrace(): string | null;
  /** Forget the launched trace once it has been read. */
  clearLaunchedTrace(): void;
}

const PURPOSE_WORDS: Record<FilePurpose, { title: string; filter: string }> = {
  trace: { title: 'Lanes trace', filter: 'Lanes traces' },
  picture: { title: 'picture', filter: 'Pictures (PNG, SVG)' },
  video: { title: 'video', filter: 'Videos' },
};

/** Dialog filters from FILE_ENDINGS: Electron wants extensions without their leading dot. */
export function dialogFilters(purpose: FilePurpose): DialogFilter[] {
  // '.lanes.json' is matched as "*.json" by every system's dialog; the name check does the rest.
  const extensions = [...new Set(FILE_ENDINGS[purpose].map((ending) => ending.split('.').at(-1)!))];
  return [{ name: PURPOSE_WORDS[purpose].filter, extensions }];
}

/** Whole megabytes for a message: 212,000,000 bytes is "212 MB". */
function megabytes(bytes: number): string {
  return `${Math.ceil(bytes / 1_000_000)} MB`;
}

/** A file-system error in words; never a stack trace or an errno number. */
export function describeFileError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'it does not exist (any more)';
    case 'EACCES':
    case 'EPERM':
      return 'permission was refused';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EBUSY':
      return 'another program is using it';
    default:
      return 'the system refused';
  }
}

/**
 * Reads a file as UTF-8 text, refusing anything that is not a regular file (a device or a pipe
 * could be endless) or is larger than `maxBytes`, judged on the open handle before reading.
 */
export async function readTextBounded(
  deps: Pick<FileDeps, 'openForReading'>,
  path: string,
  maxBytes: number,
): Promise<Result<string>> {
  const name = basename(path);
  let handle: OpenHandle;
  try {
    handle = await deps.openForReading(path);
  } catch (error) {
    return { ok: false, error: `Could not open "${name}": ${describeFileError(error)}.` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, error: `"${name}" is not a file Lanes can open.` };
    if (stat.size > maxBytes) {
      return {
        ok: false,
        error: `"${name}" is ${megabytes(stat.size)}; Lanes opens traces up to ${megabytes(maxBytes)}.`,
      };
    }
    // One byte more than the limit: a file that grew since stat() is caught, not read on and on.
    const buffer = new Uint8Array(Math.min(stat.size, maxBytes) + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) {
      return { ok: false, error: `"${name}" grew past ${megabytes(maxBytes)} while it was read.` };
    }
    try {
      return { ok: true, value: new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, filled)) };
    } catch {
      return { ok: false, error: `"${name}" is not text (UTF-8): it is not a Lanes trace.` };
    }
  } catch (error) {
    return { ok: false, error: `Could not read "${name}": ${describeFileError(error)}.` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Opens a file to read without waiting: a named pipe would otherwise block here until some writer
 * came (forever, on a thread of the pool), before readTextBounded could refuse it for not being a
 * file. O_NONBLOCK changes nothing for regular files; Windows has no such flag (and no such pipes).
 */
export function openForReading(path: string): Promise<OpenHandle> {
  return open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
}

/** Byte size of what will be written. */
function byteSize(data: string | Uint8Array): number {
  return typeof data === 'string' ? Buffer.byteLength(data, 'utf8') : data.byteLength;
}

/** Adds the purpose's ending when the user typed a name without one. */
export function withEnding(path: string, purpose: FilePurpose): string {
  const lower = path.toLowerCase();
  return FILE_ENDINGS[purpose].some((ending) => lower.endsWith(ending)) ? path : `${path}${FILE_ENDINGS[purpose][0]}`;
}

export interface FileCommands {
  openFile(request: OpenFileRequest): Promise<Result<OpenedFile | null>>;
  saveFile(request: SaveFileRequest): Promise<Result<SavedFile | null>>;
}

/** The desktop's file commands over injected dialogs and file system; payloads arrive validated. */
export function createFileCommands(deps: FileDeps): FileCommands {
  return {
    async openFile(request) {
      let path: string | null;
      if (request.from === 'launch') {
        path = deps.launchedTrace();
        if (path === null) return { ok: false, error: 'Lanes was not started with a trace file.' };
        deps.clearLaunchedTrace();
      } else {
        path = await deps.showOpenDialog({
          title: 'Open a Lanes trace',
          filters: dialogFilters('trace'),
          properties: ['openFile'],
        });
        if (path === null) return { ok: true, value: null };
      }
      const text = await readTextBounded(deps, path, FILE_LIMITS.MAX_OPEN_BYTES);
      return text.ok ? { ok: true, value: { name: basename(path), text: text.value } } : text;
    },

    async saveFile(request) {
      const bytes = byteSize(request.data);
      if (bytes > FILE_LIMITS.MAX_SAVE_BYTES) {
        return {
          ok: false,
          error: `The file is too large to save (at most ${megabytes(FILE_LIMITS.MAX_SAVE_BYTES)}).`,
        };
      }
      const chosen = await deps.showSaveDialog({
        title: `Save the ${PURPOSE_WORDS[request.purpose].title}`,
        defaultPath: join(deps.defaultFolder(), request.suggestedName),
        filters: dialogFilters(request.purpose),
      });
      if (chosen === null) return { ok: true, value: null };
      const path = withEnding(chosen, request.purpose);
      try {
        await deps.writeFile(path, request.data);
      } catch (error) {
        return { ok: false, error: `Could not save "${basename(path)}": ${describeFileError(error)}.` };
      }
      return { ok: true, value: { name: basename(path), bytes } };
    },
  };
}
