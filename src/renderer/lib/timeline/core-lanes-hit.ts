// What a core lane says at one sample interval: which core, when, which tasks used it for how
// many ms of CPU, and (measured) how busy the core was in all. Runs in the renderer; pure, for the
// core lanes' tooltips and keyboard announcements.

import type { CoreTimeline } from '../record/core-timeline';
import { formatDuration, formatRange } from './timeline-format';

export interface CoreItem {
  core: number;
  /** Sample interval index in the core timeline. */
  sample: number;
}

export interface CoreWords {
  title: string;
  lines: string[];
}

export function describeCore(
  timeline: CoreTimeline,
  item: CoreItem,
  measured: boolean,
  taskName: (task: number) => string,
): CoreWords {
  const a = timeline.sampleStart(item.sample);
  const b = timeline.sampleEnd(item.sample);
  const title = `Core ${item.core} · ${formatRange(a, b)}`;
  const lines: string[] = [];
  let used = 0;
  if (item.sample < timeline.attributed) {
    const { from, to } = timeline.sharesOf(item.sample);
    for (let k = from; k < to; k++) {
      if (timeline.shareCoreAt(k) !== item.core) continue;
      const cpu = timeline.shareCpuAt(k);
      used += cpu;
      lines.push(`${taskName(timeline.shareTaskAt(k))}: ${formatDuration(cpu)} of CPU${measured ? '' : ' (inferred)'}`);
    }
  }
  const busy = timeline.busy(item.sample, item.core);
  if (lines.length === 0) lines.push('no task ran here');
  if (measured) {
    const other = Math.max(0, (busy / 100) * (b - a) - used);
    if (other >= 1) lines.push(`other work: ${formatDuration(other)}`);
  }
  lines.push(`core busy ${busy} %`);
  return { title, lines };
}

/** The sample interval at `t` on a core, or null outside the recorded samples. */
export function coreItemAt(timeline: CoreTimeline, core: number, t: number): CoreItem | null {
  const sample = timeline.indexAt(t);
  return sample < 0 ? null : { core, sample };
}
