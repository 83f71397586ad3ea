// The desktop's file commands over fake dialogs and a fake file system: a file's size is judged
// before a byte is read, only regular UTF-8 files open, cancel is no error, a saved name gets its
// ending, and every failure is one sentence without a path's folder or a stack.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_LIMITS } from '../../../src/core/contract';
import { writeFileAtomic } from '../../../src/main/atomic-file';
import {
  createFileCommands,
  describeFileError,
  dialogFilters,
  openForReading,
  readTextBounded,
  withEnding,
  type FileDeps,
  type OpenHandle,
} from '../../../src/main/files';

/** A file that is `size` bytes long by its stat, whose reads are counted. */
function fakeHandle(content: Uint8Array, options: { size?: number; isFile?: boolean; growBy?: number } = {}) {
  const counts = { reads: 0, closed: 0 };
  const handle: OpenHandle = {
    stat: async () => ({ size: options.size ?? content.length, isFile: () => options.isFile ?? true }),
    async read(buffer, offset, length, position) {
      counts.reads++;
      const source = options.growBy ? new Uint8Array(content.length + options.growBy).fill(65) : content;
      const chunk = source.subarray(position, position + length);
      buffer.set(chunk, offset);
      return { bytesRead: chunk.length };
    },
    async close() {
      counts.closed++;
    },
  };
  return { handle, counts };
}

function deps(
  overrides: Partial<FileDeps> = {},
): FileDeps & { written: [string, string | Uint8Array][]; dialogs: string[] } {
  const written: [string, string | Uint8Array][] = [];
  const dialogs: string[] = [];
  let launched: string | null = '/home/teacher/Desktop/lesson.lanes.json';
  return {
    written,
    dialogs,
    showOpenDialog: async (request) => (dialogs.push(`open: ${request.title}`), '/home/teacher/run.lanes.json'),
    showSaveDialog: async (request) => (dialogs.push(`save: ${request.defaultPath}`), '/home/teacher/out'),
    openForReading: async () => fakeHandle(new TextEncoder().encode('{"traceEvents":[]}')).handle,
    writeFile: async (path, data) => void written.push([path, data]),
    defaultFolder: () => '/home/teacher/Documents',
    launchedTrace: () => launched,
    clearLaunchedTrace: () => (launched = null),
    ...overrides,
  };
}

