/**
 * SigV4 for the data-channel WebSocket upgrade (ssm-protocol.md §2.4): newer plugins sign the upgrade
 * GET with service `ssmmessages` and the session's region, unless the StreamUrl is presigned (any
 * X-Amz-* auth query parameter). The TokenValue frame is still sent either way.
 * Returns the headers to add to the upgrade request (never `host`: ws sets it from the URL, and the
 * signature covers exactly that value).
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export const DATA_CHANNEL_SIGNING_SERVICE = 'ssmmessages';

const PRESIGN_PARAMS = [
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
];

export function isPresignedStreamUrl(url: string): boolean {
  const q = url.indexOf('?');
  if (q < 0) return false;
  const params = new URLSearchParams(url.slice(q + 1));
  for (const key of params.keys()) if (PRESIGN_PARAMS.includes(key.toLowerCase())) return true;
  return false;
}

/** The request shape both the client signer and the simulator's verifier canonicalise. */
export function upgradeRequestFor(
  url: URL,
  headers: Record<string, string>,
): {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
} {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return {
    method: 'GET',
    protocol: url.protocol === 'wss:' ? 'https:' : 'http:',
    hostname: url.hostname,
    ...(url.port !== '' ? { port: Number(url.port) } : {}),
    path: url.pathname,
    query,
    headers,
  };
}

export function dataChannelSigner(credentials: AwsCredentialIdentityProvider, region: string): SignatureV4 {
  return new SignatureV4({
    service: DATA_CHANNEL_SIGNING_SERVICE,
    region,
    credentials,
    sha256: Sha256,
    applyChecksum: false,
  });
}

export async function signDataChannelUpgrade(
  streamUrl: string,
  credentials: AwsCredentialIdentityProvider,
  region: string,
  signingDate?: Date,
): Promise<Record<string, string>> {
  if (isPresignedStreamUrl(streamUrl)) return {};
  const url = new URL(streamUrl);
  const signed = await dataChannelSigner(credentials, region).sign(
    upgradeRequestFor(url, { host: url.host }),
    signingDate !== undefined ? { signingDate } : {},
  );
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) if (k.toLowerCase() !== 'host') out[k] = v;
  return out;
}
