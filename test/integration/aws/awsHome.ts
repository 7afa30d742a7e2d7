/** A temp HOME with ~/.aws files, and process.env pointed at it (the SDK's SSO paths read process.env). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AWS_ENV_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SSM',
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL_SSO',
  'AWS_ENDPOINT_URL_SSO_OIDC',
  'AWS_ENDPOINT_URL_EC2',
  'AWS_ENDPOINT_URL_SSMMESSAGES',
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'HOME',
];

export interface AwsHome {
  readonly home: string;
  readonly configPath: string;
  readonly credentialsPath: string;
  writeConfig(text: string): void;
  writeCredentials(text: string): void;
  writeFile(name: string, text: string): string;
  /** Writes ~/.aws/sso/cache/<sha1(key)>.json as the AWS CLI does. */
  writeSsoToken(cacheKey: string, token: Record<string, unknown>): string;
  restore(): void;
}

export function makeAwsHome(): AwsHome {
  const saved = new Map(AWS_ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of AWS_ENV_KEYS) delete process.env[k];
  const home = mkdtempSync(join(tmpdir(), 'bl-awshome-'));
  mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
  const configPath = join(home, '.aws', 'config');
  const credentialsPath = join(home, '.aws', 'credentials');
  process.env['HOME'] = home;
  process.env['AWS_CONFIG_FILE'] = configPath;
  process.env['AWS_SHARED_CREDENTIALS_FILE'] = credentialsPath;
  return {
    home,
    configPath,
    credentialsPath,
    writeConfig: (t) => writeFileSync(configPath, t),
    writeCredentials: (t) => writeFileSync(credentialsPath, t),
    writeFile(name, text) {
      const p = join(home, name);
      writeFileSync(p, text, { mode: 0o700 });
      return p;
    },
    writeSsoToken(cacheKey, token) {
      const p = join(
        home,
        '.aws',
        'sso',
        'cache',
        `${createHash('sha1').update(cacheKey).digest('hex')}.json`,
      );
      writeFileSync(p, JSON.stringify(token));
      return p;
    },
    restore() {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
