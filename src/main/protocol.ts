// Serves the built renderer (out/renderer) on app://lanes with a strict Content-Security-Policy.
// Runs in Electron main as the `protocol.handle('app', …)` handler; the pure parts (path
// resolution, MIME types, the response) take no electron import so unit tests call them directly.

import { readFile } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { CustomScheme } from 'electron';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * Everything is refused unless listed. Scripts only from the app itself (no inline, no eval).
 * 'unsafe-inline' styles are allowed because Svelte's `style:` directives and D3-computed
 * positions write `style="…"` attributes; styles cannot run code, scripts stay strict.
 * data: images cover canvas snapshots; connect-src 'self' is all the page ever needs.
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

/**
 * app:// is standard (relative URLs and a real origin) and secure (a secure context). Vite emits
 * `<script type="module" crossorigin>`, fetched in CORS mode, which Chromium allows only on
 * CORS-enabled schemes; fetch() of the app's own assets needs supportFetchAPI. No bypassCSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

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

/** The file under `root` an app:// URL names, or null when the URL is foreign or escapes root. */
export function resolveAppPath(root: string, url: string): string | null {
  let parsed: URL;
  let pathname: string;
  try {
    parsed = new URL(url);
    // Decoded so %2e%2e%2f and friends are judged as the path they spell.
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (pathname.includes('\0')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = resolve(root);
  const file = resolve(base, `.${pathname}`);
  const inside = relative(base, file);
  // Anything resolving outside root (../, an absolute or other-drive path) is refused.
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return file;
}

function respond(status: number, body: Uint8Array | string | null, type: string): Response {
  return new Response(body, {
    status,
    headers: {
      'Content-Type': type,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      // The declared type is final: no sniffing a .txt into a script.
      'X-Content-Type-Options': 'nosniff',
      // Files change on every build; the window should never show a stale bundle.
      'Cache-Control': 'no-cache',
    },
  });
}

export type ReadFile = (file: string) => Promise<Uint8Array>;

/** The app:// request handler serving files under `root`; every response carries the CSP. */
export function createAppHandler(root: string, read: ReadFile = readFile): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'Method not allowed', 'text/plain');
    const file = resolveAppPath(root, request.url);
    if (!file) return respond(403, 'Refused', 'text/plain');
    try {
      const bytes = await read(file);
      return respond(200, request.method === 'HEAD' ? null : bytes, mimeType(file));
    } catch {
      return respond(404, 'Not found', 'text/plain');
    }
  };
}
