/**
 * Verifies the SigV4 signature on a data-channel WebSocket upgrade (ssm-protocol.md §2.4), for the
 * simulator's `upgradeAuthenticator` option. It recomputes the signature with @smithy/signature-v4
 * over exactly the headers the client listed in SignedHeaders, using the secret configured for the
 * access key, and compares in constant time. Presigned URLs (X-Amz-* query auth) are not accepted
 * here: the simulator hands out plain StreamUrls, so a presigned one is a client bug.
 *
 * Authorization: AWS4-HMAC-SHA256 Credential=AKID/20261128/us-east-1/ssmmessages/aws4_request,
 *                SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=<64 hex>
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export interface UpgradeAuthenticatorOptions {
  /** Secret for an access key id, or undefined if the key is unknown. */
  secretFor(accessKeyId: string): string | undefined;
  /** Expected signing region (default: any, taken from the credential scope). */
  readonly region?: string;
  /** Allowed clock skew (default 5 min, like AWS). */
  readonly maxSkewMs?: number;
  readonly now?: () => number;
}

export type UpgradeAuthResult = { ok: true } | { ok: false; reason: string };

const AUTH_RE =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** 20261128T200512Z → Date */
function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (m === null) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

type Precheck =
  | { ok: false; reason: string }
  | {
      ok: true;
      akid: string;
      day: string;
      region: string;
      service: string;
      signed: string[];
      signature: string;
      date: Date;
      secret: string;
    };

function precheck(req: IncomingMessage, o: UpgradeAuthenticatorOptions): Precheck {
  const auth = header(req, 'authorization');
  if (auth === undefined) return { ok: false, reason: 'missing Authorization header' };
  const m = AUTH_RE.exec(auth);
  if (m === null) return { ok: false, reason: 'malformed Authorization header' };
  const [, akid = '', day = '', region = '', service = '', signedList = '', signature = ''] = m;
  if (service !== 'ssmmessages') return { ok: false, reason: `wrong signing service '${service}'` };
  if (o.region !== undefined && region !== o.region)
    return { ok: false, reason: `wrong signing region '${region}'` };
  const amzDate = header(req, 'x-amz-date') ?? '';
  const date = parseAmzDate(amzDate);
  if (date === undefined || !amzDate.startsWith(day)) return { ok: false, reason: 'bad X-Amz-Date' };
  const skew = Math.abs((o.now ?? Date.now)() - date.getTime());
  if (skew > (o.maxSkewMs ?? 5 * 60_000)) return { ok: false, reason: 'signature expired (clock skew)' };
  const secret = o.secretFor(akid);
  if (secret === undefined) return { ok: false, reason: 'unknown access key' };
  const signed = signedList.split(';');
  if (!signed.includes('host')) return { ok: false, reason: 'host is not signed' };
  for (const h of signed)
    if (header(req, h) === undefined) return { ok: false, reason: `signed header ${h} missing` };
  return { ok: true, akid, day, region, service, signed, signature, date, secret };
}

export async function verifyUpgradeSignature(
  req: IncomingMessage,
  o: UpgradeAuthenticatorOptions,
): Promise<UpgradeAuthResult> {
  const pre = precheck(req, o);
  if (!pre.ok) return pre;
  const { akid, region, service, signed, date, secret, signature } = pre;
  const headers: Record<string, string> = {};
  for (const h of signed) headers[h] = header(req, h) ?? '';
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const sessionToken = headers['x-amz-security-token'];
  const signer = new SignatureV4({
    service,
    region,
    sha256: Sha256,
    applyChecksum: false,
    credentials: {
      accessKeyId: akid,
      secretAccessKey: secret,
      ...(sessionToken !== undefined ? { sessionToken } : {}),
    },
  });
  const out = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: 'h', path: url.pathname, query, headers },
    { signingDate: date },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(out.headers['authorization'] ?? '')?.[1] ?? '';
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(signature, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b))
    return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}

/**
 * The simulator's `upgradeAuthenticator` is synchronous, and @smithy/signature-v4 only signs
 * asynchronously, so the authenticator recomputes the same SigV4 with node:crypto (canonical request
 * → string to sign → HMAC chain; AWS SigV4 spec). Tests check it agrees with verifyUpgradeSignature.
 */
function escapeUri(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

const hmac = (key: Buffer | string, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');

export function verifyUpgradeSignatureSync(
  req: IncomingMessage,
  o: UpgradeAuthenticatorOptions,
): UpgradeAuthResult {
  const pre = precheck(req, o);
  if (!pre.ok) return pre;
  const { day, region, service, signed, signature, secret } = pre;
  const url = new URL(req.url ?? '/', 'http://placeholder');
  const path = url.pathname
    .split('/')
    .map((seg) => escapeUri(decodeURIComponent(seg)))
    .join('/');
  const query = [...url.searchParams]
    .filter(([k]) => k !== 'X-Amz-Signature')
    .map(([k, v]) => [escapeUri(k), escapeUri(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signed
    .map((h) => `${h}:${(header(req, h) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonical = [
    req.method ?? 'GET',
    path,
    query,
    canonicalHeaders,
    signed.join(';'),
    sha256Hex(''),
  ].join('\n');
  const amzDate = header(req, 'x-amz-date') ?? '';
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonical)].join('\n');
  const kDate = hmac(`AWS4${secret}`, day);
  const kSigning = hmac(hmac(hmac(kDate, region), service), 'aws4_request');
  const expected = createHmac('sha256', kSigning).update(toSign, 'utf8').digest('hex');
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(signature, 'utf8');
  if (a.length !== b.length || !timingSafeEqual(a, b))
    return { ok: false, reason: 'signature does not match' };
  return { ok: true };
}

/** For StartSimulatorOptions.upgradeAuthenticator. */
export function createUpgradeAuthenticator(
  o: UpgradeAuthenticatorOptions,
): (req: IncomingMessage) => UpgradeAuthResult {
  return (req) => verifyUpgradeSignatureSync(req, o);
}
