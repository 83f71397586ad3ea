// What an export's button and dialog are given (ExportPicture, ExportVideo, their dialogs):
// the shown run and how to save, then how the button opens the dialog. Runs in the renderer.

import type { RunStore } from '../record/run.svelte';
import type { Desktop } from '../transport/desktop';
import type { ExportCurves } from './compositor';

/** The run to export and where it goes. */
export interface ExportSource {
  store: RunStore;
  desktop: Desktop;
  measured: boolean;
  /** The page's concurrency-vs-parallelism curves for the shown run. */
  curves: () => ExportCurves;
}

/** How ExportButton opens a dialog it fetched. */
export interface DialogOpening {
  /** Where focus goes back to when the dialog closes: the button that opened it. */
  returnFocus: HTMLElement | undefined;
  /** Openings asked for so far: each new one opens the dialog. */
  opens: number;
}
