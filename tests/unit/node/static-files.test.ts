// The one static-file module both shells serve the renderer with: path resolution, types and
// headers, and the proof that the desktop's app:// handler and the web shell's HTTP server send
// the same policy and headers for the same file (the real server, on loopback).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppHandler } from '../../../src/main/protocol';
import {
  CONTENT_SECURITY_POLICY,
  mimeType,
  resolveStaticPath,
  securityHeaders,
  serveStatic,
} from '../../../src/node/static-files';
import { openAccess } from '../../../src/server/auth';
import { startWebServer } from '../../../src/server/server';
import { SyntheticEngine } from '../../bench/synthetic-engine';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'lanes-static-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Lanes</title>');
  writeFileSync(join(root, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(join(base, 'secret.txt'), 'outside the root');
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the static files both shells serve', () => {
  it('resolve a URL path under the root, and refuse one that leaves it', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/a.js?v=1#x')).toBe(join(root, 'assets', 'a.js'));
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00', '/%E0%A4%A']) {
      expect(resolveStaticPath(root, path), path).toBeNull();
    }
  });

  it('answer with the type and the security headers, errors and HEAD included', async () => {
    const page = await serveStatic(root, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers).toMatchObject({ 'Content-Type': 'text/html; charset=utf-8', ...securityHeaders() });
    expect((await serveStatic(root, 'HEAD', '/')).body).toBeNull();
    expect((await serveStatic(root, 'GET', '/..%2fsecret.txt')).status).toBe(403);
    expect((await serveStatic(root, 'GET', '/missing.js')).status).toBe(404);
    expect((await serveStatic(root, 'GET', '/assets')).status).toBe(404);
    const post = await serveStatic(root, 'POST', '/');
    expect(post.status).toBe(405);
    expect(post.headers['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(mimeType('x.woff2')).toBe('font/woff2');
  });

  it('reach the page with the same headers from the desktop handler and from the web server', async () => {
    const engine = new SyntheticEngine({ cores: 2 });
    const server = await startWebServer({
      engine,
      rendererDir: root,
      host: '127.0.0.1',
      port: 0,
      access: openAccess(),
    });
    try {
      const web = await fetch(server.urlFor('/assets/a.js'));
      const app = await createAppHandler(root)(new Request('app://lanes/assets/a.js'));
      const pick = (response: Response): Record<string, string | null> =>
        Object.fromEntries(Object.keys(securityHeaders()).map((name) => [name, response.headers.get(name)]));
      expect(pick(web)).toEqual(pick(app));
      expect(web.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await web.text()).toBe(await app.text());
    } finally {
      engine.stop();
      await server.close();
    }
  });
});
