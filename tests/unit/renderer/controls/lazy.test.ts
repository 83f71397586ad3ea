// A part loaded when first wanted: once, shared by every caller, ready at once after; a failed
// load says so in one line (which part, why, what to do) and is tried again the next time.
import { describe, expect, it } from 'vitest';
import { failedToLoad, LazyPart } from '../../../../src/renderer/lib/controls/lazy';

describe('LazyPart', () => {
  it('loads once however often and by however many it is wanted, then is ready at once', async () => {
    let loads = 0;
    const part = new LazyPart('the Compare view', () => {
      loads++;
      return Promise.resolve('view');
    });
    expect(part.state).toEqual({ kind: 'loading' });
    const [a, b] = await Promise.all([part.want(), part.want()]);
    expect(a).toEqual({ kind: 'ready', value: 'view' });
    expect(b).toBe(a);
    expect(part.state).toEqual({ kind: 'ready', value: 'view' });
    await part.want();
    expect(loads).toBe(1);
  });

  it('a failed load says which part and why in one line, and is tried again when next wanted', async () => {
    let loads = 0;
    const part = new LazyPart('the Code view', () =>
      ++loads === 1
        ? Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/CodePanel.js\n    at x'))
        : Promise.resolve(42),
    );
    const failed = await part.want();
    expect(failed).toEqual({
      kind: 'failed',
      message:
        'The Code view could not be loaded (Failed to fetch dynamically imported module: /assets/CodePanel.js). Reload the page to try again.',
    });
    expect(part.state).toEqual(failed);
    expect(await part.want()).toEqual({ kind: 'ready', value: 42 });
    expect(loads).toBe(2);
  });

  it('names a thrown non-error by its text', () => {
    expect(failedToLoad('the editor', 'offline')).toBe(
      'The editor could not be loaded (offline). Reload the page to try again.',
    );
  });
});
