/**
 * Caches credentials and refreshes them before they expire, so long-lived tunnels (ResumeSession hours
 * after the start, the data-channel upgrade signature) always present valid ones. Concurrent callers
 * share one in-flight refresh. A failed refresh is not cached: the next call tries again.
 */
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Clock } from '../ports/clock.js';

/** Refresh this long before `expiration`: the SDK's own window is 5 min; SSO/STS creds last ≥ 15 min. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface RefreshingProvider {
  (): Promise<AwsCredentialIdentity>;
  /** Drops the cached credentials (after login, or when the service says they expired). */
  invalidate(): void;
}

export function refreshingProvider(
  inner: AwsCredentialIdentityProvider,
  clock: Pick<Clock, 'now'>,
  refreshBeforeMs = REFRESH_BEFORE_EXPIRY_MS,
): RefreshingProvider {
  let cached: AwsCredentialIdentity | undefined;
  let inFlight: Promise<AwsCredentialIdentity> | undefined;
  const fresh = (c: AwsCredentialIdentity): boolean =>
    c.expiration === undefined || c.expiration.getTime() - clock.now() > refreshBeforeMs;
  const provider = (): Promise<AwsCredentialIdentity> => {
    if (cached !== undefined && fresh(cached)) return Promise.resolve(cached);
    if (inFlight !== undefined) return inFlight;
    const p = inner().then(
      (c) => {
        cached = c;
        inFlight = undefined;
        return c;
      },
      (e: unknown) => {
        inFlight = undefined;
        throw e;
      },
    );
    inFlight = p;
    return p;
  };
  provider.invalidate = () => {
    cached = undefined;
  };
  return provider;
}
