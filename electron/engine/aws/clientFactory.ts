/**
 * One place that turns "AWS profile + region (+ overrides)" into ready SDK clients for a tunnel:
 * credentials that refresh before expiry, SSM / STS / EC2 clients at the endpoints the SDK conventions
 * (or the embedded simulator) say, the ssmmessages host override, the data-channel upgrade signer and
 * the proxy agent. Synchronous: it only reads the small config files; nothing touches the network
 * until a client is used.
 */
import type { Agent } from 'node:http';
import { EC2Client } from '@aws-sdk/client-ec2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { engineError } from '../../../shared/contract/errors.js';
import type { Clock } from '../ports/clock.js';
import { nullLogger, type Logger } from '../ports/logger.js';
import { systemClock } from '../transport/clock.js';
import { loadAwsConfigFiles, type AwsConfigFiles } from './awsConfigFiles.js';
import { CredentialsResolutionError } from './credentialErrors.js';
import { buildCredentialSource, type MfaCodeProvider } from './credentials.js';
import { signDataChannelUpgrade } from './dataChannelSigner.js';
import {
  applySsmMessagesHost,
  resolveServiceEndpoint,
  resolveSsmMessagesHost,
  type AwsServiceId,
} from './endpoints.js';
import { proxyAgentFor } from './proxy.js';
import { refreshingProvider, type RefreshingProvider } from './refreshingProvider.js';

export { hasAwsCredentials } from './awsConfigFiles.js';
export type { MfaCodeProvider } from './credentials.js';

export interface AwsContextOptions {
  readonly awsProfile?: string | undefined;
  readonly region?: string | undefined;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly mfaCodeProvider?: MfaCodeProvider | undefined;
  readonly logger?: Logger | undefined;
  /** Explicit SSM endpoint (beats AWS_ENDPOINT_URL_SSM and the config files). */
  readonly endpointUrlSsm?: string | undefined;
  /** Points every service (SSM, STS, EC2, SSO, SSO-OIDC) at one URL: the embedded simulator. */
  readonly simulatorEndpoint?: string | undefined;
  /** Bastionless profile's VPC-endpoint host for the data channel (beats AWS_ENDPOINT_URL_SSMMESSAGES). */
  readonly ssmMessagesHost?: string | undefined;
  /** Static credentials (tests, simulator demo); skips the provider chain. */
  readonly credentials?: AwsCredentialIdentityProvider | undefined;
  readonly clock?: Pick<Clock, 'now'> | undefined;
}

export interface AwsContext {
  /** The profile name used ('default' when none was named and no env keys), for Reason and history. */
  readonly awsProfile: string | undefined;
  readonly region: string;
  readonly credentials: RefreshingProvider;
  readonly ssm: SSMClient;
  sts(): STSClient;
  ec2(): EC2Client;
  /** The endpoint a service's client uses (undefined = the SDK's regional default). */
  endpointFor(service: AwsServiceId): string | undefined;
  /** host[:port] to dial instead of the StreamUrl's host (VPC interface endpoint), if configured. */
  readonly ssmMessagesHost?: string;
  /**
   * The URL to dial for a StreamUrl: the same path and query (byte for byte, §2.1) on the
   * ssmmessages host override when one is configured. Sign and dial this URL, not the original.
   */
  dataChannelUrl(streamUrl: string): string;
  /** SigV4 headers for the data-channel upgrade (§2.4); `{}` when the StreamUrl is presigned. */
  signDataChannelUpgrade(url: string): Promise<Record<string, string>>;
  /** Proxy agent for wss:// (HTTPS_PROXY), if any. Prefer agentFor(url), which also honours NO_PROXY. */
  readonly wsAgent?: Agent;
  agentFor(url: string): Agent | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly files: AwsConfigFiles;
  readonly logger: Logger;
  /** Destroys the SDK clients (their sockets); the context is unusable afterwards. */
  destroy(): void;
}

