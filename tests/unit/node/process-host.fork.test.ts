import { resolve } from 'node:path';
import { forkProcessHost } from '../../../src/node/hosts/process-host.fork';
import { processHostContract } from './process-host.contract';

processHostContract(
  'child_process.fork stand-in',
  () => forkProcessHost,
  () => resolve('out/test-fixtures/child-echo.mjs'),
);
