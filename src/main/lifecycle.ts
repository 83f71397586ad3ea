// How the Electron shell quits: the first `before-quit` is held until the engine has stopped its
// run and its worker threads and task processes have exited (bounded by a timeout), then the app
// exits. Runs in Electron main; index.ts installs it with the real `app`, tests with a fake.

/** The part of Electron's `app` the quit guard uses. */
export interface QuitApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(exitCode?: number): void;
}

/**
 * Longest wait for shutdown before exiting anyway. Session.dispose() itself gives units 5 s to
 * exit; this adds margin for the last kill()s, while staying short enough that a stuck task can
 * never keep the app from closing.
 */
export const QUIT_TIMEOUT_MS = 7_000;

/**
 * Runs `shutdown` exactly once on the first quit request, however many quit requests arrive,
 * then calls app.exit(0). app.exit() emits no further before-quit, so nothing runs twice.
 */
export function installQuitGuard(app: QuitApp, shutdown: () => Promise<void>, timeoutMs = QUIT_TIMEOUT_MS): void {
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('before-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        console.error(`[lanes] shutdown took longer than ${timeoutMs} ms; exiting anyway.`);
        resolve();
      }, timeoutMs);
    });
    const stopped = shutdown().catch((error: unknown) => {
      console.error(`[lanes] shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
    });
    void Promise.race([stopped, timeout]).then(() => {
      clearTimeout(timer);
      state = 'stopped';
      app.exit(0);
    });
  });
}
