// Where the app's resources are: the project's resources/ folder when run from source, and
// process.resourcesPath (electron-builder's extraResources, outside the ASAR archive) when
// packaged. Runs in Electron main; index.ts asks it for the Python folder and the window icon.

import { join } from 'node:path';

export interface ResourcePaths {
  /** resources/python: the tracer, the workload and the lessons' programs (run by python3). */
  python: string;
  /** The window icon (Linux; Windows and macOS use the executable's). */
  icon: string;
}

/** The Python folder and window icon, packaged or run from source. */
export function resourcePaths(where: { packaged: boolean; appPath: string; resourcesPath: string }): ResourcePaths {
  // Packaged, python3 must be able to read these files, so they ship beside app.asar, not in it.
  const root = where.packaged ? where.resourcesPath : join(where.appPath, 'resources');
  return { python: join(root, 'python'), icon: join(root, 'icons', '512x512.png') };
}
