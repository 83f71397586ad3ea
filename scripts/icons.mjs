// Makes every icon Lanes ships from one source, resources/icon.svg: PNGs from 16 to 1024 px
// (Linux, and the window icon), icon.ico (Windows) and icon.icns (macOS) in resources/icons/,
// and the web shell's favicons in src/renderer/public/. `npm run icons`; `--check` only says
// whether the committed files match the source (tests/unit/scripts/icons.test.ts runs it).
// Rendering is @resvg/resvg-js (no browser, no system libraries); ICO and ICNS are png2icons.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SOURCE = 'resources/icon.svg';
/** Every size a desktop asks for, up to macOS's 1024 px. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
/** A favicon size browsers use in tabs (the SVG serves the rest). */
const FAVICON_PNG = 32;

function png(svg, size) {
  // fitTo scales the 1024-unit drawing to `size` pixels; text is never drawn, so no fonts load.
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

/** Every generated file, by path from the project root. */
export function renderIcons(svg) {
  const files = new Map();
  for (const size of PNG_SIZES) files.set(`resources/icons/${size}x${size}.png`, png(svg, size));
  const large = files.get('resources/icons/1024x1024.png');
  const ico = png2icons.createICO(large, png2icons.BICUBIC2, 0, false, true);
  const icns = png2icons.createICNS(large, png2icons.BICUBIC2, 0);
  if (!ico || !icns) throw new Error('png2icons could not make the .ico or .icns');
  files.set('resources/icons/icon.ico', ico);
  files.set('resources/icons/icon.icns', icns);
  files.set('src/renderer/public/favicon.svg', Buffer.from(svg));
  files.set('src/renderer/public/favicon.png', png(svg, FAVICON_PNG));
  return files;
}

/** The generated files whose committed copy differs from what the source makes now. */
export function staleIcons(root = ROOT) {
  const files = renderIcons(readFileSync(join(root, SOURCE), 'utf8'));
  return [...files]
    .filter(([path, bytes]) => {
      try {
        return !readFileSync(join(root, path)).equals(Buffer.from(bytes));
      } catch {
        return true;
      }
    })
    .map(([path]) => path);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    const stale = staleIcons();
    if (stale.length > 0) {
      console.error(`icons out of date with ${SOURCE}: ${stale.join(', ')} (run npm run icons)`);
      process.exit(1);
    }
    console.log(`icons match ${SOURCE}`);
  } else {
    for (const [path, bytes] of renderIcons(readFileSync(join(ROOT, SOURCE), 'utf8'))) {
      mkdirSync(dirname(join(ROOT, path)), { recursive: true });
      writeFileSync(join(ROOT, path), bytes);
      console.log(`${path} (${bytes.length} bytes)`);
    }
  }
}
