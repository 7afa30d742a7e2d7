/**
 * What "Open" does for a running tunnel: a pure plan (argv or URL) built from the profile's launcher,
 * the tunnel's local address and the platform. Nothing here touches the disk or spawns; see
 * spawnLaunch.ts. Commands are always an argv list run without a shell: templates are split on
 * whitespace FIRST and placeholders substituted per element, so a value can never add arguments.
 */
import { join } from 'node:path';
import type { Profile } from '../../../shared/model/profile.js';
import { failure } from '../aws/engineFailure.js';

export interface LaunchAddress {
  readonly host: string;
  readonly port: number;
}

export interface LaunchEnvironment {
  readonly platform: NodeJS.Platform;
  /** Absolute path of an executable on PATH, or undefined. */
  readonly which: (command: string) => string | undefined;
  readonly tmpDir: string;
}

/** Secrets for this launch only (never stored; see windowsPassword.ts). */
export interface LaunchSecrets {
  /** The Windows Administrator password from EC2 GetPasswordData. */
  readonly windowsPassword?: string;
}

/** GetPasswordData's password belongs to this account. */
export const WINDOWS_ADMIN_USER = 'Administrator';

export interface TempFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

export type LaunchPlan =
  | {
      readonly kind: 'spawn';
      readonly command: string;
      readonly args: string[];
      readonly tempFiles?: TempFile[];
      /**
       * SECRET: written to the client's stdin, then stdin is closed. The only way a password reaches
       * a launched client: argv is readable by every local user (ps, /proc/<pid>/cmdline). Never log.
       */
      readonly stdin?: string;
    }
  | { readonly kind: 'open-url'; readonly url: string };

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
/** `postgres://…`, `jdbc:postgresql://…`, `http://…`; two letters minimum so `C:\…` is not a scheme. */
const SCHEME = /^[a-z][a-z0-9+.-]+:/i;
const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'file:', 'vbscript:']);

interface Values {
  readonly host: string;
  readonly port: string;
  readonly user: string;
}

function checkClean(what: string, value: string): void {
  if (CONTROL_CHARS.test(value))
    throw failure('INVALID_ARGUMENT', `the launcher ${what} contains control characters`, {
      hint: 'Remove line breaks, tabs and other control characters from the launcher.',
    });
}

function substitute(template: string, values: Values, encode: (v: string) => string): string {
  return template.replace(/\{(host|port|user)\}/g, (_m, key: keyof Values) => encode(values[key]));
}

function valuesFor(address: LaunchAddress, user: string | undefined): Values {
  const values = { host: address.host, port: String(address.port), user: user ?? '' };
  checkClean('host', values.host);
  checkClean('user', values.user);
  return values;
}

/** A template: a URL (opened by the desktop) or a command line (split into argv, then substituted). */
export function planTemplate(template: string, values: Values): LaunchPlan {
  checkClean('template', template);
  const trimmed = template.trim();
  if (SCHEME.test(trimmed)) {
    const scheme = (SCHEME.exec(trimmed)?.[0] ?? '').toLowerCase();
    if (FORBIDDEN_SCHEMES.has(scheme))
      throw failure('INVALID_ARGUMENT', `launcher URLs may not use the ${scheme} scheme`);
    return { kind: 'open-url', url: substitute(trimmed, values, encodeURIComponent) };
  }
  const [command, ...args] = trimmed.split(/\s+/).map((part) => substitute(part, values, (v) => v));
  if (command === undefined || command === '')
    throw failure('INVALID_ARGUMENT', 'the launcher command is empty');
  return { kind: 'spawn', command, args };
}

