/**
 * IAM Identity Center sign-in from the app, without the AWS CLI: the OIDC device authorization flow
 * (RFC 8628 as SSO-OIDC implements it), then the token is written to the same cache file the AWS CLI
 * writes, so the SDK's SSO provider, `aws` and Bastionless all share one sign-in.
 *
 *   RegisterClient(clientName, clientType=public, scopes) → clientId/clientSecret
 *   StartDeviceAuthorization(clientId, clientSecret, startUrl) → deviceCode, userCode, verificationUri…
 *   onPrompt(…)   the UI opens the URL and shows the code; the CLI prints both
 *   CreateToken(grantType=device_code) every `interval` s: AuthorizationPending → wait; SlowDown → +5 s
 *   write ~/.aws/sso/cache/<sha1(sso-session name | legacy start url)>.json (0600)
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CreateTokenCommand,
  RegisterClientCommand,
  SSOOIDCClient,
  StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import type { Clock } from '../ports/clock.js';
import { nullLogger, type Logger } from '../ports/logger.js';
import { systemClock } from '../transport/clock.js';
import { awsHomeDir, loadAwsConfigFiles } from './awsConfigFiles.js';
import { awsErrorCode, toEngineError } from './awsErrors.js';
import { resolveServiceEndpoint } from './endpoints.js';
import { EngineFailure, failure } from './engineFailure.js';
import { proxyAgentFor } from './proxy.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8628 §3.5: on slow_down the interval grows by 5 s. */
const SLOW_DOWN_STEP_MS = 5000;
const DEFAULT_SCOPES = ['sso:account:access'];

export interface SsoPrompt {
  readonly verificationUri: string;
  readonly verificationUriComplete?: string;
  readonly userCode: string;
  /** Epoch ms after which the code is useless. */
  readonly expiresAt: number;
}

export interface SsoLoginOptions {
  readonly awsProfile?: string | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  onPrompt(prompt: SsoPrompt): void | Promise<void>;
  /** Points SSO-OIDC at the embedded simulator. */
  readonly simulatorEndpoint?: string | undefined;
  readonly clock?: Clock | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly logger?: Logger | undefined;
}

export interface SsoTarget {
  readonly cacheKey: string;
  readonly startUrl: string;
  readonly ssoRegion: string;
  readonly scopes: string[] | undefined;
  readonly profile: Readonly<Record<string, string>>;
}

/** Which sign-in a profile needs: its sso-session (cache key = session name) or legacy start url. */
export function ssoTargetFor(awsProfile: string | undefined, env: NodeJS.ProcessEnv): SsoTarget {
  const files = loadAwsConfigFiles(env);
  const name = awsProfile ?? env['AWS_PROFILE'] ?? 'default';
  const profile = files.profiles[name];
  const bad = (msg: string) =>
    failure('PROFILE_INVALID', msg, {
      hint: 'Configure it with `aws configure sso`, or add sso_session / sso_start_url to the profile.',
    });
  if (profile === undefined) throw failure('PROFILE_NOT_FOUND', `AWS profile '${name}' does not exist.`);
  const sessionName = profile['sso_session'];
  if (sessionName !== undefined) {
    const s = files.ssoSessions[sessionName];
    if (s?.['sso_start_url'] === undefined || s['sso_region'] === undefined)
      throw bad(`sso-session '${sessionName}' of profile '${name}' needs sso_start_url and sso_region.`);
    const scopes = s['sso_registration_scopes']
      ?.split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    return {
      cacheKey: sessionName,
      startUrl: s['sso_start_url'],
      ssoRegion: s['sso_region'],
      scopes: scopes !== undefined && scopes.length > 0 ? scopes : DEFAULT_SCOPES,
      profile,
    };
  }
  if (profile['sso_start_url'] !== undefined && profile['sso_region'] !== undefined)
    return {
      cacheKey: profile['sso_start_url'],
      startUrl: profile['sso_start_url'],
      ssoRegion: profile['sso_region'],
      scopes: undefined,
      profile,
    };
  throw bad(`AWS profile '${name}' does not use IAM Identity Center (SSO).`);
}

export function ssoCachePath(cacheKey: string, env: NodeJS.ProcessEnv): string {
  const file = `${createHash('sha1').update(cacheKey, 'utf8').digest('hex')}.json`;
  return join(awsHomeDir(env), '.aws', 'sso', 'cache', file);
}

