// Serves the built renderer (out/renderer) on app://lanes with a strict Content-Security-Policy.
// Runs in Electron main as the `protocol.handle('app', …)` handler, thin over the files, types and
// headers the web shell serves too (node/static-files.ts); no electron import beyond a type, so
// unit tests call it directly.

import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY, mimeType, resolveStaticPath, serveStatic, type ReadFile } from '../node/static-files';
import { APP_HOST, APP_SCHEME } from './origin';

export { CONTENT_SECURITY_POLICY, mimeType };

/**
 * app:// is standard (relative URLs and a real origin) and secure (a secure context). Vite emits
 * `<script type="module" crossorigin>`, fetched in CORS mode, which Chromium allows only on
 * CORS-enabled schemes; fetch() of the app's own assets needs supportFetchAPI. No bypassCSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

/** The URL's path when it is one of ours (app://lanes/…), else null: other hosts and schemes are refused. */
function appPathname(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST ? parsed.pathname : null;
  } catch {
    return null;
  }
}

/** The file under `root` an app:// URL names, or null when the URL is foreign or escapes root. */
export function resolveAppPath(root: string, url: string): string | null {
  const pathname = appPathname(url);
  return pathname === null ? null : resolveStaticPath(root, pathname);
}

/** The app:// request handler serving files under `root`; every response carries the CSP. */
export function createAppHandler(root: string, read?: ReadFile): (request: Request) => Promise<Response> {
  return async (request) => {
    // A foreign URL gets the same refusal as a path outside the root: an impossible path.
    const pathname = appPathname(request.url) ?? '/..';
    const { status, headers, body } = await serveStatic(root, request.method, pathname, read);
    return new Response(body, { status, headers });
  };
}
