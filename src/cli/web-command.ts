// `lanes web`: serves the app to a browser on 127.0.0.1 (by default) and runs the engine in
// this process until Ctrl-C, which stops any run and ends every task thread and process.
// Runs in Node (CLI).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BrowserCpu } from '../node/browser-cpu';
import { sessionEndpoint } from '../node/endpoint';
import { createNodeSession } from '../node/node-session';
import { createSampler } from '../node/sampler.proc';
import { startWebServer } from '../server/server';
import { parseFlags, UsageError, wholeNumber } from './flags';

/** Default port: unassigned by IANA and easy to say aloud in a classroom ("fifty-three ninety"). */
export const DEFAULT_PORT = 5390;
const MAX_PORT = 65_535;

export async function webCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, { port: { type: 'string' }, host: { type: 'string' } });
  if (positionals.length > 0) throw new UsageError(`web takes no arguments (got ${positionals.join(' ')}).`);
  const port = wholeNumber('--port', values.port) ?? DEFAULT_PORT;
  if (port > MAX_PORT) throw new UsageError(`--port must be from 0 to ${MAX_PORT} (got ${port}).`);
  const host = values.host ?? '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new UsageError(`--host must be a host name or IP address (got "${host}").`);

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
  let server;
  try {
    server = await startWebServer({
      engine: sessionEndpoint(session),
      rendererDir,
      host,
      port,
      onClient: (local, remote) => (process.platform === 'linux' ? browsers.attach(local, remote) : null),
    });
  } catch (error) {
    await session.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; choose another with --port N.`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UsageError(`cannot listen on ${host}: no such address here.`);
    throw error;
  }
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') {
    process.stderr.write(
      `lanes: warning: listening on ${host}; anyone who can reach it can start processes on this machine.\n`,
    );
  }
  process.stdout.write(`Lanes is serving at ${server.url} (Ctrl-C to stop)\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('lanes: stopping…\n');
  await server.close();
  await session.dispose();
  return 0;
}
