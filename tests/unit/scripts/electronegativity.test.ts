// The Electronegativity gate (scripts/electronegativity.mjs): what fails it and what is excused,
// and a real, offline scan of a window built the unsafe way, which it must fail. `npm test` runs
// the gate itself over src/ and out/ (npm run test:security).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { EXCUSED, judge, pinnedElectron, scan } from '../../../scripts/electronegativity.mjs';

interface Issue {
  id: string;
  file: string;
  severity: { name: string };
}
interface Judged {
  failures: Issue[];
  excused: Issue[];
  unreadable: { file: string }[];
  skipped: { file: string }[];
}

const issue = (id: string, severity: string, file = 'main/window.ts'): Issue => ({
  id,
  file,
  severity: { name: severity },
});
const dir = mkdtempSync(join(tmpdir(), 'lanes-electronegativity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the gate', () => {
  it('fails on HIGH and MEDIUM findings, passes LOW and informational ones, excuses the reviewed preload', () => {
    const judged = judge(
      {
        issues: [
          issue('NODE_INTEGRATION_JS_CHECK', 'HIGH'),
          issue('AUXCLICK_JS_CHECK', 'MEDIUM'),
          issue('PRELOAD_JS_CHECK', 'MEDIUM'),
          issue('CSP_GLOBAL_CHECK', 'LOW'),
          issue('SANDBOX_JS_CHECK', 'INFORMATIONAL'),
        ],
        errors: [],
      },
      '/project/src',
    ) as Judged;
    expect(judged.failures.map((found) => found.id)).toEqual(['NODE_INTEGRATION_JS_CHECK', 'AUXCLICK_JS_CHECK']);
    expect(judged.excused.map((found) => found.id)).toEqual(['PRELOAD_JS_CHECK']);
    expect(Object.keys(EXCUSED)).toEqual(['PRELOAD_JS_CHECK']);
  });

  it('fails on a file it could not read, except the renderer bundle it cannot parse', () => {
    const judged = judge(
      {
        issues: [],
        errors: [
          {
            file: '/project/out/renderer/assets/index-1.js',
            message: 'Unknown node type ClassPrivateProperty.',
            tolerable: false,
          },
          { file: '/project/out/main/index.js', message: 'Unknown node type ClassPrivateProperty.', tolerable: false },
          { file: '/project/out/renderer/assets/index-1.js', message: 'Unexpected token', tolerable: false },
          { file: '/project/out/main/other.js', message: 'a warning', tolerable: true },
        ],
      },
      '/project/out',
    ) as Judged;
    expect(judged.skipped.map((error) => error.file)).toEqual(['renderer/assets/index-1.js']);
    expect(judged.unreadable.map((error) => error.file)).toEqual(['main/index.js', 'renderer/assets/index-1.js']);
  });

  it('uses the Electron version package.json pins', () => {
    expect(pinnedElectron()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('fails a window built the unsafe way (a real scan, offline)', async () => {
    writeFileSync(
      join(dir, 'main.js'),
      `const { BrowserWindow } = require('electron');
const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
win.loadURL('http://example.org/');
`,
    );
    const judged = judge(await scan(dir, pinnedElectron()), dir) as Judged;
    expect(judged.failures.map((found) => found.id)).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK',
        'SANDBOX_JS_CHECK',
        'AUXCLICK_JS_CHECK',
        'CSP_GLOBAL_CHECK',
        'LIMIT_NAVIGATION_GLOBAL_CHECK',
        'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
      ]),
    );
  });
});
