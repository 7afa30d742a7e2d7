import { describe, expect, it } from 'vitest';
import {
  applyProfileFlags,
  launcherOf,
  targetOf,
  UsageError,
  type ProfileDraft,
} from '../../../../electron/cli/profileFlags.js';

const BASE: ProfileDraft = {
  name: 'orders db',
  target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
  remotePort: 5432,
  remoteHost: 'db.internal',
  document: 'AWS-StartPortForwardingSessionToRemoteHost',
  bind: { address: '127.0.0.1', port: 0, rememberedPort: 15432 },
  aws: { profile: 'prod', region: 'eu-west-1' },
  group: 'prod',
  notes: 'primary',
  idleCloseSeconds: 600,
};

describe('profile flags', () => {
  it('no flags: the draft is unchanged (edit changes only what is given)', () => {
    expect(applyProfileFlags(BASE, {})).toEqual(BASE);
  });

  it('empty values clear optional fields; --host "" goes back to the plain document', () => {
    const d = applyProfileFlags(BASE, {
      group: '',
      notes: '',
      host: '',
      'aws-profile': '',
      'idle-minutes': 'off',
    });
    expect(d).not.toHaveProperty('group');
    expect(d).not.toHaveProperty('notes');
    expect(d).not.toHaveProperty('remoteHost');
    expect(d).not.toHaveProperty('idleCloseSeconds');
    expect(d.aws).toEqual({ region: 'eu-west-1' });
    expect(d.document).toBe('AWS-StartPortForwardingSession');
  });

  it('a fixed local port drops the remembered auto port; auto keeps it', () => {
    expect(applyProfileFlags(BASE, { 'local-port': '15000' }).bind).toEqual({
      address: '127.0.0.1',
      port: 15000,
    });
    expect(applyProfileFlags(BASE, { 'local-port': 'auto', bind: '127.0.0.2' }).bind).toEqual({
      address: '127.0.0.2',
      port: 0,
      rememberedPort: 15432,
    });
  });

  it('tags, start mode, idle minutes, the older --profile spelling', () => {
    const d = applyProfileFlags(BASE, {
      tag: ['env=prod', 'team=x'],
      eager: true,
      'idle-minutes': '15',
      profile: 'ops',
    });
    expect(d).toMatchObject({ tags: ['env=prod', 'team=x'], startMode: 'eager', idleCloseSeconds: 900 });
    expect(d.aws).toEqual({ profile: 'ops', region: 'eu-west-1' });
    expect(() => applyProfileFlags(BASE, { eager: true, 'on-demand': true })).toThrow(UsageError);
    expect(() => applyProfileFlags(BASE, { 'remote-port': '54x' })).toThrow(/--remote-port must be a number/);
  });

  it('targets and launchers parse from their flag syntax', () => {
    expect(targetOf('tag:env=prod=1')).toEqual({ kind: 'tag', key: 'env', value: 'prod=1' });
    expect(launcherOf('none')).toEqual({ kind: 'none' });
    expect(launcherOf('rdp')).toEqual({ kind: 'rdp' });
    expect(launcherOf('rdp:ops')).toEqual({ kind: 'rdp', username: 'ops' });
    expect(launcherOf('url:http://{host}:{port}/')).toEqual({
      kind: 'url',
      template: 'http://{host}:{port}/',
    });
    expect(launcherOf('database:psql -p {port}')).toEqual({ kind: 'database', template: 'psql -p {port}' });
    expect(launcherOf('command:["psql","-p","{port}"]')).toEqual({
      kind: 'command',
      argv: ['psql', '-p', '{port}'],
    });
    expect(() => launcherOf('command:psql')).toThrow(/JSON array/);
    expect(() => launcherOf('command:[1]')).toThrow(/JSON array of strings/);
    expect(() => launcherOf('telnet')).toThrow(UsageError);
  });
});
