/**
 * The data-channel upgrade carries a SigV4 signature (service ssmmessages) that the simulator verifies
 * when asked to (upgradeAuthenticator from electron/simulator/aws/sigv4Verify.ts).
 */
import type { IncomingMessage } from 'node:http';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAwsContext, type AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { signDataChannelUpgrade } from '../../../electron/engine/aws/dataChannelSigner.js';
import {
  createUpgradeAuthenticator,
  verifyUpgradeSignature,
  verifyUpgradeSignatureSync,
} from '../../../electron/simulator/aws/sigv4Verify.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';

const KEYS: Record<string, string> = { AKIAUPGRADE000000001: 'upgrade-secret' };
let sim: Simulator;
let ctx: AwsContext;
const rejections: string[] = [];

beforeAll(async () => {
  const verify = createUpgradeAuthenticator({ secretFor: (k) => KEYS[k], region: 'eu-west-1' });
  sim = await startSimulator({
    upgradeAuthenticator: (req) => {
      const r = verify(req);
      if (!r.ok) rejections.push(r.reason);
      return r;
    },
  });
  ctx = createAwsContext({
    simulatorEndpoint: sim.endpoint,
    region: 'eu-west-1',
    env: {},
    credentials: () =>
      Promise.resolve({
        accessKeyId: 'AKIAUPGRADE000000001',
        secretAccessKey: 'upgrade-secret',
        sessionToken: 'sess-tok',
      }),
  });
});

afterAll(async () => {
  ctx.destroy();
  await sim.close();
});

async function streamUrl(): Promise<string> {
  const out = await ctx.ssm.send(
    new StartSessionCommand({
      Target: 'i-0123456789abcdef0',
      DocumentName: 'AWS-StartPortForwardingSession',
      Parameters: { portNumber: ['80'], localPortNumber: ['0'] },
    }),
  );
  return out.StreamUrl!;
}

function upgrade(
  url: string,
  headers: Record<string, string>,
): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode ?? 0 });
      res.resume();
      ws.terminate();
    });
    ws.on('error', () => resolve({ opened: false }));
  });
}

describe('SigV4 on the data-channel upgrade', () => {
  it('the signed upgrade is accepted; the signature covers host, date and the session token', async () => {
    const url = await streamUrl();
    expect(url).toMatch(/cell-number=.*[+/=]/);
    const headers = await ctx.signDataChannelUpgrade(url);
    expect(headers['authorization']).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAUPGRADE000000001\/\d{8}\/eu-west-1\/ssmmessages\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(headers['x-amz-security-token']).toBe('sess-tok');
    expect(headers).not.toHaveProperty('host');
    expect(await upgrade(url, headers)).toEqual({ opened: true });
  });

  it('an unsigned upgrade is refused with 403', async () => {
    rejections.length = 0;
    expect(await upgrade(await streamUrl(), {})).toEqual({ opened: false, status: 403 });
    expect(rejections).toEqual(['missing Authorization header']);
  });

  it('a signature made with the wrong secret, or for another URL, is refused', async () => {
    rejections.length = 0;
    const url = await streamUrl();
    const wrong = await signDataChannelUpgrade(
      url,
      () => Promise.resolve({ accessKeyId: 'AKIAUPGRADE000000001', secretAccessKey: 'not-the-secret' }),
      'eu-west-1',
    );
    expect(await upgrade(url, wrong)).toEqual({ opened: false, status: 403 });
    const other = await ctx.signDataChannelUpgrade(await streamUrl());
    expect(await upgrade(url, other)).toEqual({ opened: false, status: 403 });
    expect(rejections).toEqual(['signature does not match', 'signature does not match']);
  });

  it('a presigned StreamUrl gets no headers (§2.4)', async () => {
    expect(await ctx.signDataChannelUpgrade('wss://h/v1/data-channel/s?X-Amz-Signature=abc&role=x')).toEqual(
      {},
    );
  });

  it('the sync verifier agrees with @smithy/signature-v4 (async verifier) on accept and reject', async () => {
    const url = `ws://127.0.0.1:1234/v1/data-channel/simuser-0a1b2c3d4e5f60718?role=publish_subscribe&cell-number=AB+/cd==&z=1&a=%20x`;
    const headers = await ctx.signDataChannelUpgrade(url);
    const req = (h: Record<string, string>) =>
      ({
        method: 'GET',
        url: url.replace('ws://127.0.0.1:1234', ''),
        headers: { ...h, host: '127.0.0.1:1234' },
      }) as unknown as IncomingMessage;
    const o = { secretFor: (k: string) => KEYS[k] };
    expect(verifyUpgradeSignatureSync(req(headers), o)).toEqual({ ok: true });
    expect(await verifyUpgradeSignature(req(headers), o)).toEqual({ ok: true });
    const tampered = { ...headers, 'x-amz-security-token': 'other' };
    expect(verifyUpgradeSignatureSync(req(tampered), o)).toMatchObject({ ok: false });
    expect(await verifyUpgradeSignature(req(tampered), o)).toMatchObject({ ok: false });
    const stale = { secretFor: o.secretFor, now: () => Date.now() + 3600_000 };
    expect(verifyUpgradeSignatureSync(req(headers), stale)).toEqual({
      ok: false,
      reason: 'signature expired (clock skew)',
    });
  });
});
