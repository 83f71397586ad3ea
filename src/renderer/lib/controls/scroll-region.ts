// A scrolling region the keyboard can reach: while its content is taller than it, it is a Tab
// stop (arrow keys, Page Up/Down, Home and End then scroll it); while everything fits it is not,
// so it adds no empty stop. Runs in the renderer; a Svelte attachment ({@attach keyboardScroll}).

export function keyboardScroll(element: HTMLElement): () => void {
  const update = (): void => {
    const scrolls = element.scrollHeight > element.clientHeight + 1;
    if (scrolls && element.tabIndex < 0) element.tabIndex = 0;
    else if (!scrolls && element.hasAttribute('tabindex')) element.removeAttribute('tabindex');
  };
  // The region's own size, and its children's (content growing inside a fixed region).
  const sizes = new ResizeObserver(update);
  const watchChildren = (): void => {
    for (const child of element.children) sizes.observe(child);
  };
  sizes.observe(element);
  watchChildren();
  const children = new MutationObserver(() => {
    watchChildren();
    update();
  });
  children.observe(element, { childList: true });
  update();
  return () => {
    sizes.disconnect();
    children.disconnect();
  };
}
