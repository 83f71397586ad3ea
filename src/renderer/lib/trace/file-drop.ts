// Dropping a trace file anywhere on the window: whether a drag carries files (text dragged into
// the code editor does not), a count of the drag's enter and leave events (they fire for every
// element crossed) that says when the drop target shows, and which one file a drop opens.
// Runs in the renderer; pure.

/** Whether a drag's data types include files (DataTransfer.types holds "Files" then). */
export function carriesFiles(types: Iterable<string> | null | undefined): boolean {
  if (!types) return false;
  for (const type of types) if (type === 'Files') return true;
  return false;
}

/** dragenter and dragleave fire for each element the pointer crosses: the target shows while any is entered. */
export class DragDepth {
  private depth = 0;

  /** A dragenter: returns whether the drop target shows. */
  enter(): boolean {
    this.depth++;
    return true;
  }

  /** A dragleave: returns whether the drop target still shows. */
  leave(): boolean {
    this.depth = Math.max(0, this.depth - 1);
    return this.depth > 0;
  }

  /** A drop, or the drag ended elsewhere. */
  reset(): void {
    this.depth = 0;
  }
}

/** The one file a drop opens, or why it opens none. */
export function droppedFile<T>(
  files: ArrayLike<T> | null | undefined,
): { ok: true; value: T } | { ok: false; error: string } {
  const count = files?.length ?? 0;
  if (count === 0) return { ok: false, error: 'Nothing was dropped that Lanes can open: drop a trace file.' };
  if (count > 1)
    return { ok: false, error: `Drop one trace at a time (${count} files were dropped); nothing was opened.` };
  return { ok: true, value: files![0]! };
}
