// The About Lanes box: the versions of Lanes, Electron, Chromium, Node and the Python that real
// Python runs use. Runs in Electron main; the menu's About item shows it over the window.

export interface AboutVersions {
  lanes: string;
  electron: string;
  chrome: string;
  node: string;
  /** e.g. "3.11.7", or null when no usable Python was found. */
  python: string | null;
}

/** What the message box says (Electron's MessageBoxOptions, the parts used). */
export interface AboutBox {
  type: 'info';
  title: string;
  message: string;
  detail: string;
  buttons: string[];
}

/** The About box for these versions. */
export function aboutBox(versions: AboutVersions): AboutBox {
  return {
    type: 'info',
    title: 'About Lanes',
    message: `Lanes ${versions.lanes}`,
    detail: [
      'Concurrency and parallelism, measured: real threads, real processes, real CPU numbers.',
      '',
      `Electron ${versions.electron}`,
      `Chromium ${versions.chrome}`,
      `Node ${versions.node}`,
      versions.python ? `Python ${versions.python}` : 'Python: not found (real-Python runs are off)',
    ].join('\n'),
    buttons: ['OK'],
  };
}
