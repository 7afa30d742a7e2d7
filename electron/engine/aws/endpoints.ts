/**
 * Endpoint resolution with the SDK's "service-specific endpoints" conventions, done by us because the
 * SDK reads them only from process.env and the AWS_PROFILE profile, while we build clients for any
 * profile with an injected env:
 *   1. AWS_ENDPOINT_URL_<SERVICE ID, upper, spaces→_>   (AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SSO_OIDC)
 *   2. AWS_ENDPOINT_URL
 *   3. the profile's `services = name` section, key `<service id, lower, spaces→_>.endpoint_url`
 *   4. the profile's `endpoint_url`
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true / `ignore_configured_endpoint_urls = true` disables 1–4.
 * Above all of them: an explicit `simulatorEndpoint` (every service on one URL: the embedded
 * simulator serves SSM, STS, SSO, SSO-OIDC and EC2 on one port).
 */
import type { AwsConfigFiles, IniSection } from './awsConfigFiles.js';

/** SDK service ids (the names the endpoint variables are derived from). */
export type AwsServiceId = 'SSM' | 'STS' | 'EC2' | 'SSO' | 'SSO OIDC' | 'SSMMessages';

export interface EndpointSources {
  readonly env: NodeJS.ProcessEnv;
  readonly profile: IniSection | undefined;
  readonly files: AwsConfigFiles;
  readonly simulatorEndpoint?: string | undefined;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

export function resolveServiceEndpoint(service: AwsServiceId, src: EndpointSources): string | undefined {
  if (src.simulatorEndpoint) return src.simulatorEndpoint;
  const ignore =
    truthy(src.env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS']) ||
    truthy(src.profile?.['ignore_configured_endpoint_urls']);
  if (ignore) return undefined;
  const envName = ['AWS_ENDPOINT_URL', ...service.split(' ').map((w) => w.toUpperCase())].join('_');
  const fromEnv = src.env[envName] || src.env['AWS_ENDPOINT_URL'];
  if (fromEnv) return fromEnv;
  const servicesName = src.profile?.['services'];
  if (servicesName !== undefined) {
    const section = src.files.services[servicesName];
    const key = `${service
      .split(' ')
      .map((w) => w.toLowerCase())
      .join('_')}.endpoint_url`;
    const v = section?.[key];
    if (v) return v;
  }
  return src.profile?.['endpoint_url'] || undefined;
}

/**
 * The data-channel host override for VPC interface endpoints: the Bastionless profile's
 * `ssmMessagesHost` wins, then the SDK conventions for service id `SSMMessages`
 * (AWS_ENDPOINT_URL_SSMMESSAGES, `ssmmessages = endpoint_url = …` in a services section).
 * Returns a bare host[:port]; the simulator endpoint never overrides it (its StreamUrl is already local).
 */
export function resolveSsmMessagesHost(
  override: string | undefined,
  src: Omit<EndpointSources, 'simulatorEndpoint'>,
): string | undefined {
  if (override) return override.replace(/^wss?:\/\/|^https?:\/\//, '').replace(/\/.*$/, '');
  const url = resolveServiceEndpoint('SSMMessages', src);
  if (url === undefined) return undefined;
  try {
    return new URL(url).host;
  } catch {
    return undefined;
  }
}

/** Rewrites a StreamUrl's host (keeping path and query byte-for-byte, §2.1) for a VPC endpoint. */
export function applySsmMessagesHost(streamUrl: string, host: string | undefined): string {
  if (host === undefined) return streamUrl;
  const m = /^(wss?:\/\/)([^/?#]+)(.*)$/.exec(streamUrl);
  if (m === null) return streamUrl;
  return `${m[1] ?? ''}${host}${m[3] ?? ''}`;
}
