// The checklist applied to every web contents (fakes for app and contents): navigation away,
// redirects, new windows and webviews refused; permission requests and checks denied.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createOriginCheck } from '../../../src/main/origin';
import { denyAllPermissions, guardAllContents, type GuardedContents } from '../../../src/main/security';

class FakeContents extends EventEmitter implements GuardedContents {
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
  /** Emits a cancellable event; true when a listener prevented it. */
  attempt(event: string, url = ''): boolean {
    let prevented = false;
    this.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  }
}

describe('every web contents', () => {
  it('is guarded as it is created', () => {
    const app = new EventEmitter();
    guardAllContents(app, createOriginCheck('http://localhost:5173/'));
    for (const contents of [new FakeContents(), new FakeContents()]) {
      app.emit('web-contents-created', {}, contents);
      expect(contents.attempt('will-navigate', 'https://example.org/')).toBe(true);
      expect(contents.attempt('will-navigate', 'app://lanes.evil/')).toBe(true);
      expect(contents.attempt('will-redirect', 'http://localhost:5174/')).toBe(true);
      expect(contents.attempt('will-navigate', 'app://lanes/index.html')).toBe(false);
      expect(contents.attempt('will-navigate', 'http://localhost:5173/src/x')).toBe(false);
      expect(contents.attempt('will-attach-webview')).toBe(true);
      expect(contents.openHandler?.({ url: 'app://lanes/index.html' })).toEqual({ action: 'deny' });
    }
  });
});

describe('permissions', () => {
  it('refuses every request and answers every check with no', () => {
    type Request = (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void;
    let request: Request | null = null;
    let check: ((contents: unknown, permission: string, origin: string) => boolean) | null = null;
    denyAllPermissions(
      {
        setPermissionRequestHandler: (handler) => (request = handler),
        setPermissionCheckHandler: (handler) => (check = handler),
      },
      'app',
    );
    const asked = (permission: string, url: string): boolean[] => {
      const answers: boolean[] = [];
      request!(null, permission, (granted) => answers.push(granted), { requestingUrl: url });
      return answers;
    };
    for (const permission of ['media', 'notifications', 'clipboard-read', 'hid', 'geolocation', 'midi']) {
      expect(asked(permission, 'app://lanes/index.html')).toEqual([false]);
      expect(check!(null, permission, 'app://lanes')).toBe(false);
    }
    // Presentation mode's full screen: the app's own page only.
    expect(asked('fullscreen', 'app://lanes/index.html')).toEqual([true]);
    expect(check!(null, 'fullscreen', 'app://lanes')).toBe(true);
    for (const elsewhere of ['https://example.com/', 'file:///tmp/x.html', 'http://127.0.0.1:5390/']) {
      expect(asked('fullscreen', elsewhere)).toEqual([false]);
      expect(check!(null, 'fullscreen', elsewhere)).toBe(false);
    }
  });
});
