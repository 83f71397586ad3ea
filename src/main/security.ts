// Electron's security checklist, applied to every web contents the app ever creates (the window's
// page, and anything a bug or a future feature might create): no navigation away from our page,
// no new windows, no <webview>, and every permission refused but the app's own page asking for
// full screen (presentation mode). Runs in Electron
// main; index.ts installs it on `app` before the first window exists.

/** The parts of a webContents the guard listens to. */
export interface GuardedContents {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { url: string; preventDefault(): void }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Security: the page never leaves our origin, opens no window and attaches no webview. */
export function guardContents(contents: GuardedContents, isOurUrl: (url: string) => boolean): void {
  // A link, a redirect, a dropped file, a middle click: anywhere but our page is refused.
  contents.on('will-navigate', (event) => {
    if (!isOurUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isOurUrl(event.url)) event.preventDefault();
  });
  // window.open / target=_blank: the app has nothing to open in a second window.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  // webviewTag is off in every window; this refuses one even if a window were made without it.
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** The part of Electron's `app` that announces new web contents. */
export interface ContentsSource {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown;
}

/** Guards every web contents as it is created, before it can load anything. */
export function guardAllContents(app: ContentsSource, isOurUrl: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => guardContents(contents, isOurUrl));
}

/** The part of an Electron Session the permission handlers are set on. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

/** Whether a URL or origin is the app's own page (its scheme, app://). */
function isOwnPage(url: string | undefined, scheme: string): boolean {
  return typeof url === 'string' && url.startsWith(`${scheme}://`);
}

/**
 * Security: the app needs no camera, microphone, notifications, geolocation, MIDI, HID, serial or
 * clipboard reading — every such request is refused, and every check answers "denied". The one
 * grant: full screen, asked by the app's own page (`scheme`) when presentation mode starts, as a
 * browser grants it; a page from anywhere else (none should ever load) gets nothing.
 */
export function denyAllPermissions(session: PermissionSession, scheme: string): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(permission === 'fullscreen' && isOwnPage(details?.requestingUrl, scheme)),
  );
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) => permission === 'fullscreen' && isOwnPage(requestingOrigin, scheme),
  );
}
