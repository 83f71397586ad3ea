// Where the renderer's time goes: the main thread's busy share from CDP Performance metrics
// (script, layout, style) over a window, and, on request, a sampled CPU profile summarised as the
// functions with the most self time, and a timeline trace summarised as the main thread's time
// per task kind (layout, paint, commit…). Both files are kept under .bench/ to open in DevTools.
// Runs in Node (the bench harness), talking CDP to one page.

import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, CDPSession, Page } from '@playwright/test';
import { round } from './stats';

export interface MainThreadShare {
  /** Percent of wall time the renderer's main thread was busy, and its parts. */
  busyPct: number;
  scriptPct: number;
  layoutPct: number;
  stylePct: number;
}

type Metric = 'TaskDuration' | 'ScriptDuration' | 'LayoutDuration' | 'RecalcStyleDuration';

async function read(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((metric) => [metric.name, metric.value]));
}

/** Starts measuring; the returned function ends the window and gives the shares. */
export async function meterMainThread(page: Page): Promise<() => Promise<MainThreadShare>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const start = await read(cdp);
  const wall0 = performance.now();
  return async () => {
    const end = await read(cdp);
    const seconds = (performance.now() - wall0) / 1000;
    const share = (name: Metric): number => round((((end[name] ?? 0) - (start[name] ?? 0)) / seconds) * 100, 1);
    await cdp.detach();
    return {
      busyPct: share('TaskDuration'),
      scriptPct: share('ScriptDuration'),
      layoutPct: share('LayoutDuration'),
      stylePct: share('RecalcStyleDuration'),
    };
  };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The functions with the most self time, as "name file:line  ms  %". */
export function topSelfTime(profile: CpuProfile, count: number): string[] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  let total = 0;
  (profile.samples ?? []).forEach((id, i) => {
    const delta = profile.timeDeltas?.[i] ?? 0;
    const frame = byNode.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.split('/').pop() || '';
    const key = `${frame.functionName || '(anonymous)'}${file ? ` ${file}:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + delta);
    total += delta;
  });
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, us]) =>
        `${(us / 1000).toFixed(0).padStart(6)} ms ${((us / total) * 100).toFixed(1).padStart(5)} %  ${key}`,
    );
}

/** Starts a sampled CPU profile; the returned function stops it, saves it as .bench/NAME.cpuprofile and summarises it. */
export async function profilePage(page: Page, name: string): Promise<() => Promise<string[]>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  // 1 ms sampling: fine enough for 16 ms frames, cheap enough not to change them much.
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    mkdirSync('.bench', { recursive: true });
    writeFileSync(`.bench/${name}.cpuprofile`, JSON.stringify(profile));
    return topSelfTime(profile as CpuProfile, 15);
  };
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** Time per event name on the renderer's main thread (CrRendererMain), as "ms  name", largest first. */
export function mainThreadBreakdown(trace: { traceEvents?: TraceEvent[] }, count: number): string[] {
  const events = trace.traceEvents ?? [];
  const main = new Set(
    events
      .filter((event) => event.name === 'thread_name' && event.args?.name === 'CrRendererMain')
      .map((event) => `${event.pid}:${event.tid}`),
  );
  const totals = new Map<string, number>();
  for (const event of events) {
    if (event.ph !== 'X' || !main.has(`${event.pid}:${event.tid}`)) continue;
    totals.set(event.name, (totals.get(event.name) ?? 0) + (event.dur ?? 0));
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, us]) => `${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
}

/** Starts a timeline trace of `page`; the returned function stops it, saves .bench/NAME.trace.json and summarises it. */
export async function tracePage(browser: Browser, page: Page, name: string): Promise<() => Promise<string[]>> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  return async () => {
    const buffer = await browser.stopTracing();
    mkdirSync('.bench', { recursive: true });
    writeFileSync(`.bench/${name}.trace.json`, buffer);
    return mainThreadBreakdown(JSON.parse(buffer.toString()) as { traceEvents?: TraceEvent[] }, 12);
  };
}
