// Presentation mode for a room: on with P, the toggle button or the desktop menu, off with Esc
// (or by leaving the browser's full screen). On, the page asks for full screen (the Fullscreen
// API; in the desktop app the window's own full screen, F11, is the menu's), grows its type by
// the reader's scale and folds its controls into one line. Also the blank screen (B or .) and
// the shortcut list (?). Runs in the renderer; App owns one and routes keys to it.

/** What presentation mode needs of the document; a stand-in in unit tests. */
export interface FullscreenDocument {
  readonly fullscreenEnabled: boolean;
  readonly fullscreenElement: Element | null;
  readonly documentElement: Pick<HTMLElement, 'requestFullscreen'>;
  exitFullscreen(): Promise<void>;
  addEventListener(type: 'fullscreenchange', listener: () => void): void;
  removeEventListener(type: 'fullscreenchange', listener: () => void): void;
}

export class Presentation {
  on = $state(false);
  /** The screen is blank (B or .): any key or click brings it back. */
  blanked = $state(false);
  /** The list of every keyboard shortcut is open. */
  shortcutsOpen = $state(false);
  /** Full screen is ours to leave: we asked for it, and the browser gave it. */
  private ownFullScreen = false;

  /** The page asks for full screen, in a browser and in the desktop window (whose main process grants it to the app's own page). */
  constructor(private readonly doc: FullscreenDocument | null) {}

  /** Follows the browser's full screen: leaving it (Esc, F11) leaves presentation mode too. */
  watch(): () => void {
    const doc = this.doc;
    if (!doc) return () => undefined;
    const changed = (): void => {
      if (doc.fullscreenElement !== null || !this.ownFullScreen) return;
      this.ownFullScreen = false;
      if (this.on) this.on = false;
    };
    doc.addEventListener('fullscreenchange', changed);
    return () => doc.removeEventListener('fullscreenchange', changed);
  }

  set(on: boolean): void {
    if (on === this.on) return;
    this.on = on;
    if (on) this.enterFullScreen();
    else this.leaveFullScreen();
  }

  toggle(): void {
    this.set(!this.on);
  }

  private enterFullScreen(): void {
    const doc = this.doc;
    if (!doc?.fullscreenEnabled || doc.fullscreenElement !== null) return;
    doc.documentElement.requestFullscreen().then(
      () => {
        this.ownFullScreen = true;
        // Left again before the browser answered: give the screen back.
        if (!this.on) this.leaveFullScreen();
      },
      // Refused (no user gesture, a policy): presentation mode goes on in the window.
      () => undefined,
    );
  }

  private leaveFullScreen(): void {
    const doc = this.doc;
    if (!doc || !this.ownFullScreen || doc.fullscreenElement === null) return;
    this.ownFullScreen = false;
    doc.exitFullscreen().catch(() => undefined);
  }
}
