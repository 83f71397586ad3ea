// What a reader sees wrong on a screen, measured in the page: text cut off by a box that hides
// its overflow (or by the window; not by a box clamped to a few lines whose "more" control, by
// aria-controls and aria-expanded, shows the rest), text boxes drawn over each other, a menu narrower than its
// chosen option, a field narrower than its value, a box that scrolls sideways, a scrolling region
// the keyboard cannot reach or that shows no scrollbar, and the smallest text. Runs in the
// browser through page.evaluate; the layout spec calls it in every view at every size.
import type { Page } from '@playwright/test';

export interface LayoutReport {
  problems: string[];
  /** The smallest font size of any visible text, CSS px. */
  smallestPx: number;
  smallestText: string;
}

export async function probeLayout(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    /** Slack for anti-aliasing and sub-pixel rounding, CSS px. */
    const SLACK = 1.5;
    const problems: string[] = [];
    const say = (text: string): string => JSON.stringify(text.trim().replace(/\s+/g, ' ').slice(0, 40));
    const where = (element: Element): string => {
      const parts: string[] = [];
      for (let at: Element | null = element; at && parts.length < 3; at = at.parentElement) {
        const label = at.getAttribute('aria-label');
        const cls = typeof at.className === 'string' && at.className ? `.${at.className.split(' ')[0]}` : '';
        parts.unshift(`${at.tagName.toLowerCase()}${cls}${label ? `[${label.slice(0, 24)}]` : ''}`);
      }
      return parts.join(' > ');
    };

    interface Box {
      left: number;
      top: number;
      right: number;
      bottom: number;
    }
    const intersect = (a: Box, b: Box): Box => ({
      left: Math.max(a.left, b.left),
      top: Math.max(a.top, b.top),
      right: Math.min(a.right, b.right),
      bottom: Math.min(a.bottom, b.bottom),
    });
    const empty = (box: Box): boolean => box.right - box.left <= SLACK || box.bottom - box.top <= SLACK;

    const shown = (element: Element): boolean => {
      if (element.closest('.visually-hidden, [hidden], template, option, title, style, script')) return false;
      const style = getComputedStyle(element);
      return style.visibility === 'visible' && Number(style.opacity) > 0.05 && element.getClientRects().length > 0;
    };

    /** A box clamped to a few lines that a control beside it shows whole ("more"): it holds the rest, as a scroller does. */
    const disclosed = (element: Element): boolean => {
      if (!element.id || getComputedStyle(element).webkitLineClamp === 'none') return false;
      const control = document.querySelector(`[aria-controls="${CSS.escape(element.id)}"][aria-expanded="false"]`);
      return control !== null && shown(control);
    };

    /** The box an element clips its content to, and whether it scrolls (vertically) instead. */
    function clipOf(element: Element): { box: Box; scrollsY: boolean; scrollsX: boolean } | null {
      const style = getComputedStyle(element);
      const contains = /strict|content|paint/.test(style.contain);
      const clipsX = style.overflowX !== 'visible' || contains;
      const clipsY = style.overflowY !== 'visible' || contains;
      if (!clipsX && !clipsY) return null;
      const rect = element.getBoundingClientRect();
      const html = element instanceof HTMLElement;
      const left = rect.left + (html ? element.clientLeft : 0);
      const top = rect.top + (html ? element.clientTop : 0);
      const box = {
        left: clipsX ? left : -Infinity,
        right: clipsX ? left + (html ? element.clientWidth : rect.width) : Infinity,
        top: clipsY ? top : -Infinity,
        bottom: clipsY ? top + (html ? element.clientHeight : rect.height) : Infinity,
      };
      const scrolls = (value: string): boolean => value === 'auto' || value === 'scroll';
      return { box, scrollsY: scrolls(style.overflowY) || disclosed(element), scrollsX: scrolls(style.overflowX) };
    }

    /** The box a text is laid out in: its nearest ancestor that is not an inline run of text. */
    const blockOf = (element: Element): Element => {
      for (let at: Element | null = element; at; at = at.parentElement) {
        if (at instanceof SVGElement) return at.ownerSVGElement ?? at;
        if (getComputedStyle(at).display !== 'inline') return at;
      }
      return element;
    };

    /** The card a text is drawn on: its nearest ancestor with a background or a border of its own. */
    const cardOf = (element: Element): Element => {
      for (let at: Element | null = element; at && at !== document.body; at = at.parentElement) {
        if (at instanceof SVGElement) continue;
        const style = getComputedStyle(at);
        const filled = !/rgba\(.*,\s*0\)|transparent/.test(style.backgroundColor);
        const bordered = ['Top', 'Right', 'Bottom', 'Left'].some(
          (side) => parseFloat(style.getPropertyValue(`border-${side.toLowerCase()}-width`)) > 0,
        );
        // A rule (a line one border wide) is not a card.
        if ((filled || bordered) && at.getBoundingClientRect().width > 4) return at;
      }
      return document.documentElement;
    };

    /** Whether text in `inner` may lie outside `outer` because a scrolling region between them holds it. */
    const scrollsBetween = (inner: Element, outer: Element): boolean => {
      for (let at: Element | null = inner; at; at = at.parentElement) {
        if (/auto|scroll/.test(getComputedStyle(at).overflowY) || disclosed(at)) return true;
        if (at === outer) break;
      }
      return false;
    };

    const viewport: Box = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    const texts: { node: Text; owner: Element; boxes: Box[] }[] = [];
    let smallestPx = Infinity;
    let smallestText = '';

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      if (!node.data.trim()) continue;
      const owner = node.parentElement;
      if (!owner || !shown(owner)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      const lines = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
      if (lines.length === 0) continue;
      // Parked far off screen on purpose (CodeMirror's announcer): not text anyone sees.
      if (lines.every((rect) => rect.bottom < 0 || rect.right < 0)) continue;
      const size = parseFloat(getComputedStyle(owner).fontSize);
      if (size < smallestPx) {
        smallestPx = size;
        smallestText = `${say(node.data)} in ${where(owner)}`;
      }
      const visible: Box[] = [];
      for (const rect of lines) {
        // A line's box is the font's whole content area, taller than its letters (DejaVu Sans:
        // 1.16 em): the letters are measured as the 1 em around its middle.
        const inkTop = rect.height > size ? (rect.top + rect.bottom - size) / 2 : rect.top;
        const line = { left: rect.left, right: rect.right, top: inkTop, bottom: Math.min(rect.bottom, inkTop + size) };
        let box: Box = { ...line };
        let scrolledY = false;
        let scrolledX = false;
        for (let at: Element | null = owner; at && at !== document.documentElement; at = at.parentElement) {
          const clip = clipOf(at);
          if (!clip) continue;
          const cut = {
            left: box.left < clip.box.left - SLACK,
            right: box.right > clip.box.right + SLACK,
            top: box.top < clip.box.top - SLACK,
            bottom: box.bottom > clip.box.bottom + SLACK,
          };
          const cutX = (cut.left || cut.right) && !clip.scrollsX && !scrolledX;
          const cutY = (cut.top || cut.bottom) && !clip.scrollsY && !scrolledY;
          if (cutX || cutY) {
            problems.push(`text ${say(node.data)} is cut by ${where(at)}`);
            break;
          }
          box = intersect(box, clip.box);
          scrolledY ||= clip.scrollsY;
          scrolledX ||= clip.scrollsX;
        }
        // Spilling out of its own box (a button, a cell), or out of the card it is drawn on.
        for (const holder of [blockOf(owner), cardOf(owner)]) {
          if (scrollsBetween(owner, holder)) continue;
          const edge = holder.getBoundingClientRect();
          if (line.right > edge.right + SLACK || line.left < edge.left - SLACK || line.bottom > edge.bottom + SLACK) {
            problems.push(`text ${say(node.data)} spills out of ${where(holder)}`);
            break;
          }
        }
        if (!scrolledY && (line.bottom > viewport.bottom + SLACK || line.top < -SLACK)) {
          problems.push(`text ${say(node.data)} runs off the window (${where(owner)})`);
        }
        if (!scrolledX && (line.right > viewport.right + SLACK || line.left < -SLACK)) {
          problems.push(`text ${say(node.data)} runs off the window sideways (${where(owner)})`);
        }
        box = intersect(box, viewport);
        if (!empty(box)) visible.push(box);
      }
      if (visible.length > 0) texts.push({ node, owner, boxes: visible });
    }

    // Text over text: two different text nodes whose visible line boxes share more than slack.
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i]!;
        const b = texts[j]!;
        const hit = a.boxes.some((boxA) => b.boxes.some((boxB) => !empty(intersect(boxA, boxB))));
        if (hit)
          problems.push(
            `text ${say(a.node.data)} overlaps ${say(b.node.data)} (${where(a.owner)} / ${where(b.owner)})`,
          );
      }
    }

    // A menu shows its chosen option whole; a field shows its value whole.
    const measure = document.createElement('canvas').getContext('2d')!;
    const contentWidth = (element: HTMLElement): number => {
      const style = getComputedStyle(element);
      return element.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    };
    const textWidth = (element: HTMLElement, text: string): number => {
      const style = getComputedStyle(element);
      measure.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      return measure.measureText(text).width;
    };
    for (const select of document.querySelectorAll('select')) {
      if (!shown(select)) continue;
      const label = select.selectedOptions[0]?.label ?? '';
      const need = textWidth(select, label);
      const room = contentWidth(select);
      if (need > room + SLACK)
        problems.push(
          `menu ${where(select)} cuts its choice ${say(label)} (${need.toFixed(0)} > ${room.toFixed(0)} px)`,
        );
    }
    for (const input of document.querySelectorAll<HTMLInputElement>('input:not([type=checkbox]):not([type=radio])')) {
      if (!shown(input)) continue;
      for (const text of [input.value, input.value === '' ? input.placeholder : '']) {
        if (!text) continue;
        const need = textWidth(input, text);
        const room = contentWidth(input);
        if (need > room + SLACK)
          problems.push(`field ${where(input)} cuts ${say(text)} (${need.toFixed(0)} > ${room.toFixed(0)} px)`);
      }
    }

    // Scrolling regions: never sideways (but the code editor); reachable by keyboard, with a scrollbar.
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      if (!shown(element)) continue;
      const style = getComputedStyle(element);
      const scrollsY = /auto|scroll/.test(style.overflowY) && element.scrollHeight > element.clientHeight + SLACK;
      const scrollsX = /auto|scroll/.test(style.overflowX) && element.scrollWidth > element.clientWidth + SLACK;
      if (scrollsX && !element.classList.contains('cm-scroller')) {
        problems.push(`${where(element)} scrolls sideways (${element.scrollWidth} > ${element.clientWidth} px)`);
      }
      if (!scrollsY) continue;
      const editor = element.classList.contains('cm-scroller');
      if (!editor && element.tabIndex < 0) {
        problems.push(`${where(element)} scrolls but the keyboard cannot reach it`);
      }
      const bar = element.offsetWidth - element.clientWidth - element.clientLeft * 2;
      if (bar <= 0) problems.push(`${where(element)} scrolls without a scrollbar`);
    }

    return { problems: [...new Set(problems)], smallestPx, smallestText };
  });
}
