// Calls back when an element's width changes, not its height: a box that fits its own words
// (StatusLine, NowLine) measures them again only then. Runs in the renderer.

/** Watches `element`'s width; the returned function stops watching. */
export function onWidthChange(element: HTMLElement, changed: () => void): () => void {
  let width = element.clientWidth;
  const observer = new ResizeObserver(() => {
    if (element.clientWidth === width) return;
    width = element.clientWidth;
    changed();
  });
  observer.observe(element);
  return () => observer.disconnect();
}
