// Which URLs are the app's own page: app://lanes/… in a built app, or the electron-vite dev
// server in development. Runs in Electron main; the IPC sender check and the navigation guard
// both ask it, so they cannot disagree. No electron import: unit tests use it directly.

export const APP_SCHEME = 'app';
export const APP_HOST = 'lanes';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** A parsed URL or null: anything unparsable is never ours. */
function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * A predicate for "this URL belongs to our page". `devServerUrl` is ELECTRON_RENDERER_URL when
 * running under `electron-vite dev`; otherwise only app://lanes is trusted.
 */
export function createOriginCheck(devServerUrl?: string): (url: string) => boolean {
  const devOrigin = devServerUrl ? parse(devServerUrl)?.origin : undefined;
  return (url) => {
    const parsed = parse(url);
    if (!parsed) return false;
    // WHATWG URL gives custom schemes an opaque origin ("null"), so compare scheme and host
    // (host includes any port) instead of `.origin`; never a string prefix, which
    // app://lanes.evil/ would pass.
    if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST && parsed.username === '';
    return devOrigin !== undefined && devOrigin !== 'null' && parsed.origin === devOrigin;
  };
}
