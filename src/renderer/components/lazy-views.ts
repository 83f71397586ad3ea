// The views the first screen does not show, each loaded when first opened (components/Lazy):
// Compare with its bands and speedup chart, and Code's panel (which loads the editor itself).
// Together they are about a fifth of the page's JavaScript. Runs in the renderer; App uses them.

import { LazyPart } from '../lib/controls/lazy';

export const compareView = new LazyPart('the Compare view', () =>
  import('./CompareView.html.svelte').then((module) => module.default),
);

export const codePanel = new LazyPart('the Code view', () =>
  import('./CodePanel.html.svelte').then((module) => module.default),
);

export const editorSplitter = new LazyPart('the editor’s splitter', () =>
  import('./Splitter.html.svelte').then((module) => module.default),
);

export const exportVideoDialog = new LazyPart('the Export video dialog', () =>
  import('./ExportVideoDialog.html.svelte').then((module) => module.default),
);

export const exportPictureDialog = new LazyPart('the Export picture dialog', () =>
  import('./ExportPictureDialog.html.svelte').then((module) => module.default),
);

export const shortcutsOverlay = new LazyPart('the list of keyboard shortcuts', () =>
  import('./ShortcutsOverlay.html.svelte').then((module) => module.default),
);

export const screencastLayer = new LazyPart('screencast mode', () =>
  import('./ScreencastLayer.html.svelte').then((module) => module.default),
);

export const traceBanner = new LazyPart('the trace banner', () =>
  import('./TraceBanner.html.svelte').then((module) => module.default),
);
