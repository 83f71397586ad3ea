// A trace the app is started with: found on Electron's command line (packaged or not, among
// Chromium switches), resolved against the right folder, and told to the page only once it is
// ready — again after a reload — until the page has fetched it.
import { describe, expect, it } from 'vitest';
import { createLaunchedTrace, traceFromArgv } from '../../../src/main/launch-trace';

describe('traceFromArgv', () => {
  it('finds a .lanes.json among switches, packaged or not', () => {
    expect(traceFromArgv(['/opt/Lanes/lanes', '/home/t/run.lanes.json'], '/')).toBe('/home/t/run.lanes.json');
    expect(traceFromArgv(['electron', '.', '--no-sandbox', 'runs/a.LANES.JSON'], '/home/t')).toBe(
      '/home/t/runs/a.LANES.JSON',
    );
    expect(traceFromArgv(['lanes', 'a.lanes.json', 'b.lanes.json'], '/w')).toBe('/w/b.lanes.json');
  });

  it('takes any trace `lanes open FILE` names with its switch, even a plain .json', () => {
    expect(traceFromArgv(['electron', '/app', '--open-trace=/home/t/run.json'], '/')).toBe('/home/t/run.json');
    expect(traceFromArgv(['lanes', '--open-trace=runs/b.json', 'a.lanes.json'], '/w')).toBe('/w/a.lanes.json');
    expect(traceFromArgv(['lanes', 'a.lanes.json', '--open-trace=b.json'], '/w')).toBe('/w/b.json');
    expect(traceFromArgv(['lanes', '--open-trace='], '/w')).toBeNull();
  });

  it('ignores everything else', () => {
    expect(traceFromArgv(['lanes'], '/')).toBeNull();
    expect(traceFromArgv(['lanes', '--trace=x.lanes.json', 'notes.json', '.lanes.json'], '/')).toBeNull();
    // argv[0] is the executable, never a file to open.
    expect(traceFromArgv(['/tmp/evil.lanes.json'], '/')).toBeNull();
  });
});

describe('the launched trace', () => {
  it('is told to the page once it is ready, again after a reload, by name only', () => {
    const told: string[] = [];
    const launched = createLaunchedTrace((name) => told.push(name));
    launched.offer('/home/t/a.lanes.json');
    expect(told).toEqual([]);
    launched.pageReady();
    expect(told).toEqual(['a.lanes.json']);
    launched.pageLoading();
    launched.offer('/home/t/b.lanes.json');
    expect(told).toEqual(['a.lanes.json']);
    launched.pageReady();
    expect(told).toEqual(['a.lanes.json', 'b.lanes.json']);
    expect(launched.path()).toBe('/home/t/b.lanes.json');
    launched.clear();
    launched.pageReady();
    expect(told).toHaveLength(2);
    expect(launched.path()).toBeNull();
  });
});
