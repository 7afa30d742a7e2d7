import { describe, expect, it } from 'vitest';
import { Profile, type ProfileInput } from '../../../../../shared/model/profile.js';
import {
  buildLaunch,
  connectionString,
  type LaunchEnvironment,
} from '../../../../../electron/engine/launch/buildLaunch.js';

const address = { host: '127.0.0.1', port: 43389 };

function profile(launcher: ProfileInput['launcher']): Profile {
  return Profile.parse({
    id: 'p1',
    name: 'win box',
    target: { kind: 'instance', instanceId: 'i-0bbbbbbbbbbbbbbb2' },
    remotePort: 3389,
    launcher,
  });
}

function env(platform: NodeJS.Platform, found: string[] = []): LaunchEnvironment {
  return {
    platform,
    tmpDir: '/tmp/x',
    which: (cmd) => (found.includes(cmd) ? `/usr/bin/${cmd}` : undefined),
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('buildLaunch: RDP', () => {
  it('win32 writes an .rdp file and runs mstsc on it', () => {
    const plan = buildLaunch(profile({ kind: 'rdp', username: 'Administrator' }), address, env('win32'));
    expect(plan).toEqual({
      kind: 'spawn',
      command: 'mstsc',
      args: ['/tmp/x/bastionless-p1-43389.rdp'],
      tempFiles: [
        {
          path: '/tmp/x/bastionless-p1-43389.rdp',
          content:
            'full address:s:127.0.0.1:43389\r\nusername:s:Administrator\r\nprompt for credentials:i:1\r\n',
          mode: 0o600,
        },
      ],
    });
  });

  it('darwin opens the .rdp file; no username line without a user', () => {
    const plan = buildLaunch(profile({ kind: 'rdp' }), address, env('darwin'));
    expect(plan.kind).toBe('spawn');
    if (plan.kind !== 'spawn') return;
    expect([plan.command, ...plan.args]).toEqual(['open', '/tmp/x/bastionless-p1-43389.rdp']);
    expect(plan.tempFiles?.[0]?.content).toBe(
      'full address:s:127.0.0.1:43389\r\nprompt for credentials:i:1\r\n',
    );
  });

  it('linux prefers xfreerdp', () => {
    const plan = buildLaunch(
      profile({ kind: 'rdp', username: 'ops' }),
      address,
      env('linux', ['xfreerdp', 'remmina']),
    );
    expect(plan).toEqual({
      kind: 'spawn',
      command: '/usr/bin/xfreerdp',
      args: ['/v:127.0.0.1:43389', '/u:ops'],
    });
  });

  it('linux falls back to remmina', () => {
    const plan = buildLaunch(profile({ kind: 'rdp', username: 'ops' }), address, env('linux', ['remmina']));
    expect(plan).toEqual({
      kind: 'spawn',
      command: '/usr/bin/remmina',
      args: ['-c', 'rdp://ops@127.0.0.1:43389'],
    });
    const anon = buildLaunch(profile({ kind: 'rdp' }), address, env('linux', ['remmina']));
    expect(anon.kind === 'spawn' && anon.args).toEqual(['-c', 'rdp://127.0.0.1:43389']);
  });

  it('linux with neither client fails with LAUNCH_FAILED and a hint', () => {
    let err: { code?: string; hint?: string } | undefined;
    try {
      buildLaunch(profile({ kind: 'rdp' }), address, env('linux'));
    } catch (e) {
      err = e as { code?: string; hint?: string };
    }
    expect(err?.code).toBe('LAUNCH_FAILED');
    expect(err?.hint).toContain('127.0.0.1:43389');
  });
});

describe('buildLaunch: templates and commands', () => {
  it('a database command template becomes argv, placeholders per element', () => {
    const plan = buildLaunch(
      profile({ kind: 'database', template: 'psql -h {host} -p {port} -U {user}', user: 'app user' }),
      address,
      env('linux'),
    );
    expect(plan).toEqual({
      kind: 'spawn',
      command: 'psql',
      args: ['-h', '127.0.0.1', '-p', '43389', '-U', 'app user'],
    });
  });

  it('a URL template is opened as a URL with values URL-encoded', () => {
    const plan = buildLaunch(
      profile({ kind: 'database', template: 'postgres://{user}@{host}:{port}/orders', user: 'a b/c@d' }),
      address,
      env('linux'),
    );
    expect(plan).toEqual({ kind: 'open-url', url: 'postgres://a%20b%2Fc%40d@127.0.0.1:43389/orders' });
    const jdbc = buildLaunch(
      profile({ kind: 'database', template: 'jdbc:postgresql://{host}:{port}/db' }),
      address,
      env('linux'),
    );
    expect(jdbc).toEqual({ kind: 'open-url', url: 'jdbc:postgresql://127.0.0.1:43389/db' });
    const web = buildLaunch(
      profile({ kind: 'url', template: 'http://{host}:{port}/' }),
      address,
      env('linux'),
    );
    expect(web).toEqual({ kind: 'open-url', url: 'http://127.0.0.1:43389/' });
  });

  it('rejects control characters in templates, users and argv', () => {
    expect(
      codeOf(() =>
        buildLaunch(profile({ kind: 'url', template: 'http://{host}\n:{port}' }), address, env('linux')),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        buildLaunch(
          profile({ kind: 'database', template: 'psql -U {user}', user: 'x\u0007' }),
          address,
          env('linux'),
        ),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        buildLaunch(profile({ kind: 'command', argv: ['ssh', 'a\u0000b'] }), address, env('linux')),
      ),
    ).toBe('INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        buildLaunch(profile({ kind: 'url', template: 'javascript:alert(1)' }), address, env('linux')),
      ),
    ).toBe('INVALID_ARGUMENT');
  });

  it('a command launcher substitutes per element and keeps shell syntax as one argument', () => {
    const plan = buildLaunch(
      profile({ kind: 'command', argv: ['ssh', '-p', '{port}', 'ec2-user@{host}', '; rm -rf x'] }),
      address,
      env('linux'),
    );
    expect(plan).toEqual({
      kind: 'spawn',
      command: 'ssh',
      args: ['-p', '43389', 'ec2-user@127.0.0.1', '; rm -rf x'],
    });
  });

  it('no launcher → LAUNCH_FAILED', () => {
    expect(codeOf(() => buildLaunch(profile({ kind: 'none' }), address, env('linux')))).toBe('LAUNCH_FAILED');
  });
});

describe('connectionString', () => {
  it('is the substituted URL, the command line, or host:port', () => {
    expect(
      connectionString(
        profile({ kind: 'database', template: 'postgres://{user}@{host}:{port}/o', user: 'u' }),
        address,
      ),
    ).toBe('postgres://u@127.0.0.1:43389/o');
    expect(
      connectionString(profile({ kind: 'database', template: 'psql -h {host} -p {port}' }), address),
    ).toBe('psql -h 127.0.0.1 -p 43389');
    expect(connectionString(profile({ kind: 'rdp' }), address)).toBe('127.0.0.1:43389');
  });
});
