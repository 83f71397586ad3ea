// `lanes web`: serves the app to a browser on 127.0.0.1 (by default), locked by a secret made at
// this start, and runs the engine in this process until Ctrl-C, which stops any run and ends
// every task thread and process. `--share` also lets a class follow along from the network, view
// only. Every option is checked before anything starts. Runs in Node (CLI).

import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { OpenedFile } from '../core/contract';
import { BrowserCpu } from '../node/browser-cpu';
import { sessionEndpoint } from '../node/endpoint';
import { launchedTraceSlot } from '../node/launched-trace';
import { createNodeSession } from '../node/node-session';
import { createSampler } from '../node/sampler.proc';
import { lockedAccess, openAccess } from '../server/auth';
import { qrTerminal } from '../server/qr';
import { startWebServer, type WebServer } from '../server/server';
import { startShareServer, type ShareServer } from '../server/share';
import { parseFlags, UsageError, wholeNumber } from './flags';
import { openBrowser } from './open-browser';

/** Default port: unassigned by IANA and easy to say aloud in a classroom ("fifty-three ninety"). */
export const DEFAULT_PORT = 5390;
const MAX_PORT = 65_535;
/** A DNS name is at most 253 characters (RFC 1035); anything longer is a mistake. */
const MAX_HOST_LENGTH = 253;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
/** A name for a page's header line ("Viewing … 's runs"): a person's name, not a paragraph. */
const MAX_PRESENTER_CHARS = 40;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  open: { type: 'boolean' },
  'no-token': { type: 'boolean' },
  share: { type: 'boolean' },
  presenter: { type: 'string' },
} as const;

interface ShareFlags {
  share: boolean;
  presenter: string | undefined;
  host: string | undefined;
  noToken: boolean;
}

/** The presenter's name for the viewers' pages: the flag, else this account's name; null without --share. */
function presenterName(flags: ShareFlags): string | null {
  if (!flags.share) {
    if (flags.presenter !== undefined) throw new UsageError('--presenter goes with --share.');
    return null;
  }
  // Both would undo what --share promises: --host moves the presenter's door, --no-token removes it.
  if (flags.host !== undefined)
    throw new UsageError(
      '--share listens on every interface itself, presenter on this machine only; leave out --host.',
    );
  if (flags.noToken) throw new UsageError('--share needs its keys: it cannot go with --no-token.');
  if (flags.presenter === undefined) return accountName();
  const name = flags.presenter.trim();
  if (!isName(name))
    throw new UsageError(
      `--presenter must be a name of 1 to ${MAX_PRESENTER_CHARS} characters, without control characters or <>&" (got ${JSON.stringify(flags.presenter)}).`,
    );
  return name;
}

/** Letters of any script, digits, spaces and common punctuation; no control or markup characters. */
function isName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_PRESENTER_CHARS && !/[\p{C}<>&"]/u.test(name);
}

/** This account's name, when it makes a name for the page; otherwise a neutral one. */
function accountName(): string {
  const fallback = 'the presenter';
  try {
    const name = userInfo().username.trim();
    return isName(name) ? name : fallback;
  } catch {
    return fallback;
  }
}

function checkHost(host: string): void {
  // Letters, digits and inner hyphens, at most 63 to a label (RFC 1123).
  const name = /^[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?(?:\.[a-z\d](?:[a-z\d-]{0,61}[a-z\d])?)*$/i;
  if (host.length > MAX_HOST_LENGTH || (isIP(host) === 0 && !name.test(host)))
    throw new UsageError(`--host must be a host name or IP address (got "${host}").`);
}

/** Why the server could not listen, in one line; null when it is not a listening problem. */
function listenProblem(error: unknown, host: string, port: number): string | null {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use; choose another with --port N.`;
    case 'EACCES':
    case 'EPERM':
      return `not allowed to listen on port ${port}${port < 1024 ? ' (ports below 1024 need root)' : ''}; choose another with --port N.`;
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
    case 'EINVAL':
      return `cannot listen on ${host}: it is not an address of this machine.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return `cannot listen on ${host}: no such host name.`;
    default:
      return null;
  }
}

/** A trace `lanes open FILE --web` serves to the first page that asks, and a line saying what it is. */
export interface LaunchedTrace {
  file: OpenedFile;
  summary: string;
}

