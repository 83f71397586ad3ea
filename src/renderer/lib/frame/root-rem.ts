// The page's rem in CSS px changes with the window and with presentation mode's type scale; only
// the first resizes the root element. A hidden 1rem-wide probe resizes with both, so an observer
// of the root and of the probe hears of every change. Runs in the renderer; the canvases and
// charts that size text in px from the rem use it.

let probe: HTMLElement | null = null;

/** Has `observer` watch the root element and the 1rem probe (made once, on first use). */
export function observeRootRem(observer: ResizeObserver): void {
  observer.observe(document.documentElement);
  if (!probe?.isConnected) {
    probe = document.createElement('div');
    probe.setAttribute('aria-hidden', 'true');
    probe.style.cssText = 'position:fixed;left:0;top:0;width:1rem;height:1rem;visibility:hidden;pointer-events:none';
    document.body.append(probe);
  }
  observer.observe(probe);
}
