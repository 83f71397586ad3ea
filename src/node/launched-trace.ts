// The trace `lanes open FILE --web` serves to the browser: read and checked by the CLI before the
// server started, handed to the first page that asks (the web shell's launchTrace command), then
// forgotten, as the desktop forgets its launched trace once the page has read it. Runs in the
// Node engine; endpoint.ts answers launchTrace from it. The page never names a path.

import type { OpenedFile, Result } from '../core/contract';

export interface LaunchedTraceSlot {
  /** The trace, once; null when there was none or it has been taken. */
  take(): OpenedFile | null;
}

export function launchedTraceSlot(file: OpenedFile | null): LaunchedTraceSlot {
  let waiting = file;
  return {
    take() {
      const taken = waiting;
      waiting = null;
      return taken;
    },
  };
}

/** Answers launchTrace (which takes no payload) from `slot`. */
export function launchTrace(slot: LaunchedTraceSlot | null, payload: unknown): Result<OpenedFile | null> {
  if (payload !== null && payload !== undefined) return { ok: false, error: 'launchTrace takes no parameters.' };
  return { ok: true, value: slot?.take() ?? null };
}
