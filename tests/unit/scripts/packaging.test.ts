// The packaging configuration, as far as it can be checked without Electron's binaries (which
// electron-builder downloads): electron-builder loads electron-builder.yml and validates it
// against its own JSON schema; the targets, resources, file association and icons are the ones
// the app expects; the fuses electron-builder would set are flipped, with @electron/fuses, in a
// stand-in binary carrying Electron's fuse wire; and electron-builder really packs the built app
// (out/) for Linux as a folder, around a stand-in Electron distribution instead of a download.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { TRACE_ENDING } from '../../../src/main/launch-trace';
import { resourcePaths } from '../../../src/main/resources';

const require = createRequire(import.meta.url);
const ROOT = resolve('.');

interface BuilderConfig {
  [key: string]: unknown;
  /** Normalised by the loader into file sets. */
  files: { filter: string[] }[];
  asar: boolean;
  extraResources: { from: string; to: string; filter?: string[] }[];
  electronFuses: Record<string, boolean>;
  fileAssociations: { ext: string; name: string; mimeType: string }[];
  linux: { target: string[]; category: string; icon: string };
  mac: { target: string; icon: string };
  win: { target: string; icon: string };
}

// electron-builder's own loader and validator, the code `electron-builder` runs first.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath?: string | null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, debug: { isEnabled: boolean }): Promise<void>;
};
const builder = require('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(fuses: unknown): Promise<Record<string, unknown>> } };
};
const asar = require('@electron/asar') as { listPackage(path: string): string[] };
const fuses = require('@electron/fuses') as {
  FuseV1Options: Record<string, number | string>;
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>;
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>;
};

const config = await getConfig(ROOT);
const dir = mkdtempSync(join(tmpdir(), 'lanes-packaging-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('electron-builder configuration', () => {
  it("is valid by electron-builder's loader and schema, and by the schema without type coercion", async () => {
    await expect(validateConfiguration(config, { isEnabled: false })).resolves.toBeUndefined();
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const strict = new Ajv({ allErrors: true, strict: false });
    const valid = strict.validate(schema, config);
    expect(strict.errors ?? [], strict.errorsText()).toEqual([]);
    expect(valid).toBe(true);
  });

  it('refuses a misspelt option (the check can fail)', async () => {
    writeFileSync(join(dir, 'bad.yml'), 'linux:\n  categroy: Education\n');
    const bad = await getConfig(ROOT, join(dir, 'bad.yml'));
    await expect(validateConfiguration(bad, { isEnabled: false })).rejects.toThrow(/configuration\.linux/);
  });

  it('builds AppImage and deb (Education), dmg and NSIS, into ASAR', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Education' });
    expect(config.mac.target).toBe('dmg');
    expect(config.win.target).toBe('nsis');
    expect(config.asar).toBe(true);
  });

  it('packs the built app, and ships resources/python beside it where the app looks when packaged', () => {
    const main = JSON.parse(readFileSync('package.json', 'utf8')).main as string;
    expect(main).toBe('out/main/index.js');
    expect(config.files.flatMap((set) => set.filter)).toEqual(
      expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']),
    );
    const python = config.extraResources.find((resource) => resource.from === 'resources/python');
    const icon = config.extraResources.find((resource) => resource.from === 'resources/icons/512x512.png');
    const packaged = resourcePaths({
      packaged: true,
      appPath: '/opt/Lanes/resources/app.asar',
      resourcesPath: '/opt/Lanes/resources',
    });
    expect(join('/opt/Lanes/resources', python!.to)).toBe(packaged.python);
    expect(join('/opt/Lanes/resources', icon!.to)).toBe(packaged.icon);
    expect(python!.filter).toContain('!**/__pycache__/**');
  });

  it('associates .lanes.json with the app, as the app reads its command line', () => {
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: TRACE_ENDING.slice(1), role: 'Viewer' })]);
  });

  it('points at icons that exist', () => {
    for (const icon of [config.mac.icon, config.win.icon]) expect(existsSync(icon), icon).toBe(true);
    expect(existsSync(join(config.linux.icon, '512x512.png'))).toBe(true);
  });
});

/** Electron's fuse sentinel, then wire version 1, the wire's length and one byte per fuse. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults in the stand-in: RunAsNode, NODE_OPTIONS, --inspect and file: privileges on. */
const DEFAULT_WIRE = '10110001';
const ON = 49;
const OFF = 48;

/** A file that looks to @electron/fuses like an Electron binary with its default fuses. */
function standInBinary(path: string): void {
  const padding = Buffer.alloc(4096, 7);
  writeFileSync(
    path,
    Buffer.concat([
      padding,
      Buffer.from(SENTINEL),
      Buffer.from([1, DEFAULT_WIRE.length]),
      Buffer.from(DEFAULT_WIRE),
      padding,
    ]),
  );
}

