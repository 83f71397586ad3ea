// The view switcher's choices: everything at once (the default), one part of the picture
// enlarged for a room that sits far from the screen, runs compared on one clock (lessons), or the
// learner's own Python program beside its lanes.
// The core meters stay in every view, the concurrency-vs-parallelism chart in all but two.
// Runs in the renderer; pure. App.svelte lays the views out.

export type ViewId = 'overview' | 'lanes' | 'cores' | 'results' | 'compare' | 'code';

export interface ViewChoice {
  id: ViewId;
  /** The number key that selects it (shown on its tab). */
  key: number;
  label: string;
}

export const VIEWS: readonly ViewChoice[] = [
  { id: 'overview', key: 1, label: 'All' },
  { id: 'lanes', key: 2, label: 'Tasks' },
  { id: 'cores', key: 3, label: 'Cores' },
  { id: 'results', key: 4, label: 'Results' },
  { id: 'compare', key: 5, label: 'Compare' },
  { id: 'code', key: 6, label: 'Code' },
];

/** The view a number key selects, or null. */
export function viewForKey(key: number): ViewId | null {
  return VIEWS.find((view) => view.key === key)?.id ?? null;
}

/** The next view left or right of `current` (wrapping), for arrow keys in the tab list. */
export function neighbourView(current: ViewId, step: -1 | 1): ViewId {
  const index = VIEWS.findIndex((view) => view.id === current);
  return VIEWS[(index + step + VIEWS.length) % VIEWS.length]!.id;
}

/** Which panels a view shows: the task lanes' view gives the Console the whole side, for printing lessons. */
export function panelsOf(view: ViewId): {
  taskLanes: boolean;
  coreLanes: boolean;
  console: boolean;
  results: boolean;
  compare: boolean;
  code: boolean;
  curves: boolean;
} {
  return {
    taskLanes: view === 'overview' || view === 'lanes' || view === 'code',
    coreLanes: view === 'overview' || view === 'cores',
    console: view !== 'results',
    results: view !== 'lanes' && view !== 'code',
    compare: view === 'compare',
    code: view === 'code',
    // Beside the editor the program's lanes need the room more than the lesson chart does.
    curves: view !== 'code',
  };
}

/**
 * Presentation mode's panels: the brief, the lanes (or the compared runs, or the cores, or the
 * learner's program), the meters and the Console fill the screen; results and the chart wait.
 */
export function presentingPanelsOf(view: ViewId): ReturnType<typeof panelsOf> {
  const panels = panelsOf(view);
  return {
    ...panels,
    taskLanes: view !== 'compare' && view !== 'cores',
    coreLanes: view === 'cores',
    // A lesson's comparison takes the whole width; what the tasks print is in each run's lanes.
    console: view !== 'compare',
    results: false,
    curves: false,
  };
}
