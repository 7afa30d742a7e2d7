/**
 * Builds the credential provider for one AWS profile from the SDK's own providers (fromIni covers
 * static keys, sso-session and legacy SSO, assume role with source_profile / credential_source and
 * mfa_serial, credential_process, web identity). We only decide which provider applies and supply:
 *  - the MFA callback (UI dialog / CLI prompt),
 *  - our own STS role assumers, so AssumeRole / AssumeRoleWithWebIdentity go to the STS endpoint we
 *    resolved (endpoints.ts) instead of sharing one `clientConfig.endpoint` with SSO,
 *  - explicit file paths from the injected env.
 * Precedence when no profile is named mirrors the SDK's node chain: env keys, env web identity, then
 * the AWS_PROFILE (or `default`) profile. IMDS/container credentials are not tried (desktop app).
 * Errors are turned into EngineErrors with a login hint (credentialErrors.ts).
 */
import { AssumeRoleCommand, AssumeRoleWithWebIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromTokenFile } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { Logger } from '../ports/logger.js';
import { credentialsError } from './credentialErrors.js';

export type MfaCodeProvider = (req: { awsProfile: string; mfaSerial: string }) => Promise<string>;

export interface CredentialSourceOptions {
  readonly awsProfile?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly region: string;
  readonly configPath: string;
  readonly credentialsPath: string;
  readonly stsEndpoint?: string | undefined;
  /** Endpoint for the SDK's inner SSO / SSO-OIDC clients (GetRoleCredentials, token refresh). */
  readonly ssoEndpoint?: string | undefined;
  readonly mfaCodeProvider?: MfaCodeProvider | undefined;
  /** SDK request handler options (proxy agents), shared with every client. */
  readonly requestHandler?: { httpAgent?: unknown; httpsAgent?: unknown } | undefined;
  readonly logger: Logger;
}

type StsCreds = {
  AccessKeyId?: string | undefined;
  SecretAccessKey?: string | undefined;
  SessionToken?: string | undefined;
  Expiration?: Date | undefined;
};

function fromStsCredentials(c: StsCreds | undefined, what: string): AwsCredentialIdentity {
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`${what} returned no credentials`);
  return {
    accessKeyId: c.AccessKeyId,
    secretAccessKey: c.SecretAccessKey,
    ...(c.SessionToken !== undefined ? { sessionToken: c.SessionToken } : {}),
    ...(c.Expiration !== undefined ? { expiration: c.Expiration } : {}),
  };
}

function stsClient(o: CredentialSourceOptions, credentials?: AwsCredentialIdentity): STSClient {
  return new STSClient({
    region: o.region,
    ...(o.stsEndpoint !== undefined ? { endpoint: o.stsEndpoint } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
    ...(o.requestHandler !== undefined ? { requestHandler: o.requestHandler } : {}),
  });
}

/** Returns the raw (non-caching) provider; wrap it with refreshingProvider(). */
export function buildCredentialSource(o: CredentialSourceOptions): AwsCredentialIdentityProvider {
  const env = o.env;
  const profileName = o.awsProfile ?? (env['AWS_ACCESS_KEY_ID'] ? undefined : env['AWS_PROFILE']);

  const roleAssumer = async (
    source: AwsCredentialIdentity,
    params: {
      RoleArn: string;
      RoleSessionName: string;
      ExternalId?: string;
      DurationSeconds?: number;
      SerialNumber?: string;
      TokenCode?: string;
    },
  ): Promise<AwsCredentialIdentity> => {
    const client = stsClient(o, source);
    try {
      const out = await client.send(new AssumeRoleCommand(params));
      return fromStsCredentials(out.Credentials, 'AssumeRole');
    } finally {
      client.destroy();
    }
  };
  const roleAssumerWithWebIdentity = async (params: {
    RoleArn: string;
    RoleSessionName: string;
    WebIdentityToken: string;
    DurationSeconds?: number;
  }): Promise<AwsCredentialIdentity> => {
    const client = stsClient(o);
    try {
      const out = await client.send(new AssumeRoleWithWebIdentityCommand(params));
      return fromStsCredentials(out.Credentials, 'AssumeRoleWithWebIdentity');
    } finally {
      client.destroy();
    }
  };

  let inner: AwsCredentialIdentityProvider;
  let label: string;
  if (profileName === undefined && env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) {
    label = 'environment';
    const expiration = env['AWS_CREDENTIAL_EXPIRATION'];
    const creds: AwsCredentialIdentity = {
      accessKeyId: env['AWS_ACCESS_KEY_ID'],
      secretAccessKey: env['AWS_SECRET_ACCESS_KEY'],
      ...(env['AWS_SESSION_TOKEN'] ? { sessionToken: env['AWS_SESSION_TOKEN'] } : {}),
      ...(expiration ? { expiration: new Date(expiration) } : {}),
    };
    inner = () => Promise.resolve(creds);
  } else if (profileName === undefined && env['AWS_WEB_IDENTITY_TOKEN_FILE'] && env['AWS_ROLE_ARN']) {
    label = 'web identity';
    inner = fromTokenFile({
      webIdentityTokenFile: env['AWS_WEB_IDENTITY_TOKEN_FILE'],
      roleArn: env['AWS_ROLE_ARN'],
      roleSessionName: env['AWS_ROLE_SESSION_NAME'] || `bastionless-${Date.now()}`,
      roleAssumerWithWebIdentity,
    });
  } else {
    const name = profileName ?? 'default';
    label = `profile ${name}`;
    const mfa = o.mfaCodeProvider;
    inner = fromIni({
      profile: name,
      filepath: o.credentialsPath,
      configFilepath: o.configPath,
      ignoreCache: true,
      roleAssumer,
      roleAssumerWithWebIdentity,
      ...(mfa !== undefined
        ? { mfaCodeProvider: (mfaSerial: string) => mfa({ awsProfile: name, mfaSerial }) }
        : {}),
      clientConfig: {
        region: o.region,
        ...(o.ssoEndpoint !== undefined ? { endpoint: o.ssoEndpoint } : {}),
        ...(o.requestHandler !== undefined ? { requestHandler: o.requestHandler } : {}),
      },
    });
  }
  return async () => {
    try {
      return await inner();
    } catch (e) {
      o.logger.log('warn', 'credential resolution failed', { source: label });
      throw credentialsError(e, profileName ?? (label === 'environment' ? undefined : 'default'));
    }
  };
}
