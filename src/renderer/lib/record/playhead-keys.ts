// What each playhead key does to the playhead (src/core/shortcuts.ts names the keys).
// Runs in the renderer; App.svelte's key handling calls it.

import type { PlayheadAction } from '../controls/shortcuts';
import type { Playhead } from './playhead.svelte';

export function playheadKey(playhead: Playhead, action: PlayheadAction): void {
  switch (action) {
    case 'playPause':
      return playhead.togglePlay();
    case 'stepBack':
      return playhead.stepBack();
    case 'stepForward':
      return playhead.stepForward();
    case 'printBack':
      return playhead.stepPrint(-1);
    case 'printForward':
      return playhead.stepPrint(1);
    case 'playheadStart':
      return playhead.toStart();
    case 'playheadEnd':
      return playhead.toEnd();
    case 'backToLive':
      return playhead.backToLive();
  }
}
