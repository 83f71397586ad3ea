// Hands an exported file to the user: in the desktop app the system's save dialog asks where
// (the saveFile desktop command; the page never names a path), in a browser it downloads. Runs
// in the renderer; the export dialogs call it once a picture or video is ready.

import type { FilePurpose, Result } from '../../../core/contract';
import type { Desktop } from '../transport/desktop';

/** What became of the file: saved (or downloaded) under a name, or the user cancelled. */
export type SaveOutcome = { saved: true; name: string } | { saved: false };

/** A blob URL lives this long after the click that downloads it, ms (the download has started). */
const REVOKE_AFTER_MS = 60_000;

function download(name: string, data: Uint8Array | string, mimeType: string): void {
  const blob = new Blob([data as BlobPart], { type: mimeType });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

export async function saveExport(
  desktop: Pick<Desktop, 'available' | 'saveFile'>,
  purpose: FilePurpose,
  name: string,
  data: Uint8Array | string,
  mimeType: string,
): Promise<Result<SaveOutcome>> {
  if (!desktop.available) {
    download(name, data, mimeType);
    return { ok: true, value: { saved: true, name } };
  }
  const answer = await desktop.saveFile({ purpose, suggestedName: name, data });
  if (!answer.ok) return answer;
  return { ok: true, value: answer.value ? { saved: true, name: answer.value.name } : { saved: false } };
}
