/**
 * The BigInt RSA PKCS#1 v1.5 decrypt behind EC2 GetPasswordData: real keys from generateKeyPairSync,
 * ciphertexts from Node's own publicEncrypt with RSA_PKCS1_PADDING (encryption is still allowed; only
 * private decryption is blocked, CVE-2023-46809), and every wrong-key / wrong-file case → a clear
 * INVALID_ARGUMENT. fetchWindowsPassword is exercised with a fake `ec2()` returning what EC2 returns.
 */
import { constants, createPrivateKey, generateKeyPairSync, publicEncrypt, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptWindowsPassword,
  fetchWindowsPassword,
  rsaPkcs1v15Decrypt,
  rsaPrivateKey,
} from '../../../../../electron/engine/aws/windowsPassword.js';

function pair(bits = 2048): { publicKey: KeyObject; privateKey: KeyObject; pem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return { publicKey, privateKey, pem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString() };
}

function encrypt(publicKey: KeyObject, text: string): string {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(text)).toString(
    'base64',
  );
}

const A = pair();
const B = pair();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-winpw-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rsaPkcs1v15Decrypt', () => {
  it('decrypts what publicEncrypt(RSA_PKCS1_PADDING) produced, for 2048 and 4096-bit keys', () => {
    for (const k of [A, pair(4096)]) {
      for (const text of ['Adm1n!pass', 'x', 'Pässwörd with spaces & ünïcode ✓', 'A'.repeat(100)]) {
        expect(decryptWindowsPassword(encrypt(k.publicKey, text), k.pem)).toBe(text);
      }
    }
  });

  it('works with the key in PKCS#8 form and without CRT parameters (plain c^d mod n)', () => {
    const pkcs8 = A.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(decryptWindowsPassword(encrypt(A.publicKey, 'pkcs8!'), pkcs8)).toBe('pkcs8!');
    const jwk = A.privateKey.export({ format: 'jwk' });
    const noCrt = { export: () => ({ kty: 'RSA', n: jwk.n, e: jwk.e, d: jwk.d }) } as unknown as KeyObject;
    const blob = Buffer.from(encrypt(A.publicKey, 'no crt'), 'base64');
    expect(rsaPkcs1v15Decrypt(noCrt, blob).toString()).toBe('no crt');
  });

  it('a ciphertext made for another key fails with INVALID_ARGUMENT, never garbage', () => {
    // 50 tries: a wrong key yields 00 02 … by chance about once in 65,536 decryptions.
    for (let i = 0; i < 50; i++) {
      expect(() => decryptWindowsPassword(encrypt(B.publicKey, `secret ${i}`), A.pem)).toThrow(
        expect.objectContaining({
          code: 'INVALID_ARGUMENT',
          message: expect.stringContaining('wrong key') as string,
        }),
      );
    }
  });

  it('rejects wrong lengths, values ≥ n and bad padding', () => {
    const key = rsaPrivateKey(A.pem);
    expect(() => rsaPkcs1v15Decrypt(key, new Uint8Array(255))).toThrow(/wrong key/);
    expect(() => rsaPkcs1v15Decrypt(key, new Uint8Array(256).fill(0xff))).toThrow(/wrong key/);
    // A raw (unpadded) value: m^e mod n decrypts to m, which starts 00 01, not 00 02.
    const jwk = A.privateKey.export({ format: 'jwk' });
    const n = BigInt(`0x${Buffer.from(jwk.n!, 'base64url').toString('hex')}`);
    const e = BigInt(`0x${Buffer.from(jwk.e!, 'base64url').toString('hex')}`);
    let c = 1n;
    let b = BigInt(`0x0001${'ff'.repeat(200)}`) % n;
    for (let x = e; x > 0n; x >>= 1n) {
      if (x & 1n) c = (c * b) % n;
      b = (b * b) % n;
    }
    expect(() => rsaPkcs1v15Decrypt(key, Buffer.from(c.toString(16).padStart(512, '0'), 'hex'))).toThrow(
      /wrong key/,
    );
  });

  it('refuses files that are not unencrypted RSA private keys, with clear messages', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });
    expect(() => rsaPrivateKey(ec)).toThrow(/holds a ec key; EC2 Windows passwords need an RSA key pair/);
    expect(() => rsaPrivateKey('hello')).toThrow(/not a PEM private key/);
    const locked = A.privateKey.export({
      type: 'pkcs8',
      format: 'pem',
      cipher: 'aes-256-cbc',
      passphrase: 'pw',
    });
    expect(() => rsaPrivateKey(locked)).toThrow(/protected by a passphrase/);
    // A public key is not a private key.
    expect(() => rsaPrivateKey(A.publicKey.export({ type: 'spki', format: 'pem' }))).toThrow(
      /not a PEM private key/,
    );
    expect(createPrivateKey(A.pem).asymmetricKeyType).toBe('rsa');
  });
});

