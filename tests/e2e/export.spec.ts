// Exports end to end in Debian's Chromium: the threading lesson's video, drawn from its record and
// encoded with WebCodecs (checked with ffprobe: codec, size, frames, duration); Cancel mid-way
// saves nothing; pictures are PNGs of the size asked for, and the same run gives the same pixels.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openApp, runStatus, setControls } from './app';

let folder = '';
test.beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'lanes-export-'));
});
test.afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

/** Runs a lesson to its end; returns its wall time as the status line says it (ms, to 10 ms). */
async function runLesson(page: Page, stepMs?: number): Promise<number> {
  await setControls(page, { lesson: 'threading', ...(stepMs !== undefined ? { stepMs } : {}) });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText(/done in \d+\.\d\d s/i, { timeout: 30_000 });
  const text = (await runStatus(page).textContent()) ?? '';
  return Math.round(Number(/done in (\d+\.\d\d) s/i.exec(text)![1]) * 1000);
}

interface Probe {
  codec: string;
  width: number;
  height: number;
  frames: number;
  duration: number;
}

function probe(file: string): Probe {
  const json = execFileSync(
    '/usr/bin/ffprobe',
    [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height,nb_read_frames:format=duration',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  const parsed = JSON.parse(json) as {
    streams: { codec_name: string; width: number; height: number; nb_read_frames: string }[];
    format: { duration: string };
  };
  const stream = parsed.streams[0]!;
  return {
    codec: stream.codec_name,
    width: stream.width,
    height: stream.height,
    frames: Number(stream.nb_read_frames),
    duration: Number(parsed.format.duration),
  };
}

function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('the threading lesson’s video: VP9, 1920×1080, one frame per 1/30 s of the run', async ({ page }) => {
  test.setTimeout(180_000);
  const wallMs = await runLesson(page);
  const button = page.getByRole('button', { name: 'Export video' });
  await expect(button).toBeEnabled();
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Export video' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Size' }).selectOption({ label: '1920 × 1080 (Full HD)' });
  await dialog.getByRole('combobox', { name: 'Frame rate' }).selectOption({ label: '30 frames a second' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'WebM (VP9)' });
  await dialog.getByRole('checkbox', { name: 'Title card first' }).uncheck();
  await expect(dialog.getByRole('button', { name: 'Export' })).toBeEnabled();
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await dialog.getByRole('button', { name: 'Export' }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Video export' })).toBeVisible();
  const file = join(folder, 'threading.webm');
  await (await download).saveAs(file);
  await expect(dialog.getByRole('status')).toContainText(/Saved .*\.webm/);

  const video = probe(file);
  // One frame at the start and one every 1/30 s within the run: 302 for a 10.06 s run.
  const expected = Math.floor((wallMs * 30) / 1000) + 1;
  expect(video.codec).toBe('vp9');
  expect([video.width, video.height]).toEqual([1920, 1080]);
  expect(Math.abs(video.frames - expected)).toBeLessThanOrEqual(1);
  expect(Math.abs(video.duration - expected / 30)).toBeLessThan(0.1);

  // Closing gives focus back to the button that opened the dialog.
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
  await expect(button).toBeFocused();
});

test('MP4 (H.264) at 60 fps and half speed, with its title card: twice the frames, and the card’s', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const wallMs = await runLesson(page, 100);
  await page.getByRole('button', { name: 'Export video' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export video' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption({ label: 'MP4 (H.264)' });
  await dialog.getByRole('combobox', { name: 'Frame rate' }).selectOption({ label: '60 frames a second' });
  await dialog.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '0.5× (slow motion)' });
  await expect(dialog.getByRole('checkbox', { name: 'Title card first' })).toBeChecked();
  const download = page.waitForEvent('download', { timeout: 90_000 });
  await dialog.getByRole('button', { name: 'Export' }).click();
  const file = join(folder, 'threading.mp4');
  await (await download).saveAs(file);
  const video = probe(file);
  // 2.5 s of title card at 60 fps, then a frame every 1/120 s of the run.
  const expected = 150 + Math.floor((wallMs * 120) / 1000) + 1;
  expect(video.codec).toBe('h264');
  expect([video.width, video.height]).toEqual([1920, 1080]);
  expect(Math.abs(video.frames - expected)).toBeLessThanOrEqual(1);
  expect(Math.abs(video.duration - expected / 60)).toBeLessThan(0.1);
});

