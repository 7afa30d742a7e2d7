/**
 * The device authorization flow against the simulated SSO-OIDC, then the SDK's own SSO provider
 * reading the cache file we wrote (the AWS CLI's format), proving both tools share one sign-in.
 */
import { readFileSync, statSync } from 'node:fs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../../../electron/engine/ports/clock.js';
import { createAwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { ssoCachePath, ssoLogin, type SsoPrompt } from '../../../electron/engine/aws/ssoLogin.js';
import { makeAwsHome, type AwsHome } from './awsHome.js';
import { startFakeAwsServer, type FakeAwsServer } from './fakeAwsServer.js';

let home: AwsHome;
let fake: FakeAwsServer;

const SSO_CONFIG =
  `[profile sso]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = eu-west-1\n` +
  `[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n` +
  `sso_registration_scopes = sso:account:access\n`;

beforeEach(async () => {
  home = makeAwsHome();
  fake = await startFakeAwsServer();
});
afterEach(async () => {
  await fake.close();
  home.restore();
});

/** A Clock whose timers run at once (after `onWait`), so the pending path needs no real waiting. */
function instantClock(onWait: (ms: number) => Promise<void>): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => Date.now(),
    monotonic: () => performance.now(),
    setTimer(cb, ms) {
      waits.push(ms);
      void onWait(ms).then(cb);
      return {} as TimerHandle;
    },
    clearTimer() {},
  };
}

describe('ssoLogin (device authorization flow)', () => {
  it('prompts, polls through authorization_pending, writes the CLI cache, and the SDK then uses it', async () => {
    home.writeConfig(SSO_CONFIG);
    let prompt: SsoPrompt | undefined;
    // the "user" approves in the browser only once the app is waiting between polls
    const clock = instantClock(async () => {
      const res = await fetch(prompt!.verificationUriComplete!);
      expect(res.status).toBe(200);
    });
    const result = await ssoLogin({
      awsProfile: 'sso',
      simulatorEndpoint: fake.endpoint,
      clock,
      onPrompt: (p) => {
        prompt = p;
      },
    });
    expect(prompt?.userCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(prompt?.verificationUri).toBe(`${fake.endpoint}/device`);
    expect(prompt!.expiresAt).toBeGreaterThan(Date.now());
    expect(clock.waits).toEqual([1000]);
    expect(fake.state.calls.get('oidc:CreateToken')).toBe(2);

    expect(result.cachePath).toBe(ssoCachePath('corp', process.env));
    expect(result.cachePath).toMatch(/\/\.aws\/sso\/cache\/[0-9a-f]{40}\.json$/);
    expect(statSync(result.cachePath).mode & 0o777).toBe(0o600);
    const cache = JSON.parse(readFileSync(result.cachePath, 'utf8')) as Record<string, string>;
    expect(cache).toMatchObject({ startUrl: 'https://corp.awsapps.com/start', region: 'eu-central-1' });
    expect(cache['expiresAt']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(cache['accessToken']).toMatch(/^aoa/);
    expect(cache['refreshToken']).toMatch(/^aor/);

    const ctx = createAwsContext({ awsProfile: 'sso', simulatorEndpoint: fake.endpoint });
    try {
      const id = await ctx.sts().send(new GetCallerIdentityCommand({}));
      expect(id.Arn).toBe('arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_sim/simuser');
    } finally {
      ctx.destroy();
    }
  });

  it('the SDK refreshes a nearly expired cached token with the refresh token we stored', async () => {
    home.writeConfig(SSO_CONFIG);
    const clock = instantClock(() => Promise.resolve());
    await ssoLogin({
      awsProfile: 'sso',
      simulatorEndpoint: fake.endpoint,
      clock,
      onPrompt: async (p) => {
        await fetch(p.verificationUriComplete!);
      },
    });
    const path = ssoCachePath('corp', process.env);
    const cache = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    // pretend the access token is about to expire: the SDK must refresh it through SSO-OIDC
    home.writeSsoToken('corp', { ...cache, expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const ctx = createAwsContext({ awsProfile: 'sso', simulatorEndpoint: fake.endpoint });
    try {
      await ctx.sts().send(new GetCallerIdentityCommand({}));
    } finally {
      ctx.destroy();
    }
    const refreshed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
    expect(refreshed['accessToken']).not.toBe(cache['accessToken']);
    expect(fake.state.calls.get('oidc:CreateToken')).toBe(2);
  });

  it('a profile without SSO is PROFILE_INVALID; cancelling is CANCELLED', async () => {
    home.writeConfig(`[profile plain]\nregion = eu-west-1\n${SSO_CONFIG}`);
    await expect(
      ssoLogin({ awsProfile: 'plain', simulatorEndpoint: fake.endpoint, onPrompt: () => {} }),
    ).rejects.toMatchObject({ code: 'PROFILE_INVALID' });
    const ac = new AbortController();
    await expect(
      ssoLogin({
        awsProfile: 'sso',
        simulatorEndpoint: fake.endpoint,
        signal: ac.signal,
        onPrompt: () => ac.abort(),
      }),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
