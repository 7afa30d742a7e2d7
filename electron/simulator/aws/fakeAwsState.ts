/**
 * What the fake identity services share: which access keys exist (static users and the temporary
 * keys STS and the SSO portal hand out, with their secrets, so the SigV4 verifier can check them),
 * SSO access tokens, OIDC clients and pending device authorizations, and Windows password data.
 * Plain in-memory maps; one instance per simulator.
 */
import { publicEncrypt, randomBytes, constants } from 'node:crypto';

export interface FakeAwsOptions {
  /** 12-digit account id in ARNs (default 123456789012). */
  readonly accountId?: string;
  /** Long-term keys the fake knows: access key id → secret (for SigV4 verification and strictKeys). */
  readonly staticKeys?: Readonly<Record<string, string>>;
  /** Reject calls signed with an access key that is neither static nor issued (default false). */
  readonly strictKeys?: boolean;
  /** mfa_serial → the code AssumeRole accepts. Serials not listed accept any 6-digit code. */
  readonly mfaCodes?: Readonly<Record<string, string>>;
  /** Role ARNs AssumeRole refuses with AccessDenied. */
  readonly deniedRoles?: readonly string[];
  /** EC2 actions answered with UnauthorizedOperation (e.g. ['DescribeTags']). */
  readonly ec2DeniedActions?: readonly string[];
  /** Device authorizations are approved as soon as they start (demo mode; default false). */
  readonly ssoAutoApprove?: boolean;
  /** Lifetime of issued temporary credentials (default 3600 s). */
  readonly credentialTtlSeconds?: number;
  /** Lifetime of SSO access tokens from CreateToken (default 8 h). */
  readonly ssoTokenTtlSeconds?: number;
  /** Device-flow polling interval the fake asks for (default 1 s; real OIDC says 5). */
  readonly deviceIntervalSeconds?: number;
  /** Windows Administrator passwords, encrypted on GetPasswordData with the key pair's public key. */
  readonly windowsPasswords?: Readonly<Record<string, { password: string; publicKeyPem: string }>>;
}

export interface IssuedKey {
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiresAt?: number;
  readonly arn: string;
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly startUrl: string;
  readonly expiresAt: number;
  approved: boolean;
}

function token(prefix: string, bytes = 16): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`;
}

export class FakeAwsState {
  readonly accountId: string;
  readonly keys = new Map<string, IssuedKey>();
  readonly ssoTokens = new Map<string, { expiresAt: number; refreshToken?: string }>();
  readonly refreshTokens = new Map<string, string>();
  readonly oidcClients = new Map<string, { clientSecret: string; expiresAt: number }>();
  readonly devices = new Map<string, DeviceAuthorization>();
  readonly windowsPasswords = new Map<string, { password: string; publicKeyPem: string }>();
  /** Counters the tests read: operation name → calls. */
  readonly calls = new Map<string, number>();

  constructor(readonly options: FakeAwsOptions = {}) {
    this.accountId = options.accountId ?? '123456789012';
    for (const [akid, secret] of Object.entries(options.staticKeys ?? {}))
      this.keys.set(akid, { secretAccessKey: secret, arn: `arn:aws:iam::${this.accountId}:user/simuser` });
    for (const [id, pw] of Object.entries(options.windowsPasswords ?? {})) this.windowsPasswords.set(id, pw);
  }

  count(op: string): void {
    this.calls.set(op, (this.calls.get(op) ?? 0) + 1);
  }

  /** The secret for an access key, static or issued (used by the SigV4 upgrade verifier). */
  secretFor(accessKeyId: string): string | undefined {
    const k = this.keys.get(accessKeyId);
    if (k === undefined) return undefined;
    if (k.expiresAt !== undefined && k.expiresAt <= Date.now()) return undefined;
    return k.secretAccessKey;
  }

  /** ARN for the caller of a signed request; unknown keys are a static user unless strictKeys. */
  callerArn(accessKeyId: string | undefined): string | undefined {
    const k = accessKeyId !== undefined ? this.keys.get(accessKeyId) : undefined;
    if (k !== undefined) return k.expiresAt !== undefined && k.expiresAt <= Date.now() ? undefined : k.arn;
    if (this.options.strictKeys) return undefined;
    return `arn:aws:iam::${this.accountId}:user/simuser`;
  }

  issueKey(arn: string, ttlSeconds = this.options.credentialTtlSeconds ?? 3600) {
    const accessKeyId = token('ASIASIM', 6).toUpperCase();
    const key: IssuedKey = {
      secretAccessKey: token('', 20),
      sessionToken: token('FwoGZXIvYXdzESIM', 24),
      expiresAt: Date.now() + ttlSeconds * 1000,
      arn,
    };
    this.keys.set(accessKeyId, key);
    return { accessKeyId, ...key, expiresAt: key.expiresAt ?? 0 };
  }

  /** Lets tests (and `aws sso login` lookalikes) make a cached token valid for the SSO portal. */
  registerSsoToken(accessToken: string, expiresAt = Date.now() + 3600_000): void {
    this.ssoTokens.set(accessToken, { expiresAt });
  }

  issueSsoToken(): { accessToken: string; refreshToken: string; expiresIn: number } {
    const ttl = this.options.ssoTokenTtlSeconds ?? 8 * 3600;
    const accessToken = token('aoa', 32);
    const refreshToken = token('aor', 32);
    this.ssoTokens.set(accessToken, { expiresAt: Date.now() + ttl * 1000, refreshToken });
    this.refreshTokens.set(refreshToken, accessToken);
    return { accessToken, refreshToken, expiresIn: ttl };
  }

  newOidcClient(): { clientId: string; clientSecret: string; expiresAt: number } {
    const c = {
      clientId: token('simclient'),
      clientSecret: token('simsecret', 24),
      expiresAt: Date.now() + 90 * 86_400_000,
    };
    this.oidcClients.set(c.clientId, { clientSecret: c.clientSecret, expiresAt: c.expiresAt });
    return c;
  }

  newDevice(clientId: string, startUrl: string, ttlSeconds = 600): DeviceAuthorization {
    const raw = randomBytes(4).toString('hex').toUpperCase();
    const d: DeviceAuthorization = {
      deviceCode: token('dev', 24),
      userCode: `${raw.slice(0, 4)}-${raw.slice(4)}`,
      clientId,
      startUrl,
      expiresAt: Date.now() + ttlSeconds * 1000,
      approved: this.options.ssoAutoApprove ?? false,
    };
    this.devices.set(d.deviceCode, d);
    return d;
  }

  /** The simulated user approved the code in the browser. False if no such pending code. */
  approveUserCode(userCode: string): boolean {
    for (const d of this.devices.values())
      if (d.userCode === userCode.toUpperCase()) {
        d.approved = true;
        return true;
      }
    return false;
  }

  setWindowsPassword(instanceId: string, password: string, publicKeyPem: string): void {
    this.windowsPasswords.set(instanceId, { password, publicKeyPem });
  }

  /** GetPasswordData's blob: RSA PKCS#1 v1.5 encryption with the key pair's public key, base64. */
  encryptedWindowsPassword(instanceId: string): string | undefined {
    const pw = this.windowsPasswords.get(instanceId);
    if (pw === undefined) return undefined;
    return publicEncrypt(
      { key: pw.publicKeyPem, padding: constants.RSA_PKCS1_PADDING },
      Buffer.from(pw.password, 'utf8'),
    ).toString('base64');
  }
}
