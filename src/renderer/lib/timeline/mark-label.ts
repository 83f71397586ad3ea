// The words drawn beside a print mark on a lane. Runs in the renderer; pure.

/** Longest print text drawn on the lane; longer ones show as a tick with a tooltip. */
export const MAX_LABEL_CHARS = 12;

/**
 * The text drawn beside a print mark: the printed text without a leading "task N: " (the lane
 * already says so), or null when it is too long to sit on a lane without covering others.
 */
export function markLabel(text: string, task: number): string | null {
  const prefix = `task ${task + 1}: `;
  const short = text.startsWith(prefix) ? text.slice(prefix.length) : text;
  return short.length > 0 && short.length <= MAX_LABEL_CHARS ? short : null;
}
