import { describe, expect, it } from 'vitest';
import type { SaveFileRequest } from '../../../../src/core/contract';
import { saveExport } from '../../../../src/renderer/lib/export/save-file';

describe('saveExport in the desktop app', () => {
  const bytes = new Uint8Array([1, 2, 3]);

  it('asks through the saveFile desktop command, naming the purpose and a suggested name, never a path', async () => {
    const asked: SaveFileRequest[] = [];
    const desktop = {
      available: true,
      saveFile: async (request: SaveFileRequest) => {
        asked.push(request);
        return { ok: true as const, value: { name: 'kept.webm', bytes: 3 } };
      },
    };
    expect(await saveExport(desktop, 'video', 'lesson-1080p30.webm', bytes, 'video/webm')).toEqual({
      ok: true,
      value: { saved: true, name: 'kept.webm' },
    });
    expect(asked).toEqual([{ purpose: 'video', suggestedName: 'lesson-1080p30.webm', data: bytes }]);
  });

  it('says so when the dialog was cancelled, and passes a refusal on as one message', async () => {
    const cancelled = { available: true, saveFile: async () => ({ ok: true as const, value: null }) };
    expect(await saveExport(cancelled, 'picture', 'a.png', bytes, 'image/png')).toEqual({
      ok: true,
      value: { saved: false },
    });
    const refused = {
      available: true,
      saveFile: async () => ({ ok: false as const, error: 'The file is too large.' }),
    };
    expect(await saveExport(refused, 'picture', 'a.png', bytes, 'image/png')).toEqual({
      ok: false,
      error: 'The file is too large.',
    });
  });
});