describe('Electron fuses', () => {
  it('sets every fuse of the wire explicitly', async () => {
    const fuseConfig = await builder.PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    const options = Object.values(fuses.FuseV1Options).filter((value): value is number => typeof value === 'number');
    expect(options).toHaveLength(DEFAULT_WIRE.length);
    for (const option of options)
      expect(typeof fuseConfig[option], String(fuses.FuseV1Options[option])).toBe('boolean');
  });

  it('flips them in the binary: RunAsNode, NODE_OPTIONS and --inspect off; ASAR integrity and ASAR-only on', async () => {
    const binary = join(dir, 'lanes');
    const padding = Buffer.alloc(4096, 7);
    writeFileSync(
      binary,
      Buffer.concat([
        padding,
        Buffer.from(SENTINEL),
        Buffer.from([1, DEFAULT_WIRE.length]),
        Buffer.from(DEFAULT_WIRE),
        padding,
      ]),
    );
    copyFileSync(binary, `${binary}.before`);
    const fuseConfig = await builder.PlatformPackager.prototype.generateFuseConfig.call(null, config.electronFuses);
    await fuses.flipFuses(binary, { ...fuseConfig, strictlyRequireAllFuses: true });
    const wire = await fuses.getCurrentFuseWire(binary);
    const state = (name: string) => wire[fuses.FuseV1Options[name] as number];
    expect({
      RunAsNode: state('RunAsNode'),
      EnableNodeOptionsEnvironmentVariable: state('EnableNodeOptionsEnvironmentVariable'),
      EnableNodeCliInspectArguments: state('EnableNodeCliInspectArguments'),
      EnableEmbeddedAsarIntegrityValidation: state('EnableEmbeddedAsarIntegrityValidation'),
      OnlyLoadAppFromAsar: state('OnlyLoadAppFromAsar'),
      GrantFileProtocolExtraPrivileges: state('GrantFileProtocolExtraPrivileges'),
      EnableCookieEncryption: state('EnableCookieEncryption'),
      LoadBrowserProcessSpecificV8Snapshot: state('LoadBrowserProcessSpecificV8Snapshot'),
    }).toEqual({
      RunAsNode: OFF,
      EnableNodeOptionsEnvironmentVariable: OFF,
      EnableNodeCliInspectArguments: OFF,
      EnableEmbeddedAsarIntegrityValidation: ON,
      OnlyLoadAppFromAsar: ON,
      GrantFileProtocolExtraPrivileges: OFF,
      EnableCookieEncryption: ON,
      LoadBrowserProcessSpecificV8Snapshot: OFF,
    });
    // Nothing but the wire changed.
    const before = readFileSync(`${binary}.before`);
    const after = readFileSync(binary);
    const wireAt = before.indexOf(SENTINEL) + SENTINEL.length + 2;
    expect(after.subarray(0, wireAt)).toEqual(before.subarray(0, wireAt));
    expect(after.subarray(wireAt + DEFAULT_WIRE.length)).toEqual(before.subarray(wireAt + DEFAULT_WIRE.length));
  });
});

describe('a Linux build around a stand-in Electron', () => {
  /** electron-builder copies, packs and flips fuses in a few seconds; generous for a loaded machine. */
  const BUILD_LIMIT_MS = 180_000;

  it(
    'packs only the built app into app.asar, ships Python and the icon beside it, and flips the fuses',
    () => {
      expect(
        existsSync('out/main/index.js') && existsSync('out/renderer/index.html'),
        'build the app first: npm run build:app',
      ).toBe(true);
      const electronDist = join(dir, 'electron-dist');
      mkdirSync(electronDist);
      standInBinary(join(electronDist, 'electron'));
      chmodSync(join(electronDist, 'electron'), 0o755);
      writeFileSync(join(electronDist, 'LICENSE'), 'stand-in');
      writeFileSync(join(electronDist, 'version'), pinnedVersion());
      const output = join(dir, 'dist');
      const build = spawnSync(
        process.execPath,
        [
          require.resolve('electron-builder/cli.js'),
          '--linux',
          'dir',
          '--publish',
          'never',
          `-c.electronDist=${electronDist}`,
          `-c.directories.output=${output}`,
        ],
        { cwd: ROOT, encoding: 'utf8', timeout: BUILD_LIMIT_MS },
      );
      expect(build.status, `${build.stdout}\n${build.stderr}`).toBe(0);
      const unpacked = join(output, 'linux-unpacked');
      const packed = asar
        .listPackage(join(unpacked, 'resources', 'app.asar'))
        .map((path) => path.split('\\').join('/'));
      const files = packed.filter((path) => /\.[a-z0-9]+$/.test(path));
      expect(files).toEqual(
        expect.arrayContaining([
          '/package.json',
          '/out/main/index.js',
          '/out/preload/index.cjs',
          '/out/renderer/index.html',
        ]),
      );
      expect(files.filter((path) => !/^\/(package\.json$|out\/(main|preload|renderer)\/)/.test(path))).toEqual([]);
      expect(files.filter((path) => path.endsWith('.map') || path.includes('node_modules'))).toEqual([]);
      const python = join(unpacked, 'resources', 'python');
      expect(readdirSync(python).sort()).toEqual(
        readdirSync('resources/python')
          .filter((name) => name !== '__pycache__')
          .sort(),
      );
      expect(existsSync(join(python, 'site', 'lanes_trace', '__init__.py'))).toBe(true);
      expect(readdirSync(python, { recursive: true }).some((path) => String(path).includes('__pycache__'))).toBe(false);
      expect(existsSync(join(unpacked, 'resources', 'icons', '512x512.png'))).toBe(true);
      const binary = readFileSync(join(unpacked, 'lanes'));
      const wireAt = binary.indexOf(SENTINEL) + SENTINEL.length + 2;
      // RunAsNode, cookies, NODE_OPTIONS, --inspect, ASAR integrity, ASAR only, V8 snapshot, file: privileges.
      expect(binary.subarray(wireAt, wireAt + DEFAULT_WIRE.length).toString('ascii')).toBe('01001100');
      expect([...'01001100'].map((c) => c.charCodeAt(0))).toEqual([OFF, ON, OFF, OFF, ON, ON, OFF, OFF]);
    },
    BUILD_LIMIT_MS + 10_000,
  );
});

function pinnedVersion(): string {
  return (JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: { electron: string } }).devDependencies
    .electron;
}
