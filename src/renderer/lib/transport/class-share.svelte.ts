// Share with class from the desktop window's own controls: asks main (the shareClass desktop
// command) to start or end the viewers' server, puts what is shared into the Session (the Viewers
// button shows it, as main's 'share' action also does), and keeps the one message when it cannot.
// Runs in the renderer; App creates one for the desktop window, Controls and ShareButton use it.

import type { ShareInfo } from '../../../core/contract';
import type { Desktop } from './desktop';

export class ClassShare {
  /** Why sharing could not start or end (null: nothing to say). */
  error = $state<string | null>(null);
  /** An answer from main is awaited: a second click waits for it. */
  busy = $state(false);
  private readonly desktop: Pick<Desktop, 'available' | 'shareClass'>;
  private readonly shown: { desktopShare: ShareInfo | null };

  constructor(desktop: Pick<Desktop, 'available' | 'shareClass'>, shown: { desktopShare: ShareInfo | null }) {
    this.desktop = desktop;
    this.shown = shown;
  }

  /** Only the desktop app shares from its window (a browser page has `lanes web --share`). */
  get available(): boolean {
    return this.desktop.available;
  }

  /** Starts (true) or ends (false) sharing. */
  async set(on: boolean): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    try {
      const answer = await this.desktop.shareClass({ on });
      if (answer.ok) this.shown.desktopShare = answer.value;
      else this.error = answer.error;
    } finally {
      this.busy = false;
    }
  }
}
