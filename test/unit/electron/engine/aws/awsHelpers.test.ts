import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../fakes/fakeClock.js';
import { createAwsContext } from '../../../../../electron/engine/aws/clientFactory.js';
import {
  agentSupportsMux,
  agentSupportsRemoteHost,
  compareAgentVersions,
} from '../../../../../electron/engine/aws/agentRequirements.js';
import { toEngineError } from '../../../../../electron/engine/aws/awsErrors.js';
import {
  classifyCredentialsFailure,
  credentialsError,
} from '../../../../../electron/engine/aws/credentialErrors.js';
import { isPresignedStreamUrl } from '../../../../../electron/engine/aws/dataChannelSigner.js';
import { proxyUrlFor } from '../../../../../electron/engine/aws/proxy.js';
import { refreshingProvider } from '../../../../../electron/engine/aws/refreshingProvider.js';
import { parseSessionPreferences } from '../../../../../electron/engine/aws/sessionPreferences.js';
import { sessionReason } from '../../../../../electron/engine/aws/sessionReason.js';

describe('sessionReason', () => {
  it('is bastionless:<profile>, sanitised and at most 256 chars', () => {
    expect(sessionReason('prod orders DB')).toBe('bastionless:prod orders DB');
    expect(sessionReason('a\nb<script>"x"')).toBe('bastionless:a b_script__x_');
    expect(sessionReason(undefined)).toBe('bastionless:unnamed');
    expect(sessionReason('x'.repeat(400))).toHaveLength(256);
  });
});

describe('agent requirements', () => {
  it('compares dotted versions numerically', () => {
    expect(compareAgentVersions('3.0.196.0', '3.0.196.0')).toBe(0);
    expect(compareAgentVersions('3.1.1374.0', '3.1.999.0')).toBe(1);
    expect(compareAgentVersions('3.1', '3.1.0.0')).toBe(0);
    expect(compareAgentVersions('x', '3')).toBeNaN();
    expect(agentSupportsMux('3.0.196.0')).toBe(false);
    expect(agentSupportsMux('3.0.197.0')).toBe(true);
    expect(agentSupportsRemoteHost('3.1.1373.0')).toBe(false);
    expect(agentSupportsRemoteHost('3.1.1374.0')).toBe(true);
  });
});

describe('refreshingProvider', () => {
  it('caches, refreshes 5 min before expiry, shares one in-flight refresh, retries after failure', async () => {
    const clock = new FakeClock();
    let calls = 0;
    let fail = false;
    const p = refreshingProvider(() => {
      calls++;
      if (fail) return Promise.reject(new Error('boom'));
      return Promise.resolve({
        accessKeyId: `K${calls}`,
        secretAccessKey: 's',
        expiration: new Date(clock.now() + 15 * 60_000),
      });
    }, clock);
    const [a, b] = await Promise.all([p(), p()]);
    expect(a.accessKeyId).toBe('K1');
    expect(b.accessKeyId).toBe('K1');
    clock.advance(9 * 60_000);
    expect((await p()).accessKeyId).toBe('K1');
    clock.advance(2 * 60_000); // 4 min left < 5 min window
    expect((await p()).accessKeyId).toBe('K2');
    p.invalidate();
    fail = true;
    await expect(p()).rejects.toThrow('boom');
    fail = false;
    expect((await p()).accessKeyId).toBe('K4');
    expect(calls).toBe(4);
  });
});

describe('proxy selection', () => {
  it('HTTPS_PROXY for https/wss, HTTP_PROXY for http/ws, NO_PROXY excludes', () => {
    const env = {
      HTTPS_PROXY: 'proxy.corp:3128',
      HTTP_PROXY: 'http://p2:80',
      NO_PROXY: '.internal,localhost',
    };
    expect(proxyUrlFor('wss://ssmmessages.eu-west-1.amazonaws.com/v1', env)).toBe('http://proxy.corp:3128');
    expect(proxyUrlFor('https://ssm.eu-west-1.amazonaws.com', env)).toBe('http://proxy.corp:3128');
    expect(proxyUrlFor('ws://127.0.0.1:1/x', env)).toBe('http://p2:80');
    expect(proxyUrlFor('https://api.internal', env)).toBeUndefined();
    expect(proxyUrlFor('http://localhost:80', env)).toBeUndefined();
    expect(proxyUrlFor('https://x', { https_proxy: 'http://lower:1' })).toBe('http://lower:1');
    expect(proxyUrlFor('https://x', {})).toBeUndefined();
  });
});

