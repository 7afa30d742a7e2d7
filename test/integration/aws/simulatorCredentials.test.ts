/**
 * The same credential kinds against the real simulator (its default fake STS / SSO / SSO-OIDC on the
 * one HTTP port): each resolves through the SDK providers and then lists managed nodes over SSM.
 * Stricter variants (unknown keys, specific MFA codes) run against a configured fake in
 * credentialKinds.test.ts.
 */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAwsContext, type AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { listManagedNodes } from '../../../electron/engine/aws/discovery.js';
import { ssoLogin } from '../../../electron/engine/aws/ssoLogin.js';
import { toEngineError } from '../../../electron/engine/aws/awsErrors.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { makeAwsHome, type AwsHome } from './awsHome.js';

let sim: Simulator;
let home: AwsHome;
const contexts: AwsContext[] = [];

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.close());
beforeEach(() => {
  home = makeAwsHome();
});
afterEach(() => {
  for (const c of contexts.splice(0)) c.destroy();
  home.restore();
});

function ctx(opts: Parameters<typeof createAwsContext>[0]): AwsContext {
  const c = createAwsContext({ simulatorEndpoint: sim.endpoint, region: 'us-east-1', ...opts });
  contexts.push(c);
  return c;
}

async function arnAndNodes(c: AwsContext): Promise<{ arn: string; nodes: number }> {
  const id = await c.sts().send(new GetCallerIdentityCommand({}));
  return { arn: id.Arn ?? '', nodes: (await listManagedNodes(c)).length };
}

describe('credential kinds against the simulator', () => {
  it('static keys', async () => {
    home.writeCredentials('[dev]\naws_access_key_id = AKIADEV\naws_secret_access_key = s\n');
    expect(await arnAndNodes(ctx({ awsProfile: 'dev' }))).toEqual({
      arn: 'arn:aws:iam::123456789012:user/simuser',
      nodes: sim.instances().length,
    });
  });

  it('credential_process', async () => {
    const script = home.writeFile(
      'p.mjs',
      `console.log(JSON.stringify({Version:1,AccessKeyId:'AKIAPROC',SecretAccessKey:'s'}));\n`,
    );
    home.writeConfig(`[profile proc]\ncredential_process = "${process.execPath}" "${script}"\n`);
    const c = ctx({ awsProfile: 'proc' });
    expect((await c.credentials()).accessKeyId).toBe('AKIAPROC');
    expect((await arnAndNodes(c)).nodes).toBe(sim.instances().length);
  });

  it('role chain with MFA through the callback; a malformed code is refused', async () => {
    home.writeCredentials('[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = s\n');
    home.writeConfig(
      '[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/Ops\nsource_profile = base\n' +
        'mfa_serial = arn:aws:iam::123456789012:mfa/bob\nrole_session_name = bob\n',
    );
    const serials: string[] = [];
    const ok = ctx({
      awsProfile: 'ops',
      mfaCodeProvider: ({ mfaSerial }) => {
        serials.push(mfaSerial);
        return Promise.resolve('123456');
      },
    });
    expect((await arnAndNodes(ok)).arn).toBe('arn:aws:sts::123456789012:assumed-role/Ops/bob');
    expect(serials).toEqual(['arn:aws:iam::123456789012:mfa/bob']);
    const bad = ctx({ awsProfile: 'ops', mfaCodeProvider: () => Promise.resolve('12ab') });
    await expect(listManagedNodes(bad)).rejects.toMatchObject({ code: 'MFA_REQUIRED' });
  });

  it('sso-session: device-flow login, then the SDK SSO provider uses the cached token', async () => {
    home.writeConfig(
      '[profile sso]\nsso_session = org\nsso_account_id = 444455556666\nsso_role_name = PowerUser\n' +
        '[sso-session org]\nsso_start_url = https://org.awsapps.com/start\nsso_region = us-east-1\n',
    );
    const before = await ctx({ awsProfile: 'sso' })
      .sts()
      .send(new GetCallerIdentityCommand({}))
      .catch((e: unknown) => toEngineError(e));
    expect(before).toMatchObject({ code: 'SSO_LOGIN_REQUIRED' });
    await ssoLogin({
      awsProfile: 'sso',
      simulatorEndpoint: sim.endpoint,
      clock: {
        now: () => Date.now(),
        monotonic: () => performance.now(),
        setTimer: (cb) => {
          queueMicrotask(cb);
          return {} as never;
        },
        clearTimer: () => {},
      },
      onPrompt: async (p) => {
        expect((await fetch(p.verificationUriComplete!)).status).toBe(200);
      },
    });
    expect(await arnAndNodes(ctx({ awsProfile: 'sso' }))).toEqual({
      arn: 'arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_PowerUser_sim/simuser',
      nodes: sim.instances().length,
    });
  });

  it('web identity from the environment', async () => {
    const token = home.writeFile('jwt', 'header.payload.sig');
    const env = {
      ...process.env,
      AWS_WEB_IDENTITY_TOKEN_FILE: token,
      AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/Gh',
    };
    const r = await arnAndNodes(ctx({ env }));
    expect(r.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/Gh\//);
    expect(r.nodes).toBe(sim.instances().length);
  });
});
