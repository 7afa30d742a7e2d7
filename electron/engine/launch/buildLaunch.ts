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
): LaunchPlan {
  const values = valuesFor(address, username);
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
  if (xfreerdp !== undefined)
    return {
      kind: 'spawn',
      command: xfreerdp,
      args: [`/v:${hostPort}`, ...(values.user ? [`/u:${values.user}`] : [])],
    };
  const remmina = env.which('remmina');
  if (remmina !== undefined) {
    const who = values.user ? `${encodeURIComponent(values.user)}@` : '';
    return { kind: 'spawn', command: remmina, args: ['-c', `rdp://${who}${hostPort}`] };
  }
  throw failure('LAUNCH_FAILED', 'no RDP client found (looked for xfreerdp and remmina)', {
    hint: `Install FreeRDP (xfreerdp) or Remmina, or connect your RDP client to ${hostPort}.`,
  });
}

export function buildLaunch(profile: Profile, address: LaunchAddress, env: LaunchEnvironment): LaunchPlan {
  const launcher = profile.launcher;
  switch (launcher.kind) {
    case 'none':
      throw failure('LAUNCH_FAILED', `profile "${profile.name}" has no launcher`, {
        hint: 'Edit the profile and choose a launcher, or copy the address instead.',
      });
    case 'rdp':
      return rdpPlan(profile, launcher.username, address, env);
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
