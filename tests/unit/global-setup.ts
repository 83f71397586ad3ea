// Builds the Node bundle (CLI, server, task entry files) once before the unit tests, so host
// tests start the same worker and child entry files that `lanes` ships.
import { build } from 'vite';

export default async function setup(): Promise<void> {
  await build({ configFile: 'vite.node.config.mts', logLevel: 'warn' });
}
