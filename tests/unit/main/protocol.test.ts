// The app:// handler as a pure function over a temporary folder: files under the renderer root
// are served with their MIME type and the CSP; anything outside it, or not ours, is refused.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, createAppHandler, mimeType, resolveAppPath } from '../../../src/main/protocol';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'lanes-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lanes</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'outside the root');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => createAppHandler(root)(new Request(url, { method }));

describe('app:// protocol', () => {
  it('serves index.html for the root and files with their MIME types', async () => {
    for (const url of ['app://lanes/', 'app://lanes/index.html']) {
      const response = await get(url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>Lanes</title>');
    }
    const script = await get('app://lanes/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://lanes/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(mimeType('x.svg')).toBe('image/svg+xml');
    expect(mimeType('x.woff2')).toBe('font/woff2');
    expect(mimeType('x.exe')).toBe('application/octet-stream');
  });

  it('puts the strict CSP, nosniff and no-cache on every response, errors included', async () => {
    for (const url of ['app://lanes/index.html', 'app://lanes/missing.js', 'app://lanes/%2e%2e/secret.txt']) {
      const response = await get(url);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it.each([
    'app://lanes/../secret.txt',
    'app://lanes/%2e%2e/secret.txt',
    'app://lanes/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://lanes/..%5csecret.txt',
    'app://lanes/..%2fsecret.txt',
    'app://lanes/%00index.html',
    'app://lanes/%E0%A4%A',
  ])('refuses traversal and malformed paths: %s', async (url) => {
    const response = await get(url);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('outside the root');
  });

  it('refuses other hosts and schemes, and anything but GET/HEAD', async () => {
    expect(resolveAppPath(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    // The URL parser already folds ../ and %2e%2e/ into the root; an encoded slash is caught here.
    expect(resolveAppPath(root, 'app://lanes/%2e%2e/secret.txt')).toBe(join(root, 'secret.txt'));
    expect(resolveAppPath(root, 'app://lanes/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://lanes/assets/..%2f..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://lanes/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect((await get('app://other/index.html')).status).toBe(403);
    expect((await get('app://lanes/index.html', 'POST')).status).toBe(405);
    const head = await get('app://lanes/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('answers 404 for a missing file or a folder', async () => {
    expect((await get('app://lanes/nope.js')).status).toBe(404);
    expect((await get('app://lanes/assets')).status).toBe(404);
  });
});
