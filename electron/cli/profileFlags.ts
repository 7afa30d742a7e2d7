/**
 * Command-line flags → profile fields, shared by `profiles add` (applied over an empty draft) and
 * `profiles edit` (applied over the saved profile, so only the flags given change anything). The
 * result is not validated here: callers hand it to ProfileStore.validate/save, the same schema and
 * clash checks the app uses.
 */
import type { ParseArgsConfig } from 'node:util';
import type { Launcher, ProfileInput } from '../../shared/model/profile.js';

/** A flag with a value the schema cannot even be asked about (not a number, unknown syntax). */
export class UsageError extends Error {}

export const PROFILE_FLAG_OPTIONS = {
  name: { type: 'string' },
  target: { type: 'string' },
  'remote-port': { type: 'string' },
  host: { type: 'string' },
  'local-port': { type: 'string' },
  bind: { type: 'string' },
  'aws-profile': { type: 'string' },
  /** Older spelling of --aws-profile, kept for `profiles add`. */
  profile: { type: 'string' },
  region: { type: 'string' },
  kind: { type: 'string' },
  group: { type: 'string' },
  tag: { type: 'string', multiple: true },
  launcher: { type: 'string' },
  'on-demand': { type: 'boolean' },
  eager: { type: 'boolean' },
  'idle-minutes': { type: 'string' },
  notes: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const PROFILE_FLAGS_USAGE = `[--host H] [--local-port N|auto] [--bind A] [--aws-profile P] [--region R]
      [--kind database|rdp|web|ssh|other] [--group G] [--tag K=V …] [--on-demand|--eager]
      [--idle-minutes N|off] [--notes TEXT] [--launcher none|rdp[:USER]|url:TEMPLATE|database:TEMPLATE|command:JSON-ARGV]
      [--json]`;

export interface ProfileFlagValues {
  readonly name?: string;
  readonly target?: string;
  readonly 'remote-port'?: string;
  readonly host?: string;
  readonly 'local-port'?: string;
  readonly bind?: string;
  readonly 'aws-profile'?: string;
  readonly profile?: string;
  readonly region?: string;
  readonly kind?: string;
  readonly group?: string;
  readonly tag?: string[];
  readonly launcher?: string;
  readonly 'on-demand'?: boolean;
  readonly eager?: boolean;
  readonly 'idle-minutes'?: string;
  readonly notes?: string;
}

/** A profile being assembled; every field optional until the store validates it. */
export type ProfileDraft = { [K in keyof ProfileInput]?: ProfileInput[K] };

function portOf(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a number, not "${value}"`);
  return Number(value);
}

export function targetOf(value: string): ProfileInput['target'] {
  const tag = /^tag:([^=]+)=(.+)$/.exec(value);
  if (tag) return { kind: 'tag', key: tag[1] ?? '', value: tag[2] ?? '' };
  return { kind: 'instance', instanceId: value };
}

/** `none` | `rdp[:USER]` | `url:TEMPLATE` | `database:TEMPLATE` | `command:["argv0","arg",…]`. */
export function launcherOf(value: string): Launcher {
  const colon = value.indexOf(':');
  const kind = colon < 0 ? value : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  switch (kind) {
    case 'none':
      return { kind: 'none' };
    case 'rdp':
      return rest === '' ? { kind: 'rdp' } : { kind: 'rdp', username: rest };
    case 'url':
      return { kind: 'url', template: rest };
    case 'db':
    case 'database':
      return { kind: 'database', template: rest };
    case 'command': {
      let argv: unknown;
      try {
        argv = JSON.parse(rest);
      } catch {
        throw new UsageError('--launcher command: needs a JSON array, e.g. command:["psql","-p","{port}"]');
      }
      if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string'))
        throw new UsageError('--launcher command: needs a JSON array of strings');
      return { kind: 'command', argv };
    }
    default:
      throw new UsageError(
        `--launcher must be none, rdp[:USER], url:…, database:… or command:[…], not "${value}"`,
      );
  }
}

function idleSecondsOf(value: string): number | undefined {
  if (value === 'off' || value === '0') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--idle-minutes must be a number or "off", not "${value}"`);
  return Number(value) * 60;
}

/** Removes `key` when `value` is undefined (exactOptionalPropertyTypes: absent, not undefined). */
function setOrDrop<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const { [key]: _dropped, ...rest } = obj;
  return (value === undefined ? rest : { ...rest, [key]: value }) as T;
}

/**
 * Applies the given flags over `base`. Text flags given as '' clear optional fields (--group '',
 * --notes '', --host ''); fields whose flag is absent keep their value.
 */
export function applyProfileFlags(base: ProfileDraft, v: ProfileFlagValues): ProfileDraft {
  if (v['on-demand'] === true && v.eager === true)
    throw new UsageError('--on-demand and --eager are mutually exclusive');
  let d: ProfileDraft = { ...base };
  if (v.name !== undefined) d.name = v.name;
  if (v.target !== undefined) d.target = targetOf(v.target);
  if (v['remote-port'] !== undefined) d.remotePort = portOf('--remote-port', v['remote-port']);
  if (v.kind !== undefined) d.kind = v.kind as ProfileDraft['kind'] & string;
  if (v.host !== undefined) {
    d = setOrDrop(d, 'remoteHost', v.host === '' ? undefined : v.host);
    d.document =
      v.host === '' ? 'AWS-StartPortForwardingSession' : 'AWS-StartPortForwardingSessionToRemoteHost';
  }
  if (v['local-port'] !== undefined || v.bind !== undefined) {
    let bind = { address: '127.0.0.1', port: 0, ...d.bind };
    if (v.bind !== undefined) bind.address = v.bind;
    if (v['local-port'] !== undefined) {
      bind.port = v['local-port'] === 'auto' ? 0 : portOf('--local-port', v['local-port']);
      // A remembered auto port means nothing once a fixed port is chosen.
      if (bind.port !== 0) bind = setOrDrop(bind, 'rememberedPort', undefined);
    }
    d.bind = bind;
  }
  const awsProfile = v['aws-profile'] ?? v.profile;
  if (awsProfile !== undefined || v.region !== undefined) {
    let aws = { ...d.aws };
    if (awsProfile !== undefined) aws = setOrDrop(aws, 'profile', awsProfile === '' ? undefined : awsProfile);
    if (v.region !== undefined) aws = setOrDrop(aws, 'region', v.region === '' ? undefined : v.region);
    d.aws = aws;
  }
  if (v.group !== undefined) d = setOrDrop(d, 'group', v.group === '' ? undefined : v.group);
  if (v.tag !== undefined) d.tags = v.tag.filter((t) => t !== '');
  if (v.launcher !== undefined) d.launcher = launcherOf(v.launcher);
  if (v['on-demand'] === true) d.startMode = 'on-demand';
  if (v.eager === true) d.startMode = 'eager';
  if (v['idle-minutes'] !== undefined) d = setOrDrop(d, 'idleCloseSeconds', idleSecondsOf(v['idle-minutes']));
  if (v.notes !== undefined) d = setOrDrop(d, 'notes', v.notes === '' ? undefined : v.notes);
  return d;
}
