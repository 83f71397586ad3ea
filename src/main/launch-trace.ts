// A trace Lanes is started with: `lanes run.lanes.json`, a double click in the file manager
// (Linux and Windows pass it on the command line; macOS sends `open-file`), or the same to an
// already running Lanes (`second-instance`). Runs in Electron main; the page is told a trace is
// waiting and fetches it with openFile from 'launch', so the page never handles a path.

import { basename, isAbsolute, resolve } from 'node:path';

/** The file association's ending (electron-builder.yml `fileAssociations`). */
export const TRACE_ENDING = '.lanes.json';

/**
 * The switch `lanes open FILE` passes (bin/lanes.mjs), after checking the file: it names any trace
 * (also a plain `.json`, as `lanes run --trace` writes), where a bare argument must end in
 * TRACE_ENDING. Chromium ignores switches it does not know.
 */
export const OPEN_TRACE_SWITCH = '--open-trace=';

/**
 * The trace named on a command line, resolved against `cwd`, or null. `argv` is the whole
 * process argv: the executable, then (unpackaged) the app folder, then switches and files.
 * Chromium switches (`--foo`) are never files, but for OPEN_TRACE_SWITCH; the last trace named wins.
 */
export function traceFromArgv(argv: readonly string[], cwd: string): string | null {
  const files = argv.slice(1).flatMap((arg) => {
    if (arg.startsWith(OPEN_TRACE_SWITCH)) {
      const path = arg.slice(OPEN_TRACE_SWITCH.length);
      return path === '' ? [] : [path];
    }
    const file = !arg.startsWith('-') && arg.toLowerCase().endsWith(TRACE_ENDING) && arg.length > TRACE_ENDING.length;
    return file ? [arg] : [];
  });
  const last = files.at(-1);
  if (last === undefined) return null;
  return isAbsolute(last) ? last : resolve(cwd, last);
}

export interface LaunchedTrace {
  /** The path waiting to be opened, if any. */
  path(): string | null;
  clear(): void;
  /** A trace arrived (argv, open-file, second instance); tell the page when it is ready. */
  offer(path: string): void;
  /** The page started (re)loading: hold the news until it is ready. */
  pageLoading(): void;
  /** The page is (again) ready to be told. */
  pageReady(): void;
}

/** Holds the launched trace and tells the page about it once the page can listen. */
export function createLaunchedTrace(tell: (name: string) => void): LaunchedTrace {
  let waiting: string | null = null;
  let ready = false;
  return {
    path: () => waiting,
    clear() {
      waiting = null;
    },
    offer(path) {
      waiting = path;
      if (ready) tell(basename(path));
    },
    pageLoading() {
      ready = false;
    },
    pageReady() {
      ready = true;
      if (waiting !== null) tell(basename(waiting));
    },
  };
}
