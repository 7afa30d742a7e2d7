/**
 * `npm start` decides between Electron and browser mode without touching electron's index.js (which
 * would try to download the binary). Driven through --dry-run with a stand-in electron package dir.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function fakeElectronDir(withBinary: boolean): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'bl-electron-'));
  dirs.push(dir);
  await writeFile(join(dir, 'package.json'), '{"name":"electron"}');
  if (withBinary) {
    await writeFile(join(dir, 'path.txt'), 'electron');
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'electron'), '');
  }
  return dir;
}

async function dryRun(electronDir: string, ...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, BASTIONLESS_ELECTRON_DIR: electronDir };
  delete env['ELECTRON_OVERRIDE_DIST_PATH'];
  const r = await promisify(execFile)(process.execPath, ['build/start.mjs', '--dry-run', ...args], { env });
  return { plan: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
}

describe('npm start', () => {
  it('without the Electron binary: one line on stderr, then browser mode (bastionless ui)', async () => {
    const { plan, stderr } = await dryRun(await fakeElectronDir(false), '--port', '0');
    expect(stderr).toBe(
      'Electron binary not available here (the Electron binary was never downloaded); starting browser mode instead.\n',
    );
    expect(plan['mode']).toBe('browser');
    expect((plan['args'] as string[]).slice(1)).toEqual(['ui', '--port', '0']);
    expect((plan['build'] as string[][])[0]).toEqual(['run', 'build:node']);
  });

  it('with the binary: npm run build, then Electron on the app directory', async () => {
    const dir = await fakeElectronDir(true);
    const { plan, stderr } = await dryRun(dir);
    expect(stderr).toBe('');
    expect(plan).toMatchObject({
      mode: 'electron',
      binary: join(dir, 'dist', 'electron'),
      build: [['run', 'build']],
    });
  });

  it('--browser forces browser mode even with the binary', async () => {
    const { plan } = await dryRun(await fakeElectronDir(true), '--browser');
    expect(plan['mode']).toBe('browser');
  });
});
