// What the page says about an opened trace: the banner's lines (which file, who saved it and
// when it was recorded, what the engine did meanwhile), the one message for a file that cannot
// be opened, and how an opened run is named in Compare. Runs in the renderer; pure, so the words
// are unit-tested.

import type { RunStartEvent } from '../../../core/contract';
import type { EngineNews } from './engine-hold';

/** A name shortened in its middle, so its start and ending stay readable: "lanes-thread…4807.lanes.json". */
export function shortName(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const tail = Math.floor((max - 1) / 2);
  const head = max - 1 - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** The longest file name the page writes out whole (the banner, the alert). */
export const NAME_CHARS = 60;

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** The one message for a file that cannot be opened: its name, then why. */
export function openFailure(name: string, error: string): string {
  return `Cannot open “${shortName(name, NAME_CHARS)}”: ${lowerFirst(error)}`;
}

/** "6 Dec 2026, 22:48": when a run was recorded (the page's own words are English). */
export function recordedAt(epochMs: number): string {
  return new Date(epochMs).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** The banner's second part: who saved the file and when its run was recorded, as far as it says. */
export function openedDetails(opened: {
  source: 'lanes' | 'foreign';
  savedBy: string | null;
  start: RunStartEvent;
}): string {
  const when = opened.start.wallStart > 0 ? `recorded ${recordedAt(opened.start.wallStart)}` : null;
  if (opened.source === 'foreign') {
    return ['a trace from another tool, shown as far as it goes', when].filter(Boolean).join(' · ');
  }
  return [opened.savedBy ? `saved by ${opened.savedBy}` : 'a Lanes trace', when].filter(Boolean).join(' · ');
}

/** What the engine did while the file was shown (null: nothing); `viewer`: it is the presenter's. */
export function engineNewsLine(news: EngineNews | null, viewer: boolean): string | null {
  if (!news) return null;
  const whose = viewer ? 'The presenter' : 'The engine';
  return news.ended ? `${whose} ran another run meanwhile (it has ended).` : `${whose} is running another run now.`;
}

/** How an opened run is named among compared runs: the executor and tasks for a Lanes trace, the file otherwise. */
export function compareLabel(opened: { name: string; source: 'lanes' | 'foreign' }, lanesLabel: string): string {
  return opened.source === 'lanes' ? `${lanesLabel} · file` : shortName(opened.name, 28);
}
