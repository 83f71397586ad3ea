// The quit guard with a fake `app`: shutdown runs exactly once however often quit is asked
// for, the app exits only after it (or after the timeout), and the exit is not held again.
import { describe, expect, it } from 'vitest';
import { installQuitGuard, type QuitApp } from '../../../src/main/lifecycle';

class FakeApp implements QuitApp {
  private listener: ((event: { preventDefault(): void }) => void) | null = null;
  exits: number[] = [];
  on(_event: 'before-quit', listener: (event: { preventDefault(): void }) => void): this {
    this.listener = listener;
    return this;
  }
  exit(code = 0): void {
    this.exits.push(code);
  }
  /** Emits before-quit; true when a listener prevented the default (the quit was held). */
  quit(): boolean {
    let prevented = false;
    this.listener?.({ preventDefault: () => (prevented = true) });
    return prevented;
  }
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('quit guard', () => {
  it('holds the quit, shuts down exactly once, then exits with 0', async () => {
    const app = new FakeApp();
    let shutdowns = 0;
    let finish!: () => void;
    installQuitGuard(app, () => {
      shutdowns++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    expect(app.quit()).toBe(true);
    expect(app.quit()).toBe(true);
    await tick();
    expect(shutdowns).toBe(1);
    expect(app.exits).toEqual([]);
    finish();
    await tick();
    expect(app.exits).toEqual([0]);
    expect(app.quit()).toBe(false);
    expect(shutdowns).toBe(1);
  });

  it('exits after the timeout when shutdown hangs, and after a failed shutdown', async () => {
    const hung = new FakeApp();
    installQuitGuard(hung, () => new Promise<void>(() => undefined), 30);
    hung.quit();
    await tick(10);
    expect(hung.exits).toEqual([]);
    await tick(60);
    expect(hung.exits).toEqual([0]);

    const failing = new FakeApp();
    installQuitGuard(failing, () => Promise.reject(new Error('boom')));
    failing.quit();
    await tick();
    expect(failing.exits).toEqual([0]);
  });
});