function resolveRegion(
  o: AwsContextOptions,
  env: NodeJS.ProcessEnv,
  profileRegion: string | undefined,
): string {
  const region = o.region || env['AWS_REGION'] || env['AWS_DEFAULT_REGION'] || profileRegion;
  if (region) return region;
  if (o.simulatorEndpoint) return 'us-east-1';
  throw new CredentialsResolutionError(
    engineError(
      'PROFILE_INVALID',
      `No AWS region for ${o.awsProfile ? `profile ${o.awsProfile}` : 'the default profile'}.`,
      {
        hint: 'Set the region in the tunnel profile, with --region, AWS_REGION, or `region =` in ~/.aws/config.',
      },
    ),
  );
}

export function createAwsContext(o: AwsContextOptions = {}): AwsContext {
  const env = o.env ?? process.env;
  const logger = o.logger ?? nullLogger;
  const files = loadAwsConfigFiles(env);
  const profileName =
    o.awsProfile ?? (env['AWS_ACCESS_KEY_ID'] ? undefined : (env['AWS_PROFILE'] ?? 'default'));
  const profile = profileName !== undefined ? files.profiles[profileName] : undefined;
  if (o.awsProfile !== undefined && profile === undefined && o.credentials === undefined)
    throw new CredentialsResolutionError(
      engineError(
        'PROFILE_NOT_FOUND',
        `AWS profile '${o.awsProfile}' is not in ${files.configPath} or ${files.credentialsPath}.`,
        {
          hint: 'Pick a profile from `aws configure list-profiles`, or create it with `aws configure sso`.',
        },
      ),
    );
  const region = resolveRegion(o, env, profile?.['region']);
  const src = { env, profile, files, simulatorEndpoint: o.simulatorEndpoint };
  const endpointFor = (service: AwsServiceId): string | undefined =>
    service === 'SSM' && !o.simulatorEndpoint && o.endpointUrlSsm
      ? o.endpointUrlSsm
      : resolveServiceEndpoint(service, src);

  // http:// endpoints (local overrides, the simulator) follow HTTP_PROXY, https:// ones HTTPS_PROXY.
  const httpsAgent = proxyAgentFor(`https://ssm.${region}.amazonaws.com`, env);
  const apiAgent = proxyAgentFor(endpointFor('SSM') ?? `https://ssm.${region}.amazonaws.com`, env);
  const requestHandler =
    apiAgent !== undefined || httpsAgent !== undefined
      ? {
          ...(apiAgent !== undefined ? { httpAgent: apiAgent } : {}),
          ...(httpsAgent !== undefined ? { httpsAgent } : {}),
        }
      : undefined;

  const credentials = refreshingProvider(
    o.credentials ??
      buildCredentialSource({
        awsProfile: o.awsProfile,
        env,
        region,
        configPath: files.configPath,
        credentialsPath: files.credentialsPath,
        stsEndpoint: endpointFor('STS'),
        ssoEndpoint: endpointFor('SSO'),
        mfaCodeProvider: o.mfaCodeProvider,
        requestHandler,
        logger,
      }),
    o.clock ?? systemClock,
  );
  const common = (service: AwsServiceId) => {
    const endpoint = endpointFor(service);
    return {
      region,
      credentials,
      ...(endpoint !== undefined ? { endpoint } : {}),
      ...(requestHandler !== undefined ? { requestHandler } : {}),
    };
  };
  const ssm = new SSMClient(common('SSM'));
  let sts: STSClient | undefined;
  let ec2: EC2Client | undefined;
  const ssmMessagesHost = resolveSsmMessagesHost(o.ssmMessagesHost, { env, profile, files });
  const wsAgent = proxyAgentFor(`wss://ssmmessages.${region}.amazonaws.com`, env);
  return {
    awsProfile: profileName,
    region,
    credentials,
    ssm,
    sts: () => (sts ??= new STSClient(common('STS'))),
    ec2: () => (ec2 ??= new EC2Client(common('EC2'))),
    endpointFor,
    ...(ssmMessagesHost !== undefined ? { ssmMessagesHost } : {}),
    dataChannelUrl: (url) => applySsmMessagesHost(url, ssmMessagesHost),
    signDataChannelUpgrade: (url) => signDataChannelUpgrade(url, credentials, region),
    ...(wsAgent !== undefined ? { wsAgent } : {}),
    agentFor: (url) => proxyAgentFor(url, env),
    env,
    files,
    logger,
    destroy() {
      ssm.destroy();
      sts?.destroy();
      ec2?.destroy();
    },
  };
}
