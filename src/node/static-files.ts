// The built renderer's files as both shells serve them: which file a request's path names
// (anything outside the root refused), its MIME type, and the headers every response carries,
// the one Content-Security-Policy among them. Runs in Electron main (the app:// handler,
// main/protocol.ts) and in the Node web server (server/server.ts); both are thin over this.

import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';

/**
 * Everything is refused unless listed. Scripts only from the app itself (no inline, no eval).
 * 'unsafe-inline' styles are allowed because Svelte's `style:` directives and D3-computed
 * positions write `style="…"` attributes; styles cannot run code, scripts stay strict.
 * data: images cover canvas snapshots. connect-src 'self' is all the page needs in both shells:
 * the web shell's WebSocket is its own origin, which 'self' covers (CSP Level 3; Chromium 71,
 * Firefox 2018, Safari 16), so the policy never names a host taken from a request.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The MIME type for a file name; unknown types are opaque bytes (and `nosniff` keeps them so). */
export function mimeType(file: string): string {
  return MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Headers for every response of either shell, errors included: the policy above; the declared
 * type is final (no sniffing a .txt into a script); no referrer leaves the page; no other
 * window may hold a reference to it; files change with every build, so nothing stale is shown.
 */
export function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
}

/**
 * The file under `root` a URL path names (query and fragment ignored, percent-escapes decoded so
 * %2e%2e%2f is judged as the path it spells; "/" is index.html), or null when the path is
 * malformed or would leave `root` (../, an absolute or other-drive path, a NUL).
 */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/, 1)[0]!);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const path = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const file = resolve(base, path);
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

/** A response to send, whatever carries it (a fetch Response, an HTTP response). */
export interface StaticResponse {
  status: 200 | 403 | 404 | 405;
  headers: Record<string, string>;
  /** Null for HEAD. */
  body: Uint8Array | string | null;
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/**
 * Answers a GET or HEAD for `urlPath` from the files under `root`: the file with its type, 403
 * for a path outside the root, 404 for what cannot be read (missing, a folder), 405 for any other
 * method. Every answer carries securityHeaders().
 */
export async function serveStatic(
  root: string,
  method: string | undefined,
  urlPath: string,
  read: ReadFile = readFile,
): Promise<StaticResponse> {
  const text = (status: StaticResponse['status'], body: string, extra: Record<string, string> = {}) => ({
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders(), ...extra },
    body: method === 'HEAD' ? null : body,
  });
  if (method !== 'GET' && method !== 'HEAD') return text(405, 'Method not allowed.\n', { Allow: 'GET, HEAD' });
  const file = resolveStaticPath(root, urlPath);
  if (!file) return text(403, 'Refused.\n');
  let bytes: Uint8Array;
  try {
    bytes = await read(file);
  } catch {
    return text(404, 'Not found.\n');
  }
  return {
    status: 200,
    headers: { 'Content-Type': mimeType(file), ...securityHeaders() },
    body: method === 'HEAD' ? null : bytes,
  };
}
