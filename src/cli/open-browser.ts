// `lanes web --open`: shows the served address in the default browser (xdg-open, open, start),
// never under CI and never without a display. The secret never goes on a command line, where
// any local user could read it (`ps`): the opener gets a private file that moves itself to the
// address, as Jupyter does. Runs in Node (CLI).

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Why no browser is opened here, or null when one may be. */
export function noBrowserReason(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | null {
  if (env.CI) return 'CI is set';
  const needsDisplay = platform !== 'darwin' && platform !== 'win32';
  if (needsDisplay && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display';
  return null;
}

function opener(platform: NodeJS.Platform, file: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [file]];
  // `start` is a cmd built-in; its first quoted argument is a window title, hence the "".
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', file]];
  return ['xdg-open', [file]];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Opens `url` in the default browser when one can be; says in one line (stderr) when not.
 * Returns what to call at shutdown: it removes the private file.
 */
export function openBrowser(url: string): () => void {
  const reason = noBrowserReason(process.env, process.platform);
  if (reason) {
    process.stderr.write(`lanes: no browser opened (${reason}); open the address above.\n`);
    return () => undefined;
  }
  // mkdtemp makes the folder 0700 and the file is 0600: only this user can read the secret.
  const dir = mkdtempSync(join(tmpdir(), 'lanes-open-'));
  const file = join(dir, 'open.html');
  const href = escapeHtml(url);
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${href}">` +
      `<title>Lanes</title><p><a href="${href}">Open Lanes</a></p>\n`,
    { mode: 0o600 },
  );
  const [command, args] = opener(process.platform, process.platform === 'win32' ? file : pathToFileURL(file).href);
  const child = spawn(command, args, { stdio: 'ignore', detached: true, windowsHide: true });
  child.once('error', () =>
    process.stderr.write(`lanes: no browser opened (${command} could not run); open the address above.\n`),
  );
  child.unref();
  return () => rmSync(dir, { recursive: true, force: true });
}
