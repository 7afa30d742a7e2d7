/**
 * Team catalogs end to end in Chromium (browser mode): the real renderer, the real engine with its
 * embedded simulator serving Parameter Store, a real TCP echo server as the target port. Adds a
 * Parameter Store catalog in Settings, sees access denied reported, sees the catalog profiles on the
 * dashboard (read-only, startable), copies one into personal profiles. Waits on the app's own
 * signals; screenshots go to test-results/screenshots.
 *
 * The renderer is built into a temp dir of its own (not dist/renderer), so this test always runs the
 * current sources and never races another suite's build.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/api/engine.js';
import { openApp, ROOT, SHOTS, startEcho, type OpenApp } from './harness.js';

let app: OpenApp | undefined;
let engine: Engine;
let echo: Awaited<ReturnType<typeof startEcho>> | undefined;
let echoPort: number;
let dataDir: string;
let staticDir: string;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'bl-e2e-catalogs-'));
  staticDir = join(dataDir, 'renderer');
  execFileSync(
    'npx',
    ['vite', 'build', '--config', 'vite.config.mjs', '--outDir', staticDir, '--emptyOutDir'],
    {
      cwd: ROOT,
      stdio: 'ignore',
    },
  );
  echo = await startEcho();
  echoPort = echo.port;
  engine = await createEngine({ dataDir, env: { HOME: dataDir }, backend: 'simulator' });
  const target = { kind: 'instance', instanceId: 'i-0123456789abcdef0' };
  engine.simulator!.setParameter(
    '/team/e2e/orders',
    JSON.stringify({ name: 'orders DB', kind: 'database', target, remotePort: echoPort }),
  );
  engine.simulator!.setParameter(
    '/team/e2e/admin',
    `name: admin UI\nkind: web\ntarget: { kind: instance, instanceId: i-0123456789abcdef0 }\nremotePort: ${echoPort}\n`,
  );
  app = await openApp(engine, { staticDir, viewport: { width: 1280, height: 800 } });
  page = app.page;
}, 120_000);

afterAll(async () => {
  await app?.close();
  await engine?.close();
  await echo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const catalogRow = (source: 'catalog' | 'personal', name: string) =>
  page.locator(
    `tr[data-testid="tunnel-row-${name}"][data-source${source === 'catalog' ? '^="catalog:"' : '="personal"'}]`,
  );

describe('team catalogs in the app', () => {
  it('adds a Parameter Store catalog from Settings and shows its count and refresh time', async () => {
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('catalog-kind').inputValue()).resolves.toBe('parameter-store');
    await page.getByLabel('Parameter Store path', { exact: true }).fill('/team/e2e');
    await page.getByTestId('catalog-name').fill('Platform team');
    await page.getByRole('button', { name: 'Add catalog' }).click();
    const item = page.getByTestId('catalog-Platform team');
    await item.getByTestId('catalog-count').filter({ hasText: '2 profiles' }).waitFor();
    await expect(item.textContent()).resolves.toContain('refreshed ');
    await expect(item.getAttribute('data-has-error')).resolves.toBe('false');
  });

  it('shows access denied on refresh and keeps the profiles', async () => {
    engine.simulator!.injectApiError('GetParametersByPath', { code: 'AccessDeniedException' });
    const item = page.getByTestId('catalog-Platform team');
    await page.getByRole('button', { name: 'Refresh Platform team' }).click();
    await page.waitForSelector('[data-testid="catalog-Platform team"][data-has-error="true"]');
    await expect(item.getByTestId('catalog-error').textContent()).resolves.toContain(
      'access denied: ssm:GetParametersByPath on /team/e2e',
    );
    await expect(item.getByTestId('catalog-count').textContent()).resolves.toBe('2 profiles');
    await page
      .getByTestId('catalogs')
      .screenshot({ path: join(SHOTS, 'catalogs-settings-access-denied.png') });
    // The next refresh succeeds and clears the error.
    await page.getByRole('button', { name: 'Refresh Platform team' }).click();
    await page.waitForSelector('[data-testid="catalog-Platform team"][data-has-error="false"]');
  });

  it('lists catalog profiles read-only on the dashboard; they start, and copy into my profiles', async () => {
    await page.getByTestId('nav-tunnels').click();
    const orders = catalogRow('catalog', 'orders DB');
    await orders.waitFor();
    await expect(orders.getByTestId('catalog-badge').textContent()).resolves.toContain('read-only');
    await expect(orders.getByTestId('edit').count()).resolves.toBe(0);

    // A catalog profile is a tunnel like any other: start it and move bytes through it.
    await orders.getByTestId('start').click();
    await orders.getByTestId('local-address').waitFor();
    const port = Number((await orders.getByTestId('local-address').textContent())!.split(':')[1]);
    const sock = net.connect(port, '127.0.0.1');
    const back = new Promise<string>((resolve) => sock.once('data', (d: Buffer) => resolve(d.toString())));
    sock.write('ping through a catalog tunnel');
    await expect(back).resolves.toBe('ping through a catalog tunnel');
    sock.destroy();

    await page.getByRole('button', { name: 'Copy admin UI to my profiles' }).click();
    const copy = catalogRow('personal', 'admin UI');
    await copy.waitFor();
    await expect(copy.getByTestId('edit').count()).resolves.toBe(1);
    await expect(copy.getByTestId('catalog-badge').count()).resolves.toBe(0);
    await page.screenshot({ path: join(SHOTS, 'catalogs-dashboard.png') });
    await orders.getByTestId('stop').click();
    await page.waitForSelector(
      'tr[data-testid="tunnel-row-orders DB"][data-source^="catalog:"][data-status="stopped"]',
    );

    // The copy is a personal profile in the engine, the catalog one is unchanged.
    const r = await engine.call('profiles.list', {});
    const names = r.ok
      ? (r.value as { name: string; source: string }[]).map((p) => `${p.source}|${p.name}`)
      : [];
    expect(names.filter((n) => n.endsWith('|admin UI')).map((n) => n.split(':')[0])).toEqual([
      'personal|admin UI',
      'catalog',
    ]);
  });

  it('shows the clash between the copy and the catalog profile in Settings', async () => {
    await page.getByTestId('nav-settings').click();
    const item = page.getByTestId('catalog-Platform team');
    await item.getByTestId('catalog-conflict').first().waitFor();
    await expect(item.getByTestId('catalog-conflict').first().textContent()).resolves.toContain(
      '"admin UI" has the same name as your profile "admin UI"',
    );
    await page.getByTestId('catalogs').screenshot({ path: join(SHOTS, 'catalogs-settings-conflict.png') });
  });
});
