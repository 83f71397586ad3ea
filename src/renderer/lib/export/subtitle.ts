// The line burned into an exported video under the lanes: what each lane is doing at a moment of
// the run, read from the record ("task 1 is sleeping · the main program waits in join()"). The
// one place the video's subtitles come from; the playhead's "Now" sentence can replace it here.
// Runs in the renderer (the video export); pure over a RunModel.

import type { TaskState } from '../../../core/contract';
import type { RunModel } from '../record/run-model';
import { STATE_STYLES } from '../palette';
import { taskName } from '../format';

/** Past this many tasks the line counts them by state instead of naming each. */
const NAMED_TASKS_MAX = 3;

const VERB: Record<TaskState, string> = {
  ready: 'is ready',
  running: 'is running',
  waiting: 'is waiting',
  sleeping: 'is sleeping',
  done: 'is done',
  failed: 'has failed',
  stopped: 'was stopped',
};

/** The state a lane is in at `t`, its end state once it has ended, or null before it started. */
function laneState(model: RunModel, task: number, t: number): TaskState | null {
  const track = model.laneTrack(task);
  if (!track) return null;
  const i = track.indexAt(t);
  return i < 0 ? null : track.state(i);
}

/** A subtitle for each moment of the run: what its lanes are doing. */
export function recordSubtitle(model: RunModel): (t: number) => string {
  return (t: number): string => {
    const parts: string[] = [];
    const tasks = model.tracks.length;
    if (tasks <= NAMED_TASKS_MAX) {
      for (let task = 0; task < tasks; task++) {
        const state = laneState(model, task, t);
        if (state) parts.push(`${taskName(task)} ${VERB[state]}`);
      }
    } else {
      const counts = new Map<TaskState, number>();
      for (let task = 0; task < tasks; task++) {
        const state = laneState(model, task, t);
        if (state) counts.set(state, (counts.get(state) ?? 0) + 1);
      }
      for (const [state, count] of counts) {
        parts.push(`${count} ${count === 1 ? 'task' : 'tasks'} ${STATE_STYLES[state].label}`);
      }
    }
    const main = model.hasMainLane ? laneState(model, -1, t) : null;
    if (main === 'waiting') parts.push(`the main program waits for ${tasks === 1 ? 'it' : 'them'} to end`);
    else if (main === 'running') parts.push('the main program is running');
    if (parts.length === 0) return t <= 0 ? 'The run starts.' : '';
    const sentence = parts.join(' · ');
    return sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
  };
}