/** The AWS CLI's timestamp format: `2026-11-28T21:04:05Z` (no milliseconds). */
function cliTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function delay(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(failure('CANCELLED', 'Sign-in cancelled.'));
    const onAbort = () => {
      clock.clearTimer(t);
      reject(failure('CANCELLED', 'Sign-in cancelled.'));
    };
    const t = clock.setTimer(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function ssoLogin(o: SsoLoginOptions): Promise<{ cachePath: string; expiresAt: string }> {
  const env = o.env ?? process.env;
  const clock = o.clock ?? systemClock;
  const logger = o.logger ?? nullLogger;
  const target = ssoTargetFor(o.awsProfile, env);
  const files = loadAwsConfigFiles(env);
  const endpoint = resolveServiceEndpoint('SSO OIDC', {
    env,
    files,
    profile: target.profile,
    simulatorEndpoint: o.simulatorEndpoint,
  });
  const agent = proxyAgentFor(endpoint ?? `https://oidc.${target.ssoRegion}.amazonaws.com`, env);
  const client = new SSOOIDCClient({
    region: target.ssoRegion,
    ...(endpoint !== undefined ? { endpoint } : {}),
    ...(agent !== undefined ? { requestHandler: { httpAgent: agent, httpsAgent: agent } } : {}),
  });
  try {
    const reg = await client.send(
      new RegisterClientCommand({
        clientName: `bastionless-${randomBytes(4).toString('hex')}`,
        clientType: 'public',
        ...(target.scopes !== undefined ? { scopes: target.scopes } : {}),
      }),
    );
    const clientId = reg.clientId ?? '';
    const clientSecret = reg.clientSecret ?? '';
    const auth = await client.send(
      new StartDeviceAuthorizationCommand({ clientId, clientSecret, startUrl: target.startUrl }),
    );
    const expiresAt = clock.now() + (auth.expiresIn ?? 600) * 1000;
    await o.onPrompt({
      verificationUri: auth.verificationUri ?? '',
      ...(auth.verificationUriComplete !== undefined
        ? { verificationUriComplete: auth.verificationUriComplete }
        : {}),
      userCode: auth.userCode ?? '',
      expiresAt,
    });
    let intervalMs = Math.max(0, auth.interval ?? 5) * 1000;
    for (;;) {
      if (clock.now() >= expiresAt)
        throw failure('SSO_LOGIN_REQUIRED', 'The sign-in code expired before it was approved.', {
          hint: 'Start the sign-in again and approve it in the browser within the time shown.',
        });
      try {
        const tok = await client.send(
          new CreateTokenCommand({
            clientId,
            clientSecret,
            grantType: DEVICE_GRANT,
            deviceCode: auth.deviceCode ?? '',
          }),
        );
        const cachePath = ssoCachePath(target.cacheKey, env);
        const tokenExpiresAt = cliTime(clock.now() + (tok.expiresIn ?? 3600) * 1000);
        const cache = {
          startUrl: target.startUrl,
          region: target.ssoRegion,
          accessToken: tok.accessToken,
          expiresAt: tokenExpiresAt,
          clientId,
          clientSecret,
          registrationExpiresAt: cliTime((reg.clientSecretExpiresAt ?? 0) * 1000),
          ...(tok.refreshToken !== undefined ? { refreshToken: tok.refreshToken } : {}),
        };
        await mkdir(join(cachePath, '..'), { recursive: true, mode: 0o700 });
        const tmp = `${cachePath}.${randomBytes(4).toString('hex')}.tmp`;
        await writeFile(tmp, JSON.stringify(cache), { mode: 0o600 });
        await rename(tmp, cachePath);
        logger.log('info', 'SSO sign-in complete', { startUrl: target.startUrl, expiresAt: tokenExpiresAt });
        return { cachePath, expiresAt: tokenExpiresAt };
      } catch (e) {
        const code = awsErrorCode(e);
        if (code === 'AuthorizationPendingException') await delay(clock, intervalMs, o.signal);
        else if (code === 'SlowDownException') {
          intervalMs += SLOW_DOWN_STEP_MS;
          await delay(clock, intervalMs, o.signal);
        } else if (code === 'ExpiredTokenException')
          throw failure('SSO_LOGIN_REQUIRED', 'The sign-in code expired before it was approved.', {
            hint: 'Start the sign-in again.',
          });
        else if (code === 'AccessDeniedException')
          throw failure('ACCESS_DENIED', 'The sign-in request was denied in the browser.');
        else throw EngineFailure.of(toEngineError(e, 'IAM Identity Center sign-in'));
      }
    }
  } catch (e) {
    throw EngineFailure.of(toEngineError(e, 'IAM Identity Center sign-in'));
  } finally {
    client.destroy();
  }
}
