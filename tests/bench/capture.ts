// `node out/bench/capture.mjs OUT.json [--url URL] [--lesson L] [--workload W --executor E --tasks N
// --steps S --step-ms MS]`: runs one real run in `lanes web` (the one at URL, or a fresh one) and writes its
// record (every engine event, one per line) to OUT.json, to freeze as a fixture for the
// screenshot tests. Give --url of a server you started yourself when the record's "self" CPU
// matters: a server started here is this process's child, so this process is not a mere viewer.
// Runs in Node.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { RecordSnapshot, RunRequest } from '../../src/core/contract';
import { EngineSocket, startLanesWeb } from './lanes-web';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    workload: { type: 'string', default: 'cpu' },
    executor: { type: 'string', default: 'threads' },
    tasks: { type: 'string', default: '4' },
    steps: { type: 'string', default: '4' },
    'step-ms': { type: 'string', default: '400' },
    lesson: { type: 'string' },
    url: { type: 'string' },
  },
});
const out = positionals[0];
if (!out)
  throw new Error(
    'usage: capture.mjs OUT.json [--url URL] [--lesson L] [--workload W --executor E --tasks N --steps S --step-ms MS]',
  );

const request = {
  workload: values.workload,
  executor: values.executor,
  tasks: Number(values.tasks),
  steps: Number(values.steps),
  stepMs: Number(values['step-ms']),
  ...(values.lesson ? { lesson: values.lesson } : {}),
} as RunRequest;

const { child, url } = values.url ? { child: null, url: values.url } : await startLanesWeb();
try {
  const socket = await EngineSocket.open(url);
  const end = await socket.run(request);
  const record = (await socket.call('record')) as RecordSnapshot;
  socket.close();
  writeFileSync(out, `[\n${record.events.map((event) => JSON.stringify(event)).join(',\n')}\n]\n`);
  process.stderr.write(`capture: ${record.events.length} events, ${end.status} in ${end.t.toFixed(0)} ms -> ${out}\n`);
} finally {
  child?.kill('SIGTERM');
}