function rdpPlan(
  profile: Profile,
  username: string | undefined,
  address: LaunchAddress,
  env: LaunchEnvironment,
  secrets: LaunchSecrets,
): LaunchPlan {
  const password = secrets.windowsPassword;
  const values = valuesFor(address, username ?? (password !== undefined ? WINDOWS_ADMIN_USER : undefined));
  const hostPort = `${values.host}:${values.port}`;
  if (env.platform === 'win32' || env.platform === 'darwin') {
    const lines = [`full address:s:${hostPort}`];
    if (values.user) lines.push(`username:s:${values.user}`);
    lines.push('prompt for credentials:i:1', '');
    const safeId = profile.id.replace(/[^A-Za-z0-9_-]/g, '_');
    const path = join(env.tmpDir, `bastionless-${safeId}-${values.port}.rdp`);
    const tempFiles = [{ path, content: lines.join('\r\n'), mode: 0o600 }];
    return env.platform === 'win32'
      ? { kind: 'spawn', command: 'mstsc', args: [path], tempFiles }
      : { kind: 'spawn', command: 'open', args: [path], tempFiles };
  }
  const xfreerdp = env.which('xfreerdp');
  if (xfreerdp !== undefined) {
    const args = [`/v:${hostPort}`, ...(values.user ? [`/u:${values.user}`] : [])];
    if (password === undefined) return { kind: 'spawn', command: xfreerdp, args };
    checkClean('password', password);
    // FreeRDP 2 and 3 (client/common/client.c, client_cli_authenticate_raw) read missing credentials
    // from stdin one line each, in the order username, domain, password; `:force` asks before
    // connecting instead of on the server's request. /u is always given here and /d never, so
    // stdin is "<empty domain>\n<password>\n". mstsc, macOS and Remmina have no such channel: there
    // the app copies the password to the clipboard instead (renderer WindowsPassword.tsx).
    return {
      kind: 'spawn',
      command: xfreerdp,
      args: [...args, '/from-stdin:force'],
      stdin: `\n${password}\n`,
    };
  }
  const remmina = env.which('remmina');
  if (remmina !== undefined) {
    const who = values.user ? `${encodeURIComponent(values.user)}@` : '';
    return { kind: 'spawn', command: remmina, args: ['-c', `rdp://${who}${hostPort}`] };
  }
  throw failure('LAUNCH_FAILED', 'no RDP client found (looked for xfreerdp and remmina)', {
    hint: `Install FreeRDP (xfreerdp) or Remmina, or connect your RDP client to ${hostPort}.`,
  });
}

/** `secrets.windowsPassword` is used where the platform's RDP client can take it off argv (xfreerdp). */
export function buildLaunch(
  profile: Profile,
  address: LaunchAddress,
  env: LaunchEnvironment,
  secrets: LaunchSecrets = {},
): LaunchPlan {
  const launcher = profile.launcher;
  switch (launcher.kind) {
    case 'none':
      throw failure('LAUNCH_FAILED', `profile "${profile.name}" has no launcher`, {
        hint: 'Edit the profile and choose a launcher, or copy the address instead.',
      });
    case 'rdp':
      return rdpPlan(profile, launcher.username, address, env, secrets);
    case 'database':
      return planTemplate(launcher.template, valuesFor(address, launcher.user));
    case 'url':
      return planTemplate(launcher.template, valuesFor(address, undefined));
    case 'command': {
      const values = valuesFor(address, undefined);
      launcher.argv.forEach((a) => checkClean('argument', a));
      const [command, ...args] = launcher.argv.map((a) => substitute(a, values, (v) => v));
      if (command === undefined || command === '')
        throw failure('INVALID_ARGUMENT', 'the launcher command is empty');
      return { kind: 'spawn', command, args };
    }
  }
}

/** The text "Copy" puts on the clipboard: the launcher's URL/command line, else host:port. */
export function connectionString(profile: Profile, address: LaunchAddress): string {
  const plain = `${address.host}:${address.port}`;
  const launcher = profile.launcher;
  if (launcher.kind !== 'database' && launcher.kind !== 'url') return plain;
  const plan = planTemplate(
    launcher.template,
    valuesFor(address, launcher.kind === 'database' ? launcher.user : undefined),
  );
  return plan.kind === 'open-url' ? plan.url : [plan.command, ...plan.args].join(' ');
}
