// A Session wired for plain Node (the web server and the CLI): task threads and forked task
// processes started from the built entry files beside this bundle. Runs in the Node engine.

import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import type { SelfCovers } from '../core/contract';
import { forkProcessHost } from './hosts/process-host.fork';
import type { Sampler } from './sampler';
import { Session } from './session';

/** The built task entry files; `dir` is the folder of the Node bundle (out/node). */
export function nodeEntries(dir: URL): { threadEntry: string; processEntry: string } {
  return {
    threadEntry: fileURLToPath(new URL('./task-thread.mjs', dir)),
    processEntry: fileURLToPath(new URL('./task-process.mjs', dir)),
  };
}

export function createNodeSession(options: {
  shell: 'web';
  bundleDir: URL;
  sampler: Sampler | null;
  selfCovers?: () => SelfCovers;
  pythonStdio?: 'pipe' | 'inherit';
}): Session {
  return new Session({
    pythonDir: fileURLToPath(new URL('../../resources/python/', options.bundleDir)),
    ...(options.pythonStdio ? { pythonStdio: options.pythonStdio } : {}),
    ...(options.selfCovers ? { selfCovers: options.selfCovers } : {}),
    shell: options.shell,
    version,
    ...nodeEntries(options.bundleDir),
    processHost: forkProcessHost,
    sampler: options.sampler,
  });
}
