/**
 * Every credential kind resolves through the real SDK providers (fromIni & co.) with files written in a
 * temp HOME, against the fake STS / SSO portal, and the identity STS reports proves which path ran.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAwsContext, type AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { toEngineError } from '../../../electron/engine/aws/awsErrors.js';
import { makeAwsHome, type AwsHome } from './awsHome.js';
import { startFakeAwsServer, type FakeAwsServer } from './fakeAwsServer.js';

const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/alice';

let home: AwsHome;
let fake: FakeAwsServer;
const contexts: AwsContext[] = [];

beforeEach(async () => {
  home = makeAwsHome();
  fake = await startFakeAwsServer({
    strictKeys: true,
    staticKeys: { AKIASTATIC0000000001: 'static-secret', AKIAPROCESS000000001: 'process-secret' },
    mfaCodes: { [MFA_SERIAL]: '654321' },
    deniedRoles: ['arn:aws:iam::123456789012:role/Denied'],
  });
});

afterEach(async () => {
  for (const c of contexts.splice(0)) c.destroy();
  await fake.close();
  home.restore();
});

function ctx(opts: Parameters<typeof createAwsContext>[0]): AwsContext {
  const c = createAwsContext({ simulatorEndpoint: fake.endpoint, region: 'eu-west-1', ...opts });
  contexts.push(c);
  return c;
}

async function whoAmI(c: AwsContext): Promise<string> {
  const out = await c.sts().send(new GetCallerIdentityCommand({}));
  return out.Arn ?? '';
}

describe('credential kinds through the SDK providers', () => {
  it('static keys from the credentials file', async () => {
    home.writeCredentials(
      '[dev]\naws_access_key_id = AKIASTATIC0000000001\naws_secret_access_key = static-secret\n',
    );
    const c = ctx({ awsProfile: 'dev' });
    expect(await whoAmI(c)).toBe('arn:aws:iam::123456789012:user/simuser');
    expect((await c.credentials()).accessKeyId).toBe('AKIASTATIC0000000001');
  });

  it('an unknown static key is rejected as CREDENTIALS_INVALID', async () => {
    home.writeCredentials('[dev]\naws_access_key_id = AKIAUNKNOWN000000001\naws_secret_access_key = x\n');
    const err = await whoAmI(ctx({ awsProfile: 'dev' })).catch((e: unknown) => toEngineError(e));
    expect(err).toMatchObject({ code: 'CREDENTIALS_INVALID', needsLogin: true });
  });

  it('credential_process runs the command and uses its JSON', async () => {
    const script = home.writeFile(
      'creds.mjs',
      `process.stdout.write(JSON.stringify({Version:1,AccessKeyId:'AKIAPROCESS000000001',SecretAccessKey:'process-secret',` +
        `SessionToken:'tok',Expiration:new Date(Date.now()+3600e3).toISOString()}));\n`,
    );
    home.writeConfig(
      `[profile proc]\nregion = eu-west-1\ncredential_process = ${process.execPath} ${script}\n`,
    );
    const c = ctx({ awsProfile: 'proc' });
    const creds = await c.credentials();
    expect(creds.accessKeyId).toBe('AKIAPROCESS000000001');
    expect(creds.expiration?.getTime()).toBeGreaterThan(Date.now());
    expect(await whoAmI(c)).toContain(':user/simuser');
  });

  it('role chain with source_profile and mfa_serial asks the MFA callback and assumes the role', async () => {
    home.writeCredentials(
      '[base]\naws_access_key_id = AKIASTATIC0000000001\naws_secret_access_key = static-secret\n',
    );
    home.writeConfig(
      `[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n` +
        `mfa_serial = ${MFA_SERIAL}\nrole_session_name = alice\n`,
    );
    const asked: { awsProfile: string; mfaSerial: string }[] = [];
    const c = ctx({
      awsProfile: 'admin',
      mfaCodeProvider: (req) => {
        asked.push(req);
        return Promise.resolve('654321');
      },
    });
    expect(await whoAmI(c)).toBe('arn:aws:sts::123456789012:assumed-role/Admin/alice');
    expect(asked).toEqual([{ awsProfile: 'admin', mfaSerial: MFA_SERIAL }]);
    expect(fake.state.calls.get('sts:AssumeRole')).toBe(1);
    // cached: a second call neither re-prompts nor re-assumes
    await whoAmI(c);
    expect(asked).toHaveLength(1);
    expect(fake.state.calls.get('sts:AssumeRole')).toBe(1);
  });

  it('a wrong MFA code and a missing callback are MFA_REQUIRED; a refused role is ACCESS_DENIED', async () => {
    home.writeCredentials(
      '[base]\naws_access_key_id = AKIASTATIC0000000001\naws_secret_access_key = static-secret\n',
    );
    home.writeConfig(
      `[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\nmfa_serial = ${MFA_SERIAL}\n`,
    );
    const wrong = ctx({ awsProfile: 'admin', mfaCodeProvider: () => Promise.resolve('000000') });
    const rejected = await whoAmI(wrong).catch((e: unknown) => toEngineError(e));
    expect(rejected).toMatchObject({ code: 'MFA_REQUIRED' });
    expect(rejected).toHaveProperty('message', expect.stringContaining('rejected'));
    const none = ctx({ awsProfile: 'admin' });
    expect(await whoAmI(none).catch((e: unknown) => toEngineError(e))).toMatchObject({
      code: 'MFA_REQUIRED',
      needsLogin: true,
    });
    home.writeConfig(
      `[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Denied\nsource_profile = base\n`,
    );
    const denied = await whoAmI(ctx({ awsProfile: 'admin' })).catch((e: unknown) => toEngineError(e));
    expect(denied).toMatchObject({ code: 'ACCESS_DENIED' });
  });

  it('sso-session profile reads the CLI token cache and calls GetRoleCredentials', async () => {
    home.writeConfig(
      `[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n` +
        `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n`,
    );
    fake.state.registerSsoToken('cached-access-token');
    home.writeSsoToken('corp', {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'cached-access-token',
      expiresAt: new Date(Date.now() + 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    });
    const c = ctx({ awsProfile: 'sso' });
    expect(await whoAmI(c)).toBe(
      'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_sim/simuser',
    );
    expect(fake.state.calls.get('sso:GetRoleCredentials')).toBe(1);
  });

  it('legacy SSO profile (start url in the profile) uses the cache keyed by the start url', async () => {
    home.writeConfig(
      `[profile legacy]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = us-east-1\n` +
        `sso_account_id = 111122223333\nsso_role_name = Dev\n`,
    );
    fake.state.registerSsoToken('legacy-token');
    home.writeSsoToken('https://legacy.awsapps.com/start', {
      startUrl: 'https://legacy.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'legacy-token',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect(await whoAmI(ctx({ awsProfile: 'legacy' }))).toContain('AWSReservedSSO_Dev_sim');
  });

  it('a missing or expired SSO token is SSO_LOGIN_REQUIRED with a login hint', async () => {
    home.writeConfig(
      `[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n` +
        `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n`,
    );
    const missing = await whoAmI(ctx({ awsProfile: 'sso' })).catch((e: unknown) => toEngineError(e));
    expect(missing).toMatchObject({ code: 'SSO_LOGIN_REQUIRED', needsLogin: true });
    expect(missing).toHaveProperty('hint', expect.stringContaining('bastionless login --profile sso'));
    home.writeSsoToken('corp', {
      startUrl: 'https://corp.awsapps.com/start',
      region: 'us-east-1',
      accessToken: 'old',
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
    });
    const expired = await whoAmI(ctx({ awsProfile: 'sso' })).catch((e: unknown) => toEngineError(e));
    expect(expired).toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
  });

  it('environment keys win when no profile is named', async () => {
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'AKIASTATIC0000000001',
      AWS_SECRET_ACCESS_KEY: 'static-secret',
    };
    const c = ctx({ env });
    expect((await c.credentials()).accessKeyId).toBe('AKIASTATIC0000000001');
    expect(await whoAmI(c)).toContain(':user/simuser');
  });

  it('web identity from AWS_WEB_IDENTITY_TOKEN_FILE assumes the role', async () => {
    const tokenFile = home.writeFile('web-token', 'eyJhbGciOi.fake.jwt');
    const env = {
      ...process.env,
      AWS_WEB_IDENTITY_TOKEN_FILE: tokenFile,
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/CI',
      AWS_ROLE_SESSION_NAME: 'ci-run',
    };
    expect(await whoAmI(ctx({ env }))).toBe('arn:aws:sts::123456789012:assumed-role/CI/ci-run');
  });

  it('an unknown profile name fails fast with PROFILE_NOT_FOUND', () => {
    home.writeConfig('[profile a]\nregion = eu-west-1\n');
    expect(() => ctx({ awsProfile: 'nope' })).toThrow(/not in/);
  });
});
