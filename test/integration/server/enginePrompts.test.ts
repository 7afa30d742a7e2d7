/**
 * The engine's human-in-the-loop paths against the embedded simulator: an MFA code asked through
 * 'engine.prompt' and answered with prompts.answer; an SSO device login whose code is shown through
 * 'engine.prompt' {kind:'sso-device'} and approved in the "browser".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Prompt } from '../../../shared/contract/events.js';
import { createEngine, type Engine } from '../../../electron/engine/api/engine.js';
import { makeAwsHome, type AwsHome } from '../aws/awsHome.js';

let home: AwsHome;
let dir: string;
let engine: Engine | undefined;

beforeEach(() => {
  home = makeAwsHome();
  dir = mkdtempSync(join(tmpdir(), 'bl-eprompt-'));
});
afterEach(async () => {
  await engine?.close();
  engine = undefined;
  home.restore();
  rmSync(dir, { recursive: true, force: true });
});

function nextPrompt(e: Engine, kind: Prompt['kind']): Promise<Prompt> {
  return new Promise((resolve) => {
    const off = e.subscribe('engine.prompt', (p) => {
      if (p.kind !== kind) return;
      off();
      resolve(p);
    });
  });
}

describe('engine prompts', () => {
  it('asks for an MFA code through engine.prompt and uses the answer', async () => {
    home.writeCredentials('[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s\n');
    home.writeConfig(
      '[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = base\n' +
        'mfa_serial = arn:aws:iam::123456789012:mfa/bob\nrole_session_name = bob\n',
    );
    engine = await createEngine({ dataDir: dir, env: process.env, backend: 'simulator' });
    const asked = nextPrompt(engine, 'mfa');
    const listing = engine.call('targets.list', { awsProfile: 'ops' });
    const p = await asked;
    expect(p).toMatchObject({
      kind: 'mfa',
      awsProfile: 'ops',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/bob',
    });
    const resolved = nextPrompt(engine, 'resolved');
    expect(await engine.call('prompts.answer', { promptId: p.promptId, value: '123456' })).toEqual({
      ok: true,
      value: null,
    });
    expect(await resolved).toEqual({ kind: 'resolved', promptId: p.promptId });
    const r = await listing;
    expect(r.ok && (r.value as unknown[]).length).toBe(engine.simulator?.instances().length);
  });

  it('a cancelled MFA prompt fails the call with a Result, not a throw', async () => {
    home.writeCredentials('[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s\n');
    home.writeConfig(
      '[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = base\n' +
        'mfa_serial = arn:aws:iam::123456789012:mfa/bob\n',
    );
    engine = await createEngine({ dataDir: dir, env: process.env, backend: 'simulator' });
    const asked = nextPrompt(engine, 'mfa');
    const listing = engine.call('targets.list', { awsProfile: 'ops' });
    const p = await asked;
    await engine.call('prompts.cancel', { promptId: p.promptId });
    const r = await listing;
    expect(r.ok).toBe(false);
  });

  it('aws.login shows the SSO device code and completes once it is approved', async () => {
    home.writeConfig(
      '[profile sso]\nsso_session = org\nsso_account_id = 444455556666\nsso_role_name = PowerUser\n' +
        '[sso-session org]\nsso_start_url = https://org.awsapps.com/start\nsso_region = us-east-1\n',
    );
    engine = await createEngine({ dataDir: dir, env: process.env, backend: 'simulator' });
    const before = await engine.call('targets.list', { awsProfile: 'sso' });
    expect(before).toMatchObject({ ok: false, error: { code: 'SSO_LOGIN_REQUIRED' } });
    const shown = nextPrompt(engine, 'sso-device');
    const login = engine.call('aws.login', { awsProfile: 'sso' });
    const p = await shown;
    if (p.kind !== 'sso-device') throw new Error('unexpected prompt');
    expect(p.userCode.length).toBeGreaterThan(0);
    const resolved = nextPrompt(engine, 'resolved');
    expect((await fetch(p.verificationUriComplete ?? p.verificationUri)).status).toBe(200);
    expect(await login).toEqual({ ok: true, value: null });
    expect(await resolved).toEqual({ kind: 'resolved', promptId: p.promptId });
    const after = await engine.call('targets.list', { awsProfile: 'sso' });
    expect(after.ok).toBe(true);
  });
});
