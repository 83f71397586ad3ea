// The web shell's door: trades the printed URL's secret for a session cookie, tells each request
// which role its cookie proves, and words the two small pages a person may see at the door.
// Runs in the Node web server (server.ts asks it about every request and WebSocket upgrade).

import type { IncomingMessage } from 'node:http';
import type { Access, Role } from './auth';

/** The query parameter that carries the secret, as Jupyter's `?token=`. */
export const TOKEN_PARAM = 'token';
/** The one a viewer's address uses (`lanes web --share`): the secret itself says which role it grants. */
export const VIEW_PARAM = 'view';

/**
 * One cookie per port: cookies ignore ports, so two `lanes web` on one host must not overwrite
 * each other's session.
 */
export function cookieName(port: number): string {
  return `lanes-${port}`;
}

/**
 * HttpOnly: no script (not even an injected one) can read it. SameSite=Strict: no other site's
 * page can make the browser send it. Path=/: the pages and /ws. No Max-Age: it dies with the
 * browser session, and the server's restart makes it worthless anyway.
 */
export function sessionCookie(name: string, value: string): string {
  return `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The role a request's cookie proves, or null. */
export function cookieRole(access: Access, request: IncomingMessage, port: number): Role | null {
  return access.bySession(readCookie(request.headers.cookie, cookieName(port)));
}

/**
 * The login a request asks for: its token and where to go after, or null when it carries none
 * (or its target is no URL at all: that request is refused further on, like any other).
 */
export function loginRequest(url: string): { token: string; next: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url, 'http://lanes.invalid');
  } catch {
    return null;
  }
  const token = parsed.searchParams.get(TOKEN_PARAM) ?? parsed.searchParams.get(VIEW_PARAM);
  if (token === null) return null;
  parsed.searchParams.delete(TOKEN_PARAM);
  parsed.searchParams.delete(VIEW_PARAM);
  // Never `//host`: the next address must stay on this server.
  const next = `/${parsed.pathname.replace(/^\/+/, '')}${parsed.search}`;
  return { token, next };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, body: string, head = ''): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>${head}` +
    '<meta name="viewport" content="width=device-width"><style>body{font:18px/1.5 system-ui,sans-serif;' +
    'max-width:38em;margin:4em auto;padding:0 1em;color:#222;background:#fafafa}code{font-size:90%}</style>' +
    `</head><body>${body}</body></html>\n`
  );
}

/**
 * After a good secret: a page that moves itself to `next`. Not a 303: Chromium does not send a
 * SameSite=Strict cookie along a redirect chain that began on another site (a link elsewhere, or
 * the file the CLI opens), so `next` would be refused; a navigation this page starts is same-site.
 */
export function loggedInPage(next: string): string {
  const href = escapeHtml(next);
  return page(
    'Lanes',
    `<p>Opening <a href="${href}">Lanes</a>…</p>`,
    `<meta http-equiv="refresh" content="0;url=${href}">`,
  );
}

/** For every request without the cookie (or with a stale secret): what to do, in words. */
export function refusedPage(staleToken: boolean): string {
  const why = staleToken
    ? 'The key in this address is not the one this Lanes was started with (it changes at every start).'
    : 'This Lanes is locked: it can run programs as the person who started it, so it only opens for whoever has its key.';
  return page(
    'Lanes is locked',
    `<h1>Lanes is locked</h1><p>${why}</p>` +
      '<p>Open the address that <code>lanes web</code> printed in its terminal, the one ending in ' +
      '<code>?token=…</code> (or, to follow along, the address the presenter shows, ending in <code>?view=…</code>).</p>',
  );
}

/** For the presenter's secret (or cookie) presented from another machine: it works on this one only. */
export function presenterElsewherePage(): string {
  return page(
    'Lanes: presenter only',
    '<h1>This address is the presenter’s</h1><p>It works only on the computer running Lanes, because ' +
      'it can run programs there.</p><p>To follow along, open the address the presenter shows under ' +
      '<strong>Viewers</strong> (it ends in <code>?view=…</code>), or scan its QR code.</p>',
  );
}
