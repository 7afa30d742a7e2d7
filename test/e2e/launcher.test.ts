/**
 * Launcher settings end to end (browser mode, real engine + simulator, Debian Chromium): set a
 * launcher in the profile editor (a secret in a template is refused as you type), launch from the
 * dashboard with one click (the tunnel starts, the launched program gets the address), probe and
 * see the answer, and an RDP launcher that asks for the key file of the Windows password.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/api/engine.js';
import { builtRenderer, openApp, SHOTS, startEcho, type OpenApp } from './harness.js';
import { WRITE_ARGV_SCRIPT } from '../fixtures/recorders.js';

const STATIC = builtRenderer();

let app: OpenApp | undefined;
let engine: Engine;
let echo: Awaited<ReturnType<typeof startEcho>> | undefined;
let echoPort: number;
let dataDir: string;
let page: Page;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bl-e2e-launch-'));
  engine = await createEngine({ dataDir, env: { HOME: dataDir }, backend: 'simulator' });
  echo = await startEcho();
  echoPort = echo.port;
  app = await openApp(engine, { staticDir: STATIC, viewport: { width: 1280, height: 900 } });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  await echo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function newProfile(name: string, kind = 'database'): Promise<void> {
  await page.getByTestId('new-profile').click();
  await page.getByTestId('field-name').fill(name);
  await page.getByTestId('field-kind').selectOption(kind);
  await page.getByTestId('field-instanceId').fill('i-0123456789abcdef0');
  await page.getByTestId('field-remotePort').fill(String(echoPort));
}

describe('launchers from the editor and the dashboard', () => {
  it('refuses a password in a template as you type, then launches a command with the tunnel address', async () => {
    await newProfile('psql prod');
    await page.getByTestId('launcher-kind').selectOption('database');
    await page.getByTestId('launcher-template').fill('postgres://app:hunter2@{host}:{port}/orders');
    await page.waitForSelector('[data-testid="error-launcher-template"]');
    expect(await page.getByTestId('error-launcher-template').textContent()).toMatch(
      /remove the password from the URL/,
    );
    await page.screenshot({ path: join(SHOTS, 'editor-launcher-secret.png') });

    // A custom command, one argument per line; it records the argv it was given.
    const out = join(dataDir, 'launched.json');
    await page.getByTestId('launcher-kind').selectOption('command');
    await page
      .getByTestId('launcher-argv')
      .fill([process.execPath, '-e', WRITE_ARGV_SCRIPT, out, '{host}:{port}'].join('\n'));
    await page.getByTestId('launcher-notes').fill('opens psql on the orders database');
    await page.screenshot({ path: join(SHOTS, 'editor-launcher.png') });
    await page.getByTestId('save-profile').click();
    await page.getByTestId('profile-dialog').waitFor({ state: 'detached' });

    // One click: the stopped tunnel starts and the program gets its address.
    const row = page.getByTestId('tunnel-row-psql prod');
    await row.getByTestId('launch').click();
    await vi.waitFor(() => expect(existsSync(out)).toBe(true), { timeout: 15_000, interval: 50 });
    const port = await row.getByTestId('local-address').textContent();
    await vi.waitFor(() => expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([port]), {
      timeout: 5_000,
      interval: 50,
    });
    await page.waitForSelector('[data-testid="tunnel-row-psql prod"] [data-testid="row-note"]');
    expect(await row.getByTestId('row-note').textContent()).toBe('launched');

    // Probe: proof the far side answers, shown on the row.
    await row.getByTestId('probe').click();
    await vi.waitFor(
      async () =>
        expect(await row.getByTestId('row-note').textContent()).toMatch(/^target answered in [\d.]+ ms$/),
      { timeout: 15_000, interval: 50 },
    );
    await page.screenshot({ path: join(SHOTS, 'dashboard-launched.png') });

    // The launcher was saved: the editor shows it again.
    await row.getByTestId('edit').click();
    expect(await page.getByTestId('launcher-kind').inputValue()).toBe('command');
    expect((await page.getByTestId('launcher-argv').inputValue()).split('\n')).toHaveLength(5);
    expect(await page.getByTestId('launcher-notes').inputValue()).toBe('opens psql on the orders database');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await row.getByTestId('stop').click();
  });

  it('an RDP launcher that fetches the Windows password asks for the key file and reports a bad one', async () => {
    await newProfile('build server', 'rdp');
    await page.getByTestId('launcher-kind').selectOption('rdp');
    await page.getByTestId('launcher-username').fill('Administrator');
    await page.getByTestId('launcher-fetchWindowsPassword').check();
    await page.getByTestId('save-profile').click();
    await page.getByTestId('profile-dialog').waitFor({ state: 'detached' });
    const row = page.getByTestId('tunnel-row-build server');
    await row.getByTestId('launch').click();
    await row.getByTestId('key-file-form').waitFor();
    await row.getByTestId('key-file-path').fill(join(dataDir, 'missing-key.pem'));
    await page.screenshot({ path: join(SHOTS, 'dashboard-rdp-key.png') });
    await row.getByRole('button', { name: 'Launch', exact: true }).last().click();
    await vi.waitFor(
      async () => expect(await row.getByTestId('row-note').textContent()).toMatch(/cannot read the key file/),
      { timeout: 15_000, interval: 50 },
    );
    expect(await row.getByTestId('row-note').getAttribute('role')).toBe('alert');
  });
});