describe('fetchWindowsPassword (fake ec2)', () => {
  const ctxReturning = (result: () => Promise<{ PasswordData?: string }>) => {
    const sent: unknown[] = [];
    return {
      sent,
      ctx: {
        ec2: () => ({
          send: (cmd: { input: unknown }) => {
            sent.push(cmd.input);
            return result();
          },
        }),
      } as unknown as Parameters<typeof fetchWindowsPassword>[0],
    };
  };

  it('reads the key file, calls GetPasswordData for the instance and decrypts', async () => {
    const keyFile = join(dir, 'a.pem');
    writeFileSync(keyFile, A.pem, { mode: 0o600 });
    const { ctx, sent } = ctxReturning(() =>
      Promise.resolve({ PasswordData: `\n${encrypt(A.publicKey, 'S3cret!')}\n` }),
    );
    await expect(fetchWindowsPassword(ctx, 'i-0bbbbbbbbbbbbbbb2', keyFile)).resolves.toBe('S3cret!');
    expect(sent).toEqual([{ InstanceId: 'i-0bbbbbbbbbbbbbbb2' }]);
  });

  it('empty PasswordData → NOT_FOUND retryable "not available yet"', async () => {
    const keyFile = join(dir, 'a2.pem');
    writeFileSync(keyFile, A.pem);
    const { ctx } = ctxReturning(() => Promise.resolve({ PasswordData: '' }));
    await expect(fetchWindowsPassword(ctx, 'i-0bbbbbbbbbbbbbbb2', keyFile)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      retryable: true,
      message: expect.stringContaining('not available yet, try again in a few minutes') as string,
    });
  });

  it('an unreadable key file fails before any AWS call', async () => {
    const { ctx, sent } = ctxReturning(() => Promise.resolve({ PasswordData: 'x' }));
    await expect(
      fetchWindowsPassword(ctx, 'i-0bbbbbbbbbbbbbbb2', join(dir, 'missing.pem')),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('cannot read the key file') as string,
    });
    expect(sent).toEqual([]);
  });

  it('maps EC2 errors (unknown instance, not authorized)', async () => {
    const keyFile = join(dir, 'a3.pem');
    writeFileSync(keyFile, A.pem);
    const notFound = Object.assign(new Error('nope'), { name: 'InvalidInstanceID.NotFound' });
    await expect(
      fetchWindowsPassword(ctxReturning(() => Promise.reject(notFound)).ctx, 'i-0fffffffffffffff9', keyFile),
    ).rejects.toMatchObject({ code: 'TARGET_NOT_FOUND' });
    const denied = Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' });
    await expect(
      fetchWindowsPassword(ctxReturning(() => Promise.reject(denied)).ctx, 'i-0fffffffffffffff9', keyFile),
    ).rejects.toMatchObject({
      code: 'ACCESS_DENIED',
      hint: expect.stringContaining('ec2:GetPasswordData') as string,
    });
  });
});