describe('reading a trace', () => {
  it('refuses a file over the limit on its size, without reading it', async () => {
    const { handle, counts } = fakeHandle(new Uint8Array(0), { size: 250_000_000 });
    const result = await readTextBounded(
      { openForReading: async () => handle },
      '/x/big.lanes.json',
      FILE_LIMITS.MAX_OPEN_BYTES,
    );
    expect(result).toEqual({ ok: false, error: '"big.lanes.json" is 250 MB; Lanes opens traces up to 200 MB.' });
    expect(counts).toEqual({ reads: 0, closed: 1 });
  });

  it('refuses what is not a regular file (a device or a pipe could be endless)', async () => {
    const { handle, counts } = fakeHandle(new Uint8Array(0), { isFile: false, size: 0 });
    expect(await readTextBounded({ openForReading: async () => handle }, '/dev/zero', 100)).toEqual({
      ok: false,
      error: '"zero" is not a file Lanes can open.',
    });
    expect(counts.reads).toBe(0);
  });

  it('stops a file that grows while it is read at one byte past the limit', async () => {
    const { handle, counts } = fakeHandle(new Uint8Array(10).fill(65), { growBy: 1_000 });
    expect(await readTextBounded({ openForReading: async () => handle }, '/x/log.json', 10)).toEqual({
      ok: false,
      error: '"log.json" grew past 1 MB while it was read.',
    });
    expect(counts.closed).toBe(1);
  });

  it('refuses bytes that are not UTF-8, and says why a file could not be opened', async () => {
    const { handle } = fakeHandle(new Uint8Array([0xff, 0xfe, 0x00]));
    expect(await readTextBounded({ openForReading: async () => handle }, '/x/a.png', 100)).toEqual({
      ok: false,
      error: '"a.png" is not text (UTF-8): it is not a Lanes trace.',
    });
    const denied = Object.assign(new Error('EACCES: permission denied, open /root/secret'), { code: 'EACCES' });
    expect(
      await readTextBounded(
        {
          openForReading: async () => {
            throw denied;
          },
        },
        '/root/secret.lanes.json',
        100,
      ),
    ).toEqual({ ok: false, error: 'Could not open "secret.lanes.json": permission was refused.' });
  });

  it('reads a real file on disk through fs/promises', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanes-files-'));
    try {
      writeFileSync(join(dir, 'ok.lanes.json'), 'é{}');
      expect(
        await readTextBounded({ openForReading: (path) => open(path, 'r') }, join(dir, 'ok.lanes.json'), 100),
      ).toEqual({
        ok: true,
        value: 'é{}',
      });
      expect(
        await readTextBounded({ openForReading: (path) => open(path, 'r') }, join(dir, 'ok.lanes.json'), 3),
      ).toMatchObject({
        ok: false,
      });
      mkdirSync(join(dir, 'folder.lanes.json'));
      expect(
        await readTextBounded({ openForReading: (path) => open(path, 'r') }, join(dir, 'folder.lanes.json'), 100),
      ).toEqual({
        ok: false,
        error: '"folder.lanes.json" is not a file Lanes can open.',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openForReading', () => {
  it('never waits on a named pipe: it is refused at once, as any other file that is not a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanes-files-'));
    try {
      const fifo = join(dir, 'pipe.lanes.json');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      // Opening a pipe for reading waits for a writer that never comes, unless told not to.
      const answer = readTextBounded({ openForReading }, fifo, 100);
      const late = new Promise((done) => setTimeout(() => done('still waiting after 3 s'), 3_000).unref());
      expect(await Promise.race([answer, late])).toEqual({
        ok: false,
        error: '"pipe.lanes.json" is not a file Lanes can open.',
      });
      writeFileSync(join(dir, 'ok.lanes.json'), '{}');
      expect(await readTextBounded({ openForReading }, join(dir, 'ok.lanes.json'), 100)).toEqual({
        ok: true,
        value: '{}',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('openFile', () => {
  it('asks with the trace filter and returns the name and text; Cancel is no error', async () => {
    const d = deps();
    expect(await createFileCommands(d).openFile({ purpose: 'trace' })).toEqual({
      ok: true,
      value: { name: 'run.lanes.json', text: '{"traceEvents":[]}' },
    });
    expect(await createFileCommands({ ...d, showOpenDialog: async () => null }).openFile({ purpose: 'trace' })).toEqual(
      {
        ok: true,
        value: null,
      },
    );
  });

  it('reads the launched trace once, without a dialog', async () => {
    const d = deps();
    const files = createFileCommands(d);
    expect(await files.openFile({ purpose: 'trace', from: 'launch' })).toMatchObject({
      ok: true,
      value: { name: 'lesson.lanes.json' },
    });
    expect(await files.openFile({ purpose: 'trace', from: 'launch' })).toEqual({
      ok: false,
      error: 'Lanes was not started with a trace file.',
    });
    expect(d.dialogs).toEqual([]);
  });
});

describe('saveFile', () => {
  it('suggests the name in the documents folder, adds the ending, and writes the data', async () => {
    const d = deps();
    const data = new Uint8Array([1, 2, 3]);
    expect(await createFileCommands(d).saveFile({ purpose: 'picture', suggestedName: 'lanes.png', data })).toEqual({
      ok: true,
      value: { name: 'out.png', bytes: 3 },
    });
    expect(d.dialogs).toEqual(['save: /home/teacher/Documents/lanes.png']);
    expect(d.written).toEqual([['/home/teacher/out.png', data]]);
  });

  it('counts a trace in UTF-8 bytes, and words a failed write', async () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const d = deps({
      writeFile: async () => {
        throw full;
      },
    });
    expect(
      await createFileCommands(d).saveFile({ purpose: 'trace', suggestedName: 'run.lanes.json', data: 'ééé' }),
    ).toEqual({
      ok: false,
      error: 'Could not save "out.lanes.json": the disk is full.',
    });
    const saved = await createFileCommands(deps()).saveFile({ purpose: 'trace', suggestedName: 'a.json', data: 'ééé' });
    expect(saved).toEqual({ ok: true, value: { name: 'out.lanes.json', bytes: 6 } });
  });

  it('writes nothing when the user cancels', async () => {
    const d = deps({ showSaveDialog: async () => null });
    expect(
      await createFileCommands(d).saveFile({ purpose: 'video', suggestedName: 'a.webm', data: new Uint8Array([1]) }),
    ).toEqual({
      ok: true,
      value: null,
    });
    expect(d.written).toEqual([]);
  });
});

describe('the small parts', () => {
  it('filters by the last part of each ending, as every dialog matches', () => {
    expect(dialogFilters('trace')).toEqual([{ name: 'Lanes traces', extensions: ['json'] }]);
    expect(dialogFilters('video')).toEqual([{ name: 'Videos', extensions: ['webm', 'mp4'] }]);
  });

  it('adds an ending only where the name has none of the allowed ones', () => {
    expect(withEnding('/a/b', 'trace')).toBe('/a/b.lanes.json');
    expect(withEnding('/a/b.JSON', 'trace')).toBe('/a/b.JSON');
    expect(withEnding('/a/b.mp4', 'video')).toBe('/a/b.mp4');
  });

  it('words errors without codes or stacks', () => {
    expect(describeFileError({ code: 'EROFS' })).toBe('the disk is read-only');
    expect(describeFileError(new Error('boom'))).toBe('the system refused');
    expect(describeFileError(null)).toBe('the system refused');
  });

  it('writes atomically: the whole file or the old one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lanes-atomic-'));
    try {
      const path = join(dir, 'state.json');
      await writeFileAtomic(path, 'one');
      await writeFileAtomic(path, 'two');
      expect(readFileSync(path, 'utf8')).toBe('two');
      await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'three')).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
