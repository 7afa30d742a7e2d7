/**
 * SSO device-code sign-in from the UI (issue 8: credential prompts as dialogs). Debian Chromium on
 * browser mode; the engine's embedded simulator serves SSO-OIDC, the SSO portal, STS and SSM. An
 * `sso` AWS profile with no cached token: its eager tunnel goes to needs-login; "Sign in" in the
 * profile dialog makes the engine raise the device-code prompt; the dialog shows the code and the
 * verification link; clicking the link opens the fake OIDC "browser" page, which approves the code;
 * the dialog closes, the sign-in reports success and the tunnel comes back by itself.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/api/engine.js';
import { builtRenderer, openApp, SHOTS, type OpenApp } from './harness.js';
import { makeAwsHome, type AwsHome } from '../integration/aws/awsHome.js';

const STATIC = builtRenderer();

let home: AwsHome;
let dataDir: string;
let engine: Engine;
let app: OpenApp | undefined;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  // The SDK's SSO token cache paths read process.env (HOME), so the temp home is process-wide here.
  home = makeAwsHome();
  home.writeConfig(
    '[profile sso]\nsso_session = org\nsso_account_id = 444455556666\nsso_role_name = PowerUser\nregion = us-east-1\n' +
      '[sso-session org]\nsso_start_url = https://org.awsapps.com/start\nsso_region = us-east-1\n',
  );
  dataDir = mkdtempSync(join(tmpdir(), 'bl-e2e-sso-'));
  engine = await createEngine({ dataDir, env: process.env, backend: 'simulator' });
  app = await openApp(engine, { staticDir: STATIC, viewport: { width: 1280, height: 800 } });
  ({ context, page } = app);
});

afterAll(async () => {
  await app?.close();
  await engine?.close();
  home?.restore();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('SSO device-code prompt', () => {
  it('needs-login tunnel → Sign in → device-code dialog → approve in the browser → dialog closes, tunnel back', async () => {
    const saved = await engine.call('profiles.save', {
      name: 'sso web',
      kind: 'web',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 80,
      startMode: 'eager',
      aws: { profile: 'sso', region: 'us-east-1' },
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const row = page.getByTestId('tunnel-row-sso web');
    await row.waitFor();
    await row.getByTestId('start').click();
    // No token in the cache yet: the session cannot start.
    await page.waitForSelector('[data-testid="tunnel-row-sso web"][data-status="needs-login"]');

    await row.getByTestId('edit').click();
    await page.getByTestId('profile-dialog').waitFor();
    await page.getByTestId('aws-login').click();
    const dialog = page.getByTestId('prompt-sso-device');
    await dialog.waitFor();
    const code = (await page.getByTestId('sso-user-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^[A-Z0-9]{4}-?[A-Z0-9]{4}$/);
    await expect(dialog.textContent()).resolves.toContain('Sign in to AWS (sso)');
    const link = page.getByTestId('sso-verification-link');
    const href = (await link.getAttribute('href')) ?? '';
    expect(new URL(href).searchParams.get('user_code')).toBe(code);
    await expect(link.textContent()).resolves.toMatch(/^http:\/\/127\.0\.0\.1:\d+\/device$/);
    await expect(page.getByTestId('aws-login').textContent()).resolves.toBe('Signing in…');
    await page.screenshot({ path: join(SHOTS, 'sso-device-prompt.png') });

    // The user opens the link: a new tab on the fake OIDC page, which approves the code.
    const [approvalTab] = await Promise.all([context.waitForEvent('page'), link.click()]);
    await approvalTab.waitForLoadState();
    await expect(approvalTab.textContent('h1')).resolves.toBe('Request approved');
    await approvalTab.close();

    // The engine polls CreateToken, caches the token, resolves the prompt: the dialog goes away.
    await dialog.waitFor({ state: 'detached' });
    const status = page.getByTestId('aws-login-status');
    await status.waitFor();
    await expect(status.textContent()).resolves.toBe('Signed in to AWS.');
    await page.getByRole('button', { name: 'Cancel' }).click();
    // Needs-login tunnels retry at once after a sign-in.
    await page.waitForSelector(
      '[data-testid="tunnel-row-sso web"]:is([data-status="open"], [data-status="listening"])',
    );
    await page.screenshot({ path: join(SHOTS, 'sso-signed-in.png') });
  });
});
