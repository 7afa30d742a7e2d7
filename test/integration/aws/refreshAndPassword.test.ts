/**
 * Credentials are refreshed before they expire (every client of a context shares the refreshing
 * provider, so ResumeSession hours later signs with fresh keys), and the fake EC2 GetPasswordData
 * returns the Windows password encrypted like EC2 does (RSA PKCS#1 v1.5 with the key pair).
 */
import { generateKeyPairSync } from 'node:crypto';
import { GetPasswordDataCommand } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { decryptWindowsPassword } from '../../../electron/engine/aws/windowsPassword.js';
import { FakeClock } from '../../fakes/fakeClock.js';
import { startFakeAwsServer, type FakeAwsServer } from './fakeAwsServer.js';

let fake: FakeAwsServer;
beforeAll(async () => {
  fake = await startFakeAwsServer();
  fake.instances = [
    {
      instanceId: 'i-0bbbbbbbbbbbbbbb2',
      platformType: 'Windows',
      pingStatus: 'Online',
      agentVersion: '3.3.1142.0',
    },
  ];
});
afterAll(() => fake.close());

describe('credential refresh', () => {
  it('signs with new keys once the old ones are within 5 minutes of expiry', async () => {
    const clock = new FakeClock(Date.now());
    let issued = 0;
    const ctx = createAwsContext({
      simulatorEndpoint: fake.endpoint,
      region: 'us-east-1',
      env: {},
      clock,
      credentials: () => {
        issued++;
        return Promise.resolve({
          accessKeyId: `AKIAREFRESH0000000${issued}`,
          secretAccessKey: 's',
          expiration: new Date(clock.now() + 15 * 60_000),
        });
      },
    });
    try {
      // the upgrade signer calls the provider directly (the SDK clients add their own real-time memo
      // with the same 5-minute window on top, so ResumeSession behaves alike)
      const akid = async () =>
        /Credential=([^/]+)\//.exec(
          (await ctx.signDataChannelUpgrade('ws://127.0.0.1:1/v1/data-channel/s?role=x'))['authorization'] ??
            '',
        )?.[1];
      const first = await akid();
      expect(first).toBe('AKIAREFRESH00000001');
      expect((await ctx.sts().send(new GetCallerIdentityCommand({}))).UserId).toContain('00000001');
      clock.advance(5 * 60_000);
      expect(await akid()).toBe(first);
      expect(issued).toBe(1);
      clock.advance(6 * 60_000); // 4 min left
      expect(await akid()).toBe('AKIAREFRESH00000002');
      expect(issued).toBe(2);
    } finally {
      ctx.destroy();
    }
  });
});

describe('EC2 GetPasswordData', () => {
  it('returns the password encrypted with the key pair, decryptable with the private key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    fake.state.setWindowsPassword(
      'i-0bbbbbbbbbbbbbbb2',
      'Adm1n!pass',
      publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    );
    const ctx = createAwsContext({
      simulatorEndpoint: fake.endpoint,
      region: 'us-east-1',
      env: {},
      credentials: () => Promise.resolve({ accessKeyId: 'AKIAPW', secretAccessKey: 's' }),
    });
    try {
      const out = await ctx.ec2().send(new GetPasswordDataCommand({ InstanceId: 'i-0bbbbbbbbbbbbbbb2' }));
      expect(out.InstanceId).toBe('i-0bbbbbbbbbbbbbbb2');
      const blob = Buffer.from(out.PasswordData!.trim(), 'base64');
      expect(blob).toHaveLength(256);
      expect(
        decryptWindowsPassword(out.PasswordData!, privateKey.export({ type: 'pkcs1', format: 'pem' })),
      ).toBe('Adm1n!pass');
      await expect(
        ctx.ec2().send(new GetPasswordDataCommand({ InstanceId: 'i-0fffffffffffffff9' })),
      ).rejects.toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    } finally {
      ctx.destroy();
    }
  });
});