/** `lanes web`, or with `launched`, `lanes open FILE --web`. */
export async function webCommand(args: string[], launched: LaunchedTrace | null = null): Promise<number> {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (positionals.length > 0) throw new UsageError(`web takes no arguments (got ${positionals.join(' ')}).`);
  const port = wholeNumber('--port', values.port) ?? DEFAULT_PORT;
  if (port > MAX_PORT) throw new UsageError(`--port must be from 0 to ${MAX_PORT} (got ${values.port}).`);
  const host = values.host ?? '127.0.0.1';
  checkHost(host);
  const presenter = presenterName({
    share: values.share === true,
    presenter: values.presenter,
    host: values.host,
    noToken: values['no-token'] === true,
  });

  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(`${rendererDir}/index.html`)) {
    process.stderr.write('lanes: the app is not built yet; run `npm run build:app` first.\n');
    return 1;
  }
  // The browser drawing the lesson is part of the app's cost: count it where Linux can see it.
  const browsers = new BrowserCpu();
  const session = createNodeSession({
    shell: 'web',
    bundleDir: new URL('.', import.meta.url),
    sampler: createSampler({ extraSelf: () => browsers.cores() }),
    selfCovers: () => (browsers.active ? 'engine+browser' : 'engine'),
  });
  const engine = sessionEndpoint(session, launchedTraceSlot(launched?.file ?? null));
  const onClient = (local: number, remote: number): (() => void) | null =>
    process.platform === 'linux' ? browsers.attach(local, remote) : null;
  const listen = (on: number): Promise<WebServer | ShareServer> =>
    presenter !== null
      ? startShareServer({
          engine,
          rendererDir,
          port: on,
          presenter,
          operatorPage: true,
          onClient,
        })
      : startWebServer({
          engine,
          rendererDir,
          host,
          port: on,
          access: values['no-token'] ? openAccess() : lockedAccess(),
          onClient,
        });
  let server: WebServer | ShareServer;
  try {
    try {
      server = await listen(port);
    } catch (error) {
      // Only the default may move: a port someone asked for is theirs to change.
      if (values.port !== undefined || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      server = await listen(0);
      process.stderr.write(`lanes: port ${DEFAULT_PORT} is in use; serving on port ${server.port} instead.\n`);
    }
  } catch (error) {
    await session.dispose();
    const problem = listenProblem(error, host, port);
    if (problem) throw new UsageError(problem);
    throw error;
  }
  if (values['no-token']) {
    process.stderr.write(
      'lanes: warning: --no-token: anyone who can reach this port can run programs as you (see Security in the README).\n',
    );
  }
  if (!LOOPBACK.has(host) && presenter === null) {
    process.stderr.write(
      `lanes: warning: listening on ${host}; anyone who can reach it${values['no-token'] ? '' : ' and has the address'} can start processes on this machine.\n`,
    );
  }
  process.stdout.write(`Lanes is serving at ${server.url} (Ctrl-C to stop)\n`);
  if (launched) process.stderr.write(`lanes: serving ${launched.summary}\n`);
  if ('lan' in server) await announceViewers(server);
  const cleanUpOpener = values.open ? openBrowser(server.url) : () => undefined;

  // process.on, not once: Ctrl-C reaches us twice under `npm start` (the terminal's and the one
  // scripts/spawn.mjs passes on); a second one during the shutdown must not kill us half-way.
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await stopped;
  process.stderr.write('lanes: stopping…\n');
  cleanUpOpener();
  await server.close();
  await session.dispose();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
  return 0;
}

/** The `Viewers:` line, its QR code, and on stderr what it means and what else it could be. */
async function announceViewers(server: ShareServer): Promise<void> {
  process.stdout.write(`Viewers: ${server.viewerUrl}\n`);
  const qr = await qrTerminal(server.viewerUrl, process.stdout.isTTY === true);
  process.stdout.write(qr.endsWith('\n') ? qr : `${qr}\n`);
  if (server.lan === null) {
    process.stderr.write(
      'lanes: this machine has no network address but loopback: only viewers on this machine can follow; join the class network and start again.\n',
    );
    return;
  }
  process.stderr.write(
    `lanes: sharing on ${server.lan.address} (${server.lan.name}): anyone on this network with the Viewers address can watch your runs, never start or stop one; the address above it works on this machine only.\n`,
  );
  if (server.otherAddresses.length > 0) {
    const others = server.otherAddresses.map((each) => `${each.address} (${each.name})`).join(', ');
    process.stderr.write(`lanes: this machine is also at ${others}: on another network, use that address instead.\n`);
  }
}
