/**
 * Target picker and Windows password in the real UI (issues 8 and 6): Debian Chromium on browser
 * mode, an engine in AWS mode whose every AWS call goes through the real SDK to a simulator with a
 * Windows password set for its key pair. Types a tag (`env=prod`) into the picker, sees the node's
 * tags, ping status and platform, picks it, saves; then "Get password" with a wrong key (clear
 * error) and the right key (shown once, copied to the clipboard, gone after the dialog closes).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/api/engine.js';
import { builtRenderer, openApp, SHOTS, type OpenApp } from './harness.js';
import { defaultAwsServices, FakeAwsState } from '../../electron/simulator/aws/index.js';
import { startSimulator, type Simulator } from '../../electron/simulator/simulator.js';

const STATIC = builtRenderer();
const WIN = 'i-0bbbbbbbbbbbbbbb2';
const PASSWORD = 'E2e-Adm1n!pw';

let sim: Simulator;
let engine: Engine;
let app: OpenApp | undefined;
let page: Page;
let dir: string;
let keyFile: string;
let wrongKeyFile: string;

function privatePem(publicOut?: (pem: string) => void): string {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicOut?.(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  return privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-e2e-picker-'));
  const state = new FakeAwsState();
  keyFile = join(dir, 'win.pem');
  wrongKeyFile = join(dir, 'other.pem');
  writeFileSync(
    keyFile,
    privatePem((pub) => state.setWindowsPassword(WIN, PASSWORD, pub)),
    { mode: 0o600 },
  );
  writeFileSync(wrongKeyFile, privatePem(), { mode: 0o600 });
  sim = await startSimulator({ awsServices: (ctx) => defaultAwsServices(ctx, state) });
  engine = await createEngine({
    dataDir: join(dir, 'data'),
    backend: 'aws',
    env: {
      HOME: dir,
      AWS_ENDPOINT_URL: sim.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDE2EPICKER',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: join(dir, 'none'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'none'),
    },
  });
  app = await openApp(engine, { staticDir: STATIC, viewport: { width: 1280, height: 900 }, clipboard: true });
  page = app.page;
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('target picker', () => {
  it('finds a node by tag, shows its tags, ping status and platform, and picks it', async () => {
    await page.getByTestId('new-profile').click();
    const dialog = page.getByTestId('profile-dialog');
    await dialog.waitFor();
    // Discovery fed the picker: all four simulator nodes before any search.
    await page.getByTestId(`target-option-${WIN}`).waitFor();
    await expect(page.locator('[data-testid^="target-option-"]').count()).resolves.toBe(4);

    await page.getByTestId('target-search').fill('env=prod');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="target-option-"]').length === 1,
    );
    const option = page.getByTestId(`target-option-${WIN}`);
    const text = (await option.textContent()) ?? '';
    expect(text).toContain('win-rdp');
    expect(text).toContain('Online');
    expect(text).toContain('Windows Server 2022');
    await expect(option.getByTestId('target-tag').allTextContents()).resolves.toEqual([
      'env=prod',
      'team=finance',
    ]);
    // A bare tag value matches too; two terms must both match.
    await page.getByTestId('target-search').fill('finance windows');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="target-option-"]').length === 1,
    );
    await page.getByTestId('target-search').fill('env=staging');
    await page.getByTestId('target-none').waitFor();
    await page.getByTestId('target-search').fill('env=prod');
    await option.waitFor();
    await page.screenshot({ path: join(SHOTS, 'target-picker.png') });

    await option.click();
    await expect(page.getByTestId('field-instanceId').inputValue()).resolves.toBe(WIN);
    await expect(option.getAttribute('aria-selected')).resolves.toBe('true');
    await page.getByTestId('field-name').fill('finance desktop');
    await page.getByTestId('field-kind').selectOption('rdp');
    await page.getByTestId('field-remotePort').fill('3389');
    await page.waitForSelector('[data-testid="save-profile"]:not([disabled])');
    await page.getByTestId('save-profile').click();
    await page.getByTestId('tunnel-row-finance desktop').waitFor();
    const saved = await engine.call('profiles.list', {});
    const profiles = saved.ok ? (saved.value as { name: string; target: unknown }[]) : [];
    expect(profiles.find((p) => p.name === 'finance desktop')?.target).toEqual({
      kind: 'instance',
      instanceId: WIN,
    });
  });

  it('"Get password": a wrong key says so; the right key shows it once and copies it', async () => {
    await page.getByTestId('tunnel-row-finance desktop').getByTestId('edit').click();
    const section = page.getByTestId('windows-password');
    await section.waitFor();
    await page.getByTestId('windows-key-file').fill(wrongKeyFile);
    await page.getByTestId('get-windows-password').click();
    const status = page.getByTestId('windows-password-status');
    await status.waitFor();
    await expect(status.textContent()).resolves.toContain('does not decrypt this password');
    await expect(page.getByTestId('windows-password-value').count()).resolves.toBe(0);

    await page.getByTestId('windows-key-file').fill(keyFile);
    await page.getByTestId('get-windows-password').click();
    const value = page.getByTestId('windows-password-value');
    await value.waitFor();
    await expect(value.inputValue()).resolves.toBe(PASSWORD);
    await page.getByTestId('copy-windows-password').click();
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="windows-password-status"]')?.textContent?.includes('Copied'),
    );
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(PASSWORD);
    await page.screenshot({ path: join(SHOTS, 'windows-password.png') });

    // Closing the dialog forgets it; reopening shows no password; nothing was saved with the profile.
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('tunnel-row-finance desktop').getByTestId('edit').click();
    await section.waitFor();
    await expect(page.getByTestId('windows-password-value').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(readFileSync(join(dir, 'data', 'profiles.json'), 'utf8')).not.toContain(PASSWORD);
  });
  it('saving from the dialog keeps what the dialog does not show (launcher, tags, group, notes)', async () => {
    const listed = await engine.call('profiles.list', {});
    const p = (listed.ok ? (listed.value as { name: string }[]) : []).find(
      (x) => x.name === 'finance desktop',
    );
    const rich = await engine.call('profiles.save', {
      ...p,
      launcher: { kind: 'rdp', username: 'Administrator', fetchWindowsPassword: true },
      tags: ['finance'],
      group: 'desktops',
      notes: 'the finance jump box',
    });
    expect(rich.ok).toBe(true);
    await page.getByTestId('tunnel-row-finance desktop').getByTestId('edit').click();
    await page.getByTestId('field-remotePort').fill('3390');
    await page.waitForSelector('[data-testid="save-profile"]:not([disabled])');
    await page.getByTestId('save-profile').click();
    await page.getByTestId('profile-dialog').waitFor({ state: 'detached' });
    const after = await engine.call('profiles.list', {});
    expect(
      (after.ok ? (after.value as { name: string }[]) : []).find((x) => x.name === 'finance desktop'),
    ).toMatchObject({
      remotePort: 3390,
      launcher: { kind: 'rdp', username: 'Administrator', fetchWindowsPassword: true },
      tags: ['finance'],
      group: 'desktops',
      notes: 'the finance jump box',
    });
  });
});
