// Where the time axis sits horizontally, shared by every view on the timeline (task lanes, core
// lanes, the concurrency chart) so the same instant is at the same x in each. Runs in the renderer.

/** Room after the window's end inside the plot, so the last tick label and a failure message fit. */
export const RIGHT_PAD_PX = 24;

/** The x range a plot `plotWidth` CSS px wide maps the visible window onto. */
export function timeRange(plotWidth: number): [number, number] {
  return [0, Math.max(1, plotWidth - RIGHT_PAD_PX)];
}
