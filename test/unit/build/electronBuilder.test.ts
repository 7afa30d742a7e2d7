/**
 * `npm run dist` cannot run offline (electron-builder downloads Electron), so this checks what it
 * would use: the config validates against electron-builder's own schema, every icon it names exists
 * and is a real PNG of the right size, and the files whitelist ships what main loads at run time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';

const ROOT = process.cwd();
const require = createRequire(import.meta.url);
const config = YAML.parse(readFileSync(join(ROOT, 'build/electron-builder.yml'), 'utf8')) as Record<
  string,
  unknown
>;

/** Width and height from a PNG's IHDR, after checking the signature and the chunk type. */
function pngSize(path: string): [number, number] {
  const b = readFileSync(path);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(b.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('electron-builder configuration', () => {
  it('validates against electron-builder’s schema (and the check can fail)', async () => {
    const { validateConfiguration } = require(
      join(ROOT, 'node_modules/app-builder-lib/out/util/config/config.js'),
    ) as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> };
    const { DebugLogger } = require(join(ROOT, 'node_modules/builder-util')) as {
      DebugLogger: new (enabled: boolean) => unknown;
    };
    await expect(
      validateConfiguration(structuredClone(config), new DebugLogger(false)),
    ).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...structuredClone(config), asar: 'yes' }, new DebugLogger(false)),
    ).rejects.toThrow(/Invalid configuration/);
  });

  it('targets nsis, dmg, AppImage and deb under the product name', () => {
    expect(config['productName']).toBe('Bastionless');
    expect(config['asar']).toBe(true);
    const targets = (k: string) =>
      ((config[k] as { target: { target: string }[] }).target ?? []).map((t) => t.target);
    expect(targets('win')).toEqual(['nsis']);
    expect(targets('mac')).toEqual(['dmg']);
    expect(targets('linux')).toEqual(['AppImage', 'deb']);
  });

  it('ships main, preload, renderer and the run-time icons, and nothing from the source tree', () => {
    const files = config['files'] as string[];
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/shell/main.js');
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/**/*.js',
        'dist/shared/**/*.js',
        'dist/build/**/*.js',
        'dist/preload/preload.cjs',
        'dist/renderer/**',
        'build/icons/tray-*.png',
        'build/icons/icon-512.png',
      ]),
    );
    expect(files.filter((f) => !f.startsWith('!') && /^(electron|shared|renderer|test)\//.test(f))).toEqual(
      [],
    );
  });

  it('every icon exists as a PNG of the expected size, with a tray icon per tray state', () => {
    expect(pngSize(join(ROOT, 'build/icons/icon.png'))).toEqual([1024, 1024]);
    expect(pngSize(join(ROOT, 'build/icons/icon-512.png'))).toEqual([512, 512]);
    for (const n of [16, 32, 48, 64, 128, 256, 512]) {
      expect(pngSize(join(ROOT, `build/icons/linux/${n}x${n}.png`))).toEqual([n, n]);
    }
    for (const state of ['up', 'connecting', 'failed', 'idle']) {
      expect(pngSize(join(ROOT, `build/icons/tray-${state}.png`))).toEqual([16, 16]);
      expect(pngSize(join(ROOT, `build/icons/tray-${state}@2x.png`))).toEqual([32, 32]);
    }
    for (const k of ['win', 'mac', 'linux']) {
      expect(existsSync(join(ROOT, (config[k] as { icon: string }).icon))).toBe(true);
    }
  });
});
