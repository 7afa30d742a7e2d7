/**
 * Reads the shared AWS config files the way the SDK and the AWS CLI do, for the things the SDK's own
 * providers do not expose to us: which profiles exist (UI pickers, "is AWS configured at all"), a
 * profile's region, sso-session sections (login), and per-service endpoint_url (services sections).
 * Credentials themselves are always resolved by the SDK's providers (credentials.ts), never here.
 *
 * Files: AWS_CONFIG_FILE (default ~/.aws/config, sections `[default]`, `[profile x]`,
 * `[sso-session x]`, `[services x]`) and AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/credentials,
 * sections `[x]`). Nested sub-sections (`ssm =\n  endpoint_url = …`) are flattened to `ssm.endpoint_url`
 * like the SDK's parser (CONFIG_PREFIX_SEPARATOR is '.').
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type IniSection = Readonly<Record<string, string>>;

export interface AwsConfigFiles {
  readonly configPath: string;
  readonly credentialsPath: string;
  /** Profiles by name, credentials file merged under config file (config wins, as the SDK does). */
  readonly profiles: Readonly<Record<string, IniSection>>;
  readonly ssoSessions: Readonly<Record<string, IniSection>>;
  readonly services: Readonly<Record<string, IniSection>>;
  /** Profile names that appear in the credentials file (for "kind" display only). */
  readonly credentialsFileProfiles: readonly string[];
}

/** Same order as the SDK's getHomeDir: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, os.homedir(). */
export function awsHomeDir(env: NodeJS.ProcessEnv): string {
  const { HOME, USERPROFILE, HOMEPATH, HOMEDRIVE = 'C:' } = env;
  if (HOME) return HOME;
  if (USERPROFILE) return USERPROFILE;
  if (HOMEPATH) return `${HOMEDRIVE}${HOMEPATH}`;
  return homedir();
}

export function configFilePath(env: NodeJS.ProcessEnv): string {
  return env['AWS_CONFIG_FILE'] || join(awsHomeDir(env), '.aws', 'config');
}

export function credentialsFilePath(env: NodeJS.ProcessEnv): string {
  return env['AWS_SHARED_CREDENTIALS_FILE'] || join(awsHomeDir(env), '.aws', 'credentials');
}

/** Parses INI text into sections; values may carry one level of indented sub-keys. */
export function parseIni(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section: Record<string, string> | undefined;
  let subKey: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]/.exec(trimmed);
    if (header?.[1] !== undefined) {
      const name = header[1].trim();
      section = out[name] ?? {};
      out[name] = section;
      subKey = undefined;
      continue;
    }
    if (section === undefined) continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) continue;
    const key = trimmed.slice(0, eq).trim().toLowerCase();
    const value = trimmed.slice(eq + 1).trim();
    const indented = /^\s/.test(raw);
    if (indented && subKey !== undefined) {
      section[`${subKey}.${key}`] = value;
    } else if (value === '') {
      subKey = key;
    } else {
      subKey = undefined;
      section[key] = value;
    }
  }
  return out;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function loadAwsConfigFiles(env: NodeJS.ProcessEnv = process.env): AwsConfigFiles {
  const configPath = configFilePath(env);
  const credentialsPath = credentialsFilePath(env);
  const config = parseIni(readText(configPath));
  const creds = parseIni(readText(credentialsPath));
  const profiles: Record<string, Record<string, string>> = {};
  const ssoSessions: Record<string, IniSection> = {};
  const services: Record<string, IniSection> = {};
  for (const [name, data] of Object.entries(creds)) profiles[name] = { ...data };
  for (const [header, data] of Object.entries(config)) {
    const m = /^(profile|sso-session|services)\s+(.+)$/.exec(header);
    if (header === 'default') profiles['default'] = { ...profiles['default'], ...data };
    else if (m?.[1] === 'profile' && m[2] !== undefined)
      profiles[m[2].trim()] = { ...profiles[m[2].trim()], ...data };
    else if (m?.[1] === 'sso-session' && m[2] !== undefined) ssoSessions[m[2].trim()] = data;
    else if (m?.[1] === 'services' && m[2] !== undefined) services[m[2].trim()] = data;
  }
  return {
    configPath,
    credentialsPath,
    profiles,
    ssoSessions,
    services,
    credentialsFileProfiles: Object.keys(creds),
  };
}

export type AwsProfileKind =
  | 'static'
  | 'sso'
  | 'assume-role'
  | 'credential-process'
  | 'web-identity'
  | 'login'
  | 'unknown';

/** Which SDK provider a profile resolves through (same precedence as credential-provider-ini). */
export function profileKind(p: IniSection | undefined): AwsProfileKind {
  if (p === undefined) return 'unknown';
  if (p['role_arn'] !== undefined && (p['source_profile'] ?? p['credential_source']) !== undefined)
    return 'assume-role';
  if (p['aws_access_key_id'] !== undefined && p['aws_secret_access_key'] !== undefined) return 'static';
  if (p['web_identity_token_file'] !== undefined && p['role_arn'] !== undefined) return 'web-identity';
  if (p['credential_process'] !== undefined) return 'credential-process';
  if (
    ['sso_start_url', 'sso_account_id', 'sso_session', 'sso_region', 'sso_role_name'].some(
      (k) => p[k] !== undefined,
    )
  )
    return 'sso';
  if (p['login_session'] !== undefined) return 'login';
  return 'unknown';
}

export interface AwsProfileSummary {
  readonly name: string;
  readonly region?: string;
  readonly kind: AwsProfileKind;
}

/** The profiles a user can pick (the `aws.profiles` API method). */
export function listAwsProfiles(env: NodeJS.ProcessEnv = process.env): AwsProfileSummary[] {
  const files = loadAwsConfigFiles(env);
  return Object.entries(files.profiles)
    .map(([name, data]) => ({
      name,
      kind: profileKind(data),
      ...(data['region'] !== undefined ? { region: data['region'] } : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Cheap check (no network, no SDK): are there AWS credentials to try? Used to decide whether the app
 * defaults to the embedded simulator. Env keys, AWS_PROFILE, web identity, or any profile on disk.
 */
export function hasAwsCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['AWS_ACCESS_KEY_ID'] && env['AWS_SECRET_ACCESS_KEY']) return true;
  if (env['AWS_PROFILE'] || env['AWS_WEB_IDENTITY_TOKEN_FILE']) return true;
  if (env['AWS_CONTAINER_CREDENTIALS_FULL_URI'] || env['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI']) return true;
  const files = loadAwsConfigFiles(env);
  return Object.values(files.profiles).some((p) => profileKind(p) !== 'unknown');
}
