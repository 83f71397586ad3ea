// Every shipped icon is made from resources/icon.svg by scripts/icons.mjs and is what the source
// makes today; the PNGs have the sizes their names say; the .ico and .icns hold every size their
// systems ask for; the page links the favicons and carries the app's CSP for the dev server.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../src/main/protocol';
// @ts-expect-error -- a plain .mjs script without type declarations
import { PNG_SIZES, staleIcons } from '../../../scripts/icons.mjs';

const read = (path: string): Buffer => readFileSync(resolve(path));

describe('icons', () => {
  it('are up to date with resources/icon.svg', () => {
    expect(staleIcons()).toEqual([]);
  });

  it('are PNGs of the size their names say, 16 to 1024 px', () => {
    expect(PNG_SIZES).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    for (const size of PNG_SIZES as number[]) {
      const png = read(`resources/icons/${size}x${size}.png`);
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
  });

  it('give Windows an .ico from 16 to 256 px and macOS an .icns up to 1024 px', () => {
    const ico = read('resources/icons/icon.ico');
    expect(ico.readUInt16LE(2)).toBe(1); // type 1: icon
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + 16 * i] || 256).sort((a, b) => a - b);
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));
    const icns = read('resources/icons/icon.icns');
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.subarray(at, at + 4).toString('ascii'));
    // 16, 128, 256, 512 px and 512@2x (1024 px).
    expect(types).toEqual(expect.arrayContaining(['is32', 'ic07', 'ic08', 'ic09', 'ic10']));
  });
});

describe('the page', () => {
  const html = readFileSync(resolve('src/renderer/index.html'), 'utf8');

  it('links the favicons made from the icon', () => {
    expect(html).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
    expect(html).toContain('<link rel="icon" href="/favicon.png" sizes="32x32" type="image/png" />');
    expect(read('src/renderer/public/favicon.svg').toString()).toBe(read('resources/icon.svg').toString());
  });

  it("carries the app's Content-Security-Policy, less what only a header can set", () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const headerOnly = /^frame-ancestors /;
    expect(meta?.split('; ')).toEqual(CONTENT_SECURITY_POLICY.split('; ').filter((part) => !headerOnly.test(part)));
  });
});
