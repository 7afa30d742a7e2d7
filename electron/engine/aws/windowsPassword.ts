/**
 * The Windows Administrator password of an EC2 instance (issue 6): EC2 GetPasswordData returns it
 * base64-encoded and RSA-encrypted (PKCS#1 v1.5, RFC 8017 §7.2) with the public half of the
 * instance's key pair; the user supplies the private key file. The password and the key are never
 * logged, persisted or put on a command line: they live in this call's locals and the caller's
 * return value only.
 *
 * Why our own RSA: Node ≥ 18.19/20.11 refuses `privateDecrypt` with RSA_PKCS1_PADDING (the Marvin
 * timing attack, CVE-2023-46809; https://nodejs.org/en/blog/vulnerability/february-2024-security-releases)
 * unless the process runs with --security-revert. This decrypt is one modular exponentiation on
 * BigInt (CRT form) plus a strict padding check. It is not constant-time; that is acceptable here
 * because the ciphertext comes from EC2 over TLS for the user's own key, not from an attacker who
 * can ask us to decrypt chosen ciphertexts and watch the timing.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { GetPasswordDataCommand } from '@aws-sdk/client-ec2';
import { awsErrorCode, toEngineError } from './awsErrors.js';
import type { AwsContext } from './clientFactory.js';
import { EngineFailure, failure } from './engineFailure.js';

const WRONG_KEY_HINT = 'Use the private key (.pem) of the key pair the instance was launched with.';

function bigOf(b64url: string | undefined): bigint {
  if (b64url === undefined) throw failure('INVALID_ARGUMENT', 'the key file is not an RSA private key');
  const hex = Buffer.from(b64url, 'base64url').toString('hex');
  return BigInt(`0x${hex === '' ? '0' : hex}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if ((e & 1n) === 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Parses a PEM private key; a clear EngineFailure for anything that is not an unencrypted RSA key. */
export function rsaPrivateKey(pem: string | Buffer): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (e) {
    // OpenSSL 3 reports a missing passphrase as ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED (Node 20),
    // older builds as ERR_MISSING_PASSPHRASE; the PEM headers say it either way.
    const code = (e as { code?: string }).code;
    if (
      code === 'ERR_MISSING_PASSPHRASE' ||
      code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED' ||
      /ENCRYPTED/.test(pem.toString('latin1').slice(0, 200))
    )
      throw failure('INVALID_ARGUMENT', 'the key file is protected by a passphrase', {
        hint: 'Use an unencrypted copy of the key (openssl rsa -in key.pem -out plain.pem).',
      });
    throw failure('INVALID_ARGUMENT', 'the key file is not a PEM private key', { hint: WRONG_KEY_HINT });
  }
  if (key.asymmetricKeyType !== 'rsa')
    throw failure(
      'INVALID_ARGUMENT',
      `the key file holds a ${key.asymmetricKeyType ?? 'non-RSA'} key; EC2 Windows passwords need an RSA key pair`,
      { hint: WRONG_KEY_HINT },
    );
  return key;
}

/**
 * RSAES-PKCS1-v1_5 decryption (RFC 8017 §7.2.2) with the private key `key`.
 *   EM = 0x00 || 0x02 || PS (≥ 8 non-zero random bytes) || 0x00 || M, |EM| = k (modulus bytes)
 * Any deviation (wrong length, wrong leading bytes, short PS, no separator) means the ciphertext was
 * not made for this key: INVALID_ARGUMENT "does not decrypt". Never says which check failed.
 */
