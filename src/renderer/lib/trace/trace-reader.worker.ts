// The trace reader's Web Worker: parses and checks an opened trace off the page's main thread, so
// a large file (60 MB takes about two seconds) leaves the page responsive and can be cancelled.
// Started by read-job.ts (bundled by Vite as a worker of its own); answers with read-in-worker.ts.

import { answerRead, type ReadReply } from './read-in-worker';

const scope = self as unknown as {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(reply: ReadReply): void;
};

scope.onmessage = (event) => void answerRead(event.data, (reply) => scope.postMessage(reply));
