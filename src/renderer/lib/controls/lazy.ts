// A part of the page the first screen does not show (the Compare view, the Code view, the code
// editor), loaded the first time it is opened and kept: its JavaScript stays out of the first
// screen's. Runs in the renderer; components/Lazy.html.svelte shows a part, or its loading state.

export type PartState<T> = { kind: 'loading' } | { kind: 'ready'; value: T } | { kind: 'failed'; message: string };

/** What a load that failed says: which part, why in one line, and what to do. Never a stack. */
export function failedToLoad(what: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} could not be loaded (${why.split('\n')[0]}). Reload the page to try again.`;
}

export class LazyPart<T> {
  private loaded: PartState<T> | null = null;
  private pending: Promise<PartState<T>> | null = null;

  /** `what` names the part within a sentence ("the Compare view"); `load` imports it. */
  constructor(
    readonly what: string,
    private readonly load: () => Promise<T>,
  ) {}

  /** Its state now: ready once loaded (so opening it again draws it at once), else loading. */
  get state(): PartState<T> {
    return this.loaded?.kind === 'ready' ? this.loaded : (this.loaded ?? { kind: 'loading' });
  }

  /** Loads it once; a load that failed is tried again the next time it is wanted. */
  want(): Promise<PartState<T>> {
    if (this.loaded?.kind === 'ready') return Promise.resolve(this.loaded);
    this.pending ??= this.load().then(
      (value) => (this.loaded = { kind: 'ready', value }),
      (error: unknown) => {
        this.pending = null;
        return (this.loaded = { kind: 'failed', message: failedToLoad(this.what, error) });
      },
    );
    return this.pending;
  }
}