export function rsaPkcs1v15Decrypt(key: KeyObject, ciphertext: Uint8Array): Buffer {
  const jwk = key.export({ format: 'jwk' });
  const n = bigOf(jwk.n);
  const k = Buffer.from(jwk.n ?? '', 'base64url').length;
  const wrongKey = () =>
    failure('INVALID_ARGUMENT', 'the key file does not decrypt this password (wrong key pair?)', {
      hint: WRONG_KEY_HINT,
    });
  if (ciphertext.length !== k) throw wrongKey();
  const c = BigInt(`0x${Buffer.from(ciphertext).toString('hex')}`);
  if (c >= n) throw wrongKey();
  let m: bigint;
  if (
    jwk.p !== undefined &&
    jwk.q !== undefined &&
    jwk.dp !== undefined &&
    jwk.dq !== undefined &&
    jwk.qi !== undefined
  ) {
    // CRT (RFC 8017 §5.1.2, 2.b): two half-size exponentiations, about 4× faster than c^d mod n.
    const p = bigOf(jwk.p);
    const q = bigOf(jwk.q);
    const m1 = modPow(c, bigOf(jwk.dp), p);
    const m2 = modPow(c, bigOf(jwk.dq), q);
    const h = (((m1 - m2) % p) + p) % p;
    m = m2 + q * ((bigOf(jwk.qi) * h) % p);
  } else m = modPow(c, bigOf(jwk.d), n);
  const em = Buffer.from(m.toString(16).padStart(k * 2, '0'), 'hex');
  if (em.length !== k || em[0] !== 0x00 || em[1] !== 0x02) throw wrongKey();
  const separator = em.indexOf(0x00, 2);
  if (separator < 10) throw wrongKey(); // no separator (-1) or PS shorter than 8 bytes
  return em.subarray(separator + 1);
}

/** Decrypts GetPasswordData's base64 blob with a PEM private key. */
export function decryptWindowsPassword(passwordData: string, privateKeyPem: string | Buffer): string {
  const blob = Buffer.from(passwordData.trim(), 'base64');
  return rsaPkcs1v15Decrypt(rsaPrivateKey(privateKeyPem), blob).toString('utf8');
}

async function readKeyFile(path: string): Promise<Buffer> {
  try {
    // `~/…` as a user types it (no shell expands it for us).
    return await readFile(path.startsWith('~/') ? join(homedir(), path.slice(2)) : path);
  } catch (e) {
    const code = (e as { code?: string }).code ?? 'error';
    throw failure('INVALID_ARGUMENT', `cannot read the key file ${path} (${code})`, {
      hint: 'Check the path and that you can read the file.',
    });
  }
}

function passwordDataError(e: unknown, instanceId: string): EngineFailure {
  const code = awsErrorCode(e);
  if (code === 'InvalidInstanceID.NotFound' || code === 'InvalidInstanceID.Malformed')
    return failure('TARGET_NOT_FOUND', `EC2 has no instance ${instanceId} in this account and region`, {
      hint: 'Windows passwords exist only for EC2 instances (not mi-… managed nodes); check the region.',
    });
  if (code === 'UnauthorizedOperation')
    return failure('ACCESS_DENIED', `not allowed to read the password of ${instanceId}`, {
      hint: 'Your role needs ec2:GetPasswordData on the instance.',
    });
  return EngineFailure.of(toEngineError(e, 'EC2 GetPasswordData'));
}

/**
 * GetPasswordData for `instanceId`, decrypted with the private key at `keyFilePath`. The key file is
 * read first, so a bad path fails before any AWS call. Rejects with an EngineFailure:
 * INVALID_ARGUMENT (unreadable / not RSA / wrong key), NOT_FOUND retryable (no password yet: EC2 makes
 * it available some minutes after launch), TARGET_NOT_FOUND, ACCESS_DENIED, or the usual AWS codes.
 */
export async function fetchWindowsPassword(
  ctx: Pick<AwsContext, 'ec2'>,
  instanceId: string,
  keyFilePath: string,
): Promise<string> {
  const key = rsaPrivateKey(await readKeyFile(keyFilePath));
  let data: string | undefined;
  try {
    data = (await ctx.ec2().send(new GetPasswordDataCommand({ InstanceId: instanceId }))).PasswordData;
  } catch (e) {
    throw passwordDataError(e, instanceId);
  }
  if (data === undefined || data.trim() === '')
    throw failure(
      'NOT_FOUND',
      `the Windows password of ${instanceId} is not available yet, try again in a few minutes`,
      {
        retryable: true,
        hint: 'EC2 publishes it a few minutes after launch; instances launched without a key pair never have one.',
      },
    );
  return rsaPkcs1v15Decrypt(key, Buffer.from(data.trim(), 'base64')).toString('utf8');
}
