/**
 * Browser mode end to end: the real renderer (vite build) in Debian Chromium, the real engine with
 * its embedded simulator, a real TCP echo server as the target port, real local sockets. Waits on
 * the app's own signals (data-engine-state, status words); screenshots go to test-results/screenshots.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine, type Engine } from '../../electron/engine/api/engine.js';
import type { BrowserModeServer } from '../../electron/engine/server/browserModeServer.js';
import { builtRenderer, openApp, SHOTS, startEcho, type OpenApp } from './harness.js';

const STATIC = builtRenderer();

let app: OpenApp | undefined;
let engine: Engine;
let server: BrowserModeServer;
let echo: Awaited<ReturnType<typeof startEcho>> | undefined;
let echoPort: number;
let dataDir: string;
let page: Page;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'bl-e2e-'));
  // An AWS profile that assumes a role with MFA (served by the simulator's STS): the MFA round trip.
  writeFileSync(
    join(dataDir, 'aws-config'),
    [
      '[profile sim-base]',
      'region = us-east-1',
      '[profile sim-mfa]',
      'role_arn = arn:aws:iam::123456789012:role/e2e-admin',
      'source_profile = sim-base',
      'mfa_serial = arn:aws:iam::123456789012:mfa/e2e-user',
      'region = us-east-1',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dataDir, 'aws-credentials'),
    '[sim-base]\naws_access_key_id = AKIDE2EBASE\naws_secret_access_key = e2e-secret\n',
  );
  engine = await createEngine({
    dataDir,
    env: {
      HOME: dataDir,
      AWS_CONFIG_FILE: join(dataDir, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dataDir, 'aws-credentials'),
    },
    backend: 'simulator',
  });
  echo = await startEcho();
  echoPort = echo.port;
  // A trailing slash, as `bastionless ui` passes it, must not matter.
  app = await openApp(engine, { staticDir: `${STATIC}/`, viewport: { width: 1280, height: 720 } });
  ({ server, page } = app);
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  await echo?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function fillProfile(name: string, port: string, bindPort = '0'): Promise<void> {
  await page.getByTestId('new-profile').click();
  await page.getByTestId('field-name').fill(name);
  await page.getByTestId('field-instanceId').fill('i-0123456789abcdef0');
  await page.getByTestId('field-remotePort').fill(port);
  await page.getByTestId('field-bindPort').fill(bindPort);
}

describe('browser mode', () => {
  it('shows the empty state to a new user, with the simulator offered', async () => {
    await expect(page.getByTestId('empty-state').isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('backend').textContent()).resolves.toContain('Simulator');
    await page.screenshot({ path: join(SHOTS, 'empty-state.png') });
  });

  it('creates a profile, starts it, moves bytes, survives a dropped data channel, stops', async () => {
    await fillProfile('orders DB', String(echoPort));
    await page.screenshot({ path: join(SHOTS, 'editor.png') });
    await page.getByTestId('save-profile').click();
    const row = page.getByTestId('tunnel-row-orders DB');
    await row.waitFor();
    await row.getByTestId('start').click();
    await page.waitForSelector('[data-testid="tunnel-row-orders DB"] [data-testid="local-address"]');
    const addr = (await row.getByTestId('local-address').textContent())!;
    const port = Number(addr.split(':')[1]);

    // Push bytes through the local port and watch the counters move.
    const data = randomBytes(2 * 1024 * 1024);
    const sock = net.connect(port, '127.0.0.1');
    let got = 0;
    const back = new Promise<void>((resolve) =>
      sock.on('data', (d: Buffer) => {
        got += d.length;
        if (got >= data.length) resolve();
      }),
    );
    sock.write(data);
    await back;
    await page.waitForSelector('[data-testid="tunnel-row-orders DB"][data-status="open"]');
    await page.waitForFunction(
      () =>
        !document
          .querySelector('[data-testid="tunnel-row-orders DB"] [data-testid="bytes"]')
          ?.textContent?.includes('↓ 0 B'),
    );
    await page.screenshot({ path: join(SHOTS, 'dashboard-open.png') });

    // Drop the data channel: reconnecting → open, and the open connection still works.
    // The page records every status the row shows (a resume can take only milliseconds).
    await page.evaluate(() => {
      const w = window as unknown as { statuses: string[] };
      w.statuses = [];
      const row = document.querySelector('[data-testid="tunnel-row-orders DB"]')!;
      new MutationObserver(() => w.statuses.push(row.getAttribute('data-status') ?? '')).observe(row, {
        attributes: true,
      });
    });
    engine.simulator!.dropDataChannels();
    await page.waitForFunction(() => {
      const s = (window as unknown as { statuses: string[] }).statuses;
      const i = s.indexOf('reconnecting');
      return i >= 0 && s.slice(i).includes('open');
    });
    await page.screenshot({ path: join(SHOTS, 'dashboard-after-reconnect.png') });
    const more = randomBytes(64 * 1024);
    let got2 = 0;
    const back2 = new Promise<void>((resolve) =>
      sock.on('data', (d: Buffer) => {
        got2 += d.length;
        if (got2 >= more.length) resolve();
      }),
    );
    sock.write(more);
    await back2;
    sock.destroy();

    await row.getByTestId('stop').click();
    await page.waitForSelector('[data-testid="tunnel-row-orders DB"][data-status="stopped"]');
  });

  it('shows a validation error for a local port clash', async () => {
    const fixed = String(20000 + Math.floor(Math.random() * 20000));
    await fillProfile('first fixed', String(echoPort), fixed);
    await page.getByTestId('save-profile').click();
    await page.getByTestId('tunnel-row-first fixed').waitFor();
    await fillProfile('second fixed', String(echoPort), fixed);
    const err = page.getByTestId('error-bindPort');
    await err.waitFor();
    await expect(err.textContent()).resolves.toContain('already used by "first fixed"');
    await expect(page.getByTestId('save-profile').isDisabled()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, 'editor-port-clash.png') });
    await page.keyboard.press('Escape');
  });

  it('asks for an MFA code in a dialog and goes open once it is answered', async () => {
    await fillProfile('mfa role', String(echoPort));
    await page.getByTestId('field-awsProfile').fill('sim-mfa');
    // Eager: the session (and so the role assumption that needs the code) starts right away.
    await page.getByTestId('field-startMode').selectOption('eager');
    await page.getByTestId('save-profile').click();
    const row = page.getByTestId('tunnel-row-mfa role');
    await row.getByTestId('start').click();
    const dialog = page.getByTestId('prompt-mfa');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('arn:aws:iam::123456789012:mfa/e2e-user');
    await page.screenshot({ path: join(SHOTS, 'mfa-prompt.png') });
    await page.getByTestId('mfa-code').fill('123456');
    await page.getByTestId('mfa-submit').click();
    await dialog.waitFor({ state: 'detached' });
    await page.waitForSelector('[data-testid="tunnel-row-mfa role"][data-status="open"]');
    await row.getByTestId('stop').click();
    await page.waitForSelector('[data-testid="tunnel-row-mfa role"][data-status="stopped"]');
  });

  it('shows a failure with its hint', async () => {
    await fillProfile('offline box', String(echoPort));
    await page.getByTestId('field-instanceId').fill('i-0ccccccccccccccc3');
    await page.getByTestId('save-profile').click();
    const row = page.getByTestId('tunnel-row-offline box');
    await row.getByTestId('start').click();
    await row.getByTestId('probe').click();
    await page.waitForSelector('[data-testid="tunnel-row-offline box"] [data-testid="last-error"]');
    // A tunnel waiting out its backoff says when it tries again, so it never looks stuck.
    await page.waitForSelector('[data-testid="tunnel-row-offline box"] [data-testid="retry-countdown"]');
    expect(await row.getByTestId('retry-countdown').textContent()).toMatch(/^retrying (in \d+ s|now)$/);
    await page.screenshot({ path: join(SHOTS, 'dashboard-failure.png') });
    await row.getByTestId('stop').click();
  });
});

describe('other views', () => {
  it('shows the live log, the session history, and settings that switch the theme', async () => {
    await page.getByTestId('nav-logs').click();
    await page.waitForSelector('[data-testid="log-lines"] li.log-info');
    await page.getByTestId('nav-history').click();
    // The sessions of the tests above ended, so they are on record.
    await page.waitForSelector('[data-testid="history"] tbody tr');
    await page.screenshot({ path: join(SHOTS, 'history.png') });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-theme').selectOption('dark');
    await page.waitForSelector('html[data-theme="dark"]');
    await page.getByTestId('catalogs').waitFor();
    await page.screenshot({ path: join(SHOTS, 'settings-dark.png') });
    await page.getByTestId('nav-tunnels').click();
    await page.getByTestId('tunnels').waitFor();
    await page.screenshot({ path: join(SHOTS, 'dashboard-dark.png') });
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('setting-theme').selectOption('light');
    await page.waitForSelector('html[data-theme="light"]');
    await page.getByTestId('nav-tunnels').click();
  });
});

describe('browser-mode server refuses strangers', () => {
  const connect = (url: string, headers: Record<string, string>): Promise<number | 'open'> =>
    new Promise((resolve) => {
      const ws = new WebSocket(url, { headers });
      ws.on('open', () => {
        ws.close();
        resolve('open');
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(0));
    });
  const base = () => `ws://127.0.0.1:${server.port}/api`;
  const origin = () => `http://127.0.0.1:${server.port}`;

  it('accepts our own page with the token', async () => {
    await expect(connect(`${base()}?token=${server.token}`, { Origin: origin() })).resolves.toBe('open');
  });
  it('refuses without the token', async () => {
    await expect(connect(base(), { Origin: origin() })).resolves.toBe(403);
  });
  it('refuses a foreign Origin even with the token', async () => {
    await expect(connect(`${base()}?token=${server.token}`, { Origin: 'http://evil.example' })).resolves.toBe(
      403,
    );
  });
  it('refuses a rebinding Host header', async () => {
    await expect(
      connect(`${base()}?token=${server.token}`, { Origin: origin(), Host: `evil.example:${server.port}` }),
    ).resolves.toBe(403);
  });
  it('serves no page without the token', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/`);
    expect(res.status).toBe(403);
  });
});