test('Cancel mid-way stops the export and saves nothing', async ({ page }) => {
  test.setTimeout(120_000);
  await runLesson(page, 300);
  let downloads = 0;
  page.on('download', () => downloads++);
  await page.getByRole('button', { name: 'Export video' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export video' });
  // A quarter speed at 60 fps: many frames, so Cancel lands mid-way.
  await dialog.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '0.25× (slow motion)' });
  await dialog.getByRole('combobox', { name: 'Frame rate' }).selectOption({ label: '60 frames a second' });
  await dialog.getByRole('button', { name: 'Export' }).click();
  const bar = dialog.getByRole('progressbar', { name: 'Video export' });
  await expect(bar).toBeVisible();
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 30_000 }).toBeGreaterThan(0);
  const max = Number(await bar.getAttribute('max'));
  expect(Number(await bar.getAttribute('value'))).toBeLessThan(max);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('status')).toHaveText('Cancelled: nothing was saved.');
  // Long enough for a download that was going to start anyway.
  await page.waitForTimeout(2_000);
  expect(downloads).toBe(0);
  // The keyboard closes it, and focus goes back to the button.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export video' })).toBeFocused();
});

test('Export picture: PNGs of the window, twice it and 4K; the same run gives the same pixels', async ({ page }) => {
  test.setTimeout(120_000);
  await runLesson(page, 100);
  const button = page.getByRole('button', { name: 'Export picture' });
  await button.click();
  const dialog = page.getByRole('dialog', { name: 'Export picture' });
  const save = async (label: RegExp, name: string): Promise<Buffer> => {
    await dialog.getByRole('radio', { name: label }).check();
    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Save PNG' }).click();
    const path = join(folder, name);
    await (await download).saveAs(path);
    return readFileSync(path);
  };
  expect(pngSize(await save(/^The window’s size/, 'a.png'))).toEqual({ width: 1280, height: 720 });
  expect(pngSize(await save(/^Twice/, 'b.png'))).toEqual({ width: 2560, height: 1440 });
  const uhd = await save(/^4K/, 'c.png');
  expect(pngSize(uhd)).toEqual({ width: 3840, height: 2160 });
  const again = await save(/^4K/, 'd.png');
  const hash = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  expect(hash(again)).toBe(hash(uhd));

  // The concurrency chart is drawn in SVG: it saves as an SVG document.
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Save SVG' }).first().click();
  const svgPath = join(folder, 'chart.svg');
  await (await download).saveAs(svgPath);
  const svg = readFileSync(svgPath, 'utf8');
  expect(svg).toMatch(/^<\?xml/);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(button).toBeFocused();
});

test('the export dialogs work from the keyboard and pass axe', async ({ page }) => {
  test.setTimeout(90_000);
  await runLesson(page, 100);
  for (const name of ['Export video', 'Export picture']) {
    const button = page.getByRole('button', { name });
    await button.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name });
    await expect(dialog).toBeVisible();
    // Tab never reaches the page behind the modal dialog (past its last control it leaves for
    // the browser's own interface, where the document's focus is nobody's).
    const inside = (): Promise<boolean> =>
      page.evaluate(() => {
        const focused = document.activeElement;
        return focused === null || focused === document.body || focused.closest('dialog[open]') !== null;
      });
    let controls = 0;
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await inside()).toBe(true);
      if (await page.evaluate(() => document.activeElement?.closest('dialog[open]') !== null)) controls++;
    }
    expect(controls).toBeGreaterThan(3);
    const results = await new AxeBuilder({ page }).include('dialog[open]').analyze();
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(button).toBeFocused();
  }
});