describe('presigned StreamUrl detection (§2.4)', () => {
  it('any X-Amz-* auth query parameter means presigned', () => {
    expect(isPresignedStreamUrl('wss://h/v1/data-channel/s?role=publish_subscribe&cell-number=a+/=')).toBe(
      false,
    );
    expect(isPresignedStreamUrl('wss://h/v1/data-channel/s?X-Amz-Algorithm=AWS4-HMAC-SHA256')).toBe(true);
    expect(isPresignedStreamUrl('wss://h/v1/data-channel/s?role=x&x-amz-security-token=t')).toBe(true);
    expect(isPresignedStreamUrl('wss://h/v1/data-channel/s')).toBe(false);
  });
});

describe('session preferences document', () => {
  it('reads minutes from inputs, defaulting idle to 20', () => {
    expect(
      parseSessionPreferences('{"inputs":{"idleSessionTimeout":"35","maxSessionDuration":"240"}}'),
    ).toEqual({
      source: 'document',
      idleTimeoutMinutes: 35,
      maxSessionDurationMinutes: 240,
    });
    expect(parseSessionPreferences('{"inputs":{"idleSessionTimeout":"","maxSessionDuration":""}}')).toEqual({
      source: 'document',
      idleTimeoutMinutes: 20,
    });
    expect(parseSessionPreferences('not json')).toEqual({ source: 'document' });
  });
});

describe('credential error classification', () => {
  it('sorts SDK provider messages into actionable codes', () => {
    const c = (msg: string, name = 'CredentialsProviderError') =>
      classifyCredentialsFailure(Object.assign(new Error(msg), { name }), 'p');
    expect(c('The SSO session associated with this profile has expired. To refresh…').code).toBe(
      'SSO_LOGIN_REQUIRED',
    );
    expect(
      c('Profile p requires multi-factor authentication, but no MFA code callback was provided.').code,
    ).toBe('MFA_REQUIRED');
    expect(
      c('Could not resolve credentials using profile: [p] in configuration/credentials file(s).').code,
    ).toBe('PROFILE_NOT_FOUND');
    expect(c('Token is expired', 'ExpiredToken').code).toBe('CREDENTIALS_EXPIRED');
    expect(c('nothing here').code).toBe('CREDENTIALS_MISSING');
  });

  it('toEngineError unwraps the classified error carried through the SDK', () => {
    const wrapped = credentialsError(
      new Error('The SSO session associated with this profile is invalid.'),
      'dev',
    );
    const e = toEngineError(wrapped, 'DescribeInstanceInformation');
    expect(e).toMatchObject({ code: 'SSO_LOGIN_REQUIRED', needsLogin: true });
    expect(e.hint).toContain('bastionless login --profile dev');
  });
});

describe('createAwsContext data-channel URL', () => {
  it('applies the ssmmessages host override and signs the rewritten URL', async () => {
    const ctx = createAwsContext({
      region: 'eu-west-1',
      env: {},
      ssmMessagesHost: 'vpce-1.ssmmessages.eu-west-1.vpce.amazonaws.com',
      credentials: () => Promise.resolve({ accessKeyId: 'AKIAX', secretAccessKey: 's' }),
    });
    try {
      const url = ctx.dataChannelUrl(
        'wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/s?role=publish_subscribe&cell-number=a+/=',
      );
      expect(url).toBe(
        'wss://vpce-1.ssmmessages.eu-west-1.vpce.amazonaws.com/v1/data-channel/s?role=publish_subscribe&cell-number=a+/=',
      );
      const headers = await ctx.signDataChannelUpgrade(url);
      expect(headers['authorization']).toContain('/eu-west-1/ssmmessages/aws4_request');
      expect(ctx.endpointFor('SSM')).toBeUndefined();
    } finally {
      ctx.destroy();
    }
  });

  it('a region is required unless the simulator is used', () => {
    expect(() =>
      createAwsContext({
        env: {},
        credentials: () => Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' }),
      }),
    ).toThrow(/No AWS region/);
  });
});
