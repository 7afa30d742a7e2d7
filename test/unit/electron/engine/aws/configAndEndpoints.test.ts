import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  hasAwsCredentials,
  listAwsProfiles,
  loadAwsConfigFiles,
  parseIni,
} from '../../../../../electron/engine/aws/awsConfigFiles.js';
import {
  applySsmMessagesHost,
  resolveServiceEndpoint,
  resolveSsmMessagesHost,
} from '../../../../../electron/engine/aws/endpoints.js';

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bl-awscfg-'));
  env = {
    HOME: dir,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const CONFIG = `
# comment
[default]
region = eu-west-1

[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
services = local

[profile role]
role_arn = arn:aws:iam::123456789012:role/Admin
source_profile = dev
endpoint_url = https://profile.example

[profile proc]
credential_process = /usr/bin/creds --json
region = us-west-2

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1

[services local]
ssm =
  endpoint_url = http://localhost:4566
sso_oidc =
  endpoint_url = http://localhost:4567
ssmmessages =
  endpoint_url = https://vpce-123.ssmmessages.eu-west-1.vpce.amazonaws.com
`;

describe('AWS config files', () => {
  it('parses sections, sub-sections and merges credentials under config', () => {
    writeFileSync(env['AWS_CONFIG_FILE']!, CONFIG);
    writeFileSync(
      env['AWS_SHARED_CREDENTIALS_FILE']!,
      '[dev]\naws_access_key_id = AKIA\naws_secret_access_key = s\n',
    );
    const f = loadAwsConfigFiles(env);
    expect(f.profiles['default']).toEqual({ region: 'eu-west-1' });
    expect(f.ssoSessions['corp']).toEqual({
      sso_start_url: 'https://corp.awsapps.com/start',
      sso_region: 'us-east-1',
    });
    expect(f.services['local']?.['ssm.endpoint_url']).toBe('http://localhost:4566');
    expect(listAwsProfiles(env)).toEqual([
      { name: 'default', kind: 'unknown', region: 'eu-west-1' },
      { name: 'dev', kind: 'static' },
      { name: 'proc', kind: 'credential-process', region: 'us-west-2' },
      { name: 'role', kind: 'assume-role' },
      { name: 'sso', kind: 'sso' },
    ]);
    expect(parseIni('[a]\nk = v = w\n')).toEqual({ a: { k: 'v = w' } });
  });

  it('hasAwsCredentials: env keys, AWS_PROFILE, or a usable profile on disk', () => {
    expect(hasAwsCredentials(env)).toBe(false);
    expect(hasAwsCredentials({ ...env, AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })).toBe(true);
    expect(hasAwsCredentials({ ...env, AWS_PROFILE: 'x' })).toBe(true);
    writeFileSync(env['AWS_CONFIG_FILE']!, '[default]\nregion = eu-west-1\n');
    expect(hasAwsCredentials(env)).toBe(false);
    writeFileSync(env['AWS_CONFIG_FILE']!, CONFIG);
    expect(hasAwsCredentials(env)).toBe(true);
  });
});

describe('endpoint resolution (SDK conventions)', () => {
  it('follows env service > env global > services section > profile endpoint_url; simulator beats all', () => {
    writeFileSync(env['AWS_CONFIG_FILE']!, CONFIG);
    const files = loadAwsConfigFiles(env);
    const sso = files.profiles['sso'];
    const role = files.profiles['role'];
    expect(resolveServiceEndpoint('SSM', { env, files, profile: sso })).toBe('http://localhost:4566');
    expect(resolveServiceEndpoint('SSO OIDC', { env, files, profile: sso })).toBe('http://localhost:4567');
    expect(resolveServiceEndpoint('STS', { env, files, profile: sso })).toBeUndefined();
    expect(resolveServiceEndpoint('STS', { env, files, profile: role })).toBe('https://profile.example');
    const withEnv = { ...env, AWS_ENDPOINT_URL: 'http://global', AWS_ENDPOINT_URL_SSM: 'http://ssm-env' };
    expect(resolveServiceEndpoint('SSM', { env: withEnv, files, profile: sso })).toBe('http://ssm-env');
    expect(resolveServiceEndpoint('EC2', { env: withEnv, files, profile: sso })).toBe('http://global');
    expect(
      resolveServiceEndpoint('SSO OIDC', {
        env: { AWS_ENDPOINT_URL_SSO_OIDC: 'http://o' },
        files,
        profile: undefined,
      }),
    ).toBe('http://o');
    const ignore = { ...withEnv, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    expect(resolveServiceEndpoint('SSM', { env: ignore, files, profile: sso })).toBeUndefined();
    expect(
      resolveServiceEndpoint('SSM', { env: ignore, files, profile: sso, simulatorEndpoint: 'http://sim' }),
    ).toBe('http://sim');
  });

  it('ssmmessages host: profile override, then SSMMessages conventions; the StreamUrl keeps path and query', () => {
    writeFileSync(env['AWS_CONFIG_FILE']!, CONFIG);
    const files = loadAwsConfigFiles(env);
    const sso = files.profiles['sso'];
    expect(resolveSsmMessagesHost(undefined, { env, files, profile: sso })).toBe(
      'vpce-123.ssmmessages.eu-west-1.vpce.amazonaws.com',
    );
    expect(resolveSsmMessagesHost('wss://vpce-9.example/', { env, files, profile: sso })).toBe(
      'vpce-9.example',
    );
    expect(
      resolveSsmMessagesHost(undefined, {
        env: { AWS_ENDPOINT_URL_SSMMESSAGES: 'https://h:8443' },
        files,
        profile: undefined,
      }),
    ).toBe('h:8443');
    const url =
      'wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/s-1?role=publish_subscribe&cell-number=AB+/c=';
    expect(applySsmMessagesHost(url, 'vpce-9.example')).toBe(
      'wss://vpce-9.example/v1/data-channel/s-1?role=publish_subscribe&cell-number=AB+/c=',
    );
    expect(applySsmMessagesHost(url, undefined)).toBe(url);
  });
});
