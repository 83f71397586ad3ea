// The About box's words and where resources are, packaged and not.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { aboutBox } from '../../../src/main/about';
import { resourcePaths } from '../../../src/main/resources';

describe('About Lanes', () => {
  it('names the versions of Lanes, Electron, Chromium, Node and Python', () => {
    const box = aboutBox({ lanes: '0.1.0', electron: '45.5.0', chrome: '142.0.1', node: '22.20.0', python: '3.11.7' });
    expect(box.message).toBe('Lanes 0.1.0');
    expect(box.detail.split('\n').slice(2)).toEqual([
      'Electron 45.5.0',
      'Chromium 142.0.1',
      'Node 22.20.0',
      'Python 3.11.7',
    ]);
    expect(aboutBox({ lanes: '0.1.0', electron: '1', chrome: '2', node: '3', python: null }).detail).toContain(
      'Python: not found (real-Python runs are off)',
    );
  });
});

describe('resources', () => {
  it('come from the project folder unpackaged and from beside the ASAR archive packaged', () => {
    expect(resourcePaths({ packaged: false, appPath: '/src/lanes', resourcesPath: '/ignored' })).toEqual({
      python: join('/src/lanes', 'resources', 'python'),
      icon: join('/src/lanes', 'resources', 'icons', '512x512.png'),
    });
    expect(
      resourcePaths({
        packaged: true,
        appPath: '/opt/Lanes/resources/app.asar',
        resourcesPath: '/opt/Lanes/resources',
      }),
    ).toEqual({
      python: join('/opt/Lanes/resources', 'python'),
      icon: join('/opt/Lanes/resources', 'icons', '512x512.png'),
    });
  });
});
