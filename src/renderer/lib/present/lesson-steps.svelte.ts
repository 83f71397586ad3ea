// The clicker's way through a lesson: PageDown and PageUp step the chosen lesson through its parts
// (lesson-parts.ts) in the Compare view. Stepping onto the first run starts the lesson (its runs
// then follow one another by themselves, and the part follows them). Where a finished run's lanes
// are on screen, App steps its playhead with the same keys first. Runs in the renderer; App owns
// one and routes the clicker's keys to it, the Compare view reads what it reveals.

import type { LessonInfo } from '../../../core/contract';
import type { Comparison } from '../compare/comparison.svelte';
import { lessonParts, partName, revealOf, type LessonPart, type Reveal } from './lesson-parts';

export interface LessonStepsContext {
  comparison: Comparison;
  /** The lesson chosen in the controls, or null. */
  chosen(): LessonInfo | null;
  /** Starts the chosen lesson as the Compare view stands; false if it cannot run now. */
  start(): boolean;
  /** Brings the Compare view to the screen. */
  show(): void;
}

export class LessonSteps {
  /** Where the presenter is (an index into the chosen lesson's parts); null until the clicker is used. */
  at = $state<number | null>(null);
  private lessonId: string | null = null;

  constructor(private readonly context: LessonStepsContext) {}

  private get parts(): LessonPart[] {
    const lesson = this.context.chosen();
    return lesson ? lessonParts(lesson) : [];
  }

  /** The part shown: while the lesson runs, at least the run being made. */
  current = $derived.by((): number | null => {
    if (this.at === null) return null;
    const progress = this.context.comparison.progress;
    if (this.context.comparison.phase !== 'running' || !progress) return this.at;
    const running = this.parts.findIndex((part) => part.kind === 'run' && part.index === progress.index);
    return Math.max(this.at, running);
  });

  /** What the Compare view shows; null (everything) until the clicker is used. */
  reveal = $derived.by((): (Reveal & { number: number; total: number; name: string }) | null => {
    const at = this.current;
    const parts = this.parts;
    if (at === null || parts.length === 0) return null;
    const reveal = revealOf(parts, at);
    return { ...reveal, number: at + 1, total: parts.length, name: partName(reveal.part) };
  });

  /** The chosen lesson's runs are the comparison's, finished or under way. */
  private get lessonMade(): boolean {
    const { comparison } = this.context;
    const lesson = this.context.chosen();
    return lesson !== null && comparison.lesson?.id === lesson.id && comparison.phase !== 'idle';
  }

  /** Another lesson was chosen since: start again from its question. */
  private sync(): LessonInfo | null {
    const lesson = this.context.chosen();
    if ((lesson?.id ?? null) !== this.lessonId) {
      this.lessonId = lesson?.id ?? null;
      this.at = null;
    }
    return lesson;
  }

  next(): void {
    if (!this.sync()) return;
    this.context.show();
    const parts = this.parts;
    const at = this.current;
    if (at === null) {
      this.at = 0;
      return;
    }
    const part = parts[at]!;
    const { comparison } = this.context;
    if (part.kind === 'run') {
      // The run is still being made: the room watches it.
      if (comparison.entries.length <= part.index) return;
    }
    const following = parts[at + 1];
    if (!following) return;
    if (following.kind === 'run' && !this.lessonMade && !this.context.start()) return;
    if (following.kind === 'caption' && comparison.phase !== 'done') return;
    this.at = at + 1;
  }

  back(): void {
    if (!this.sync()) return;
    const at = this.current;
    if (at === null) return;
    this.context.show();
    // While a run is being made the part cannot go back before it.
    if (this.context.comparison.phase === 'running') return;
    this.at = Math.max(0, at - 1);
  }
}
