/**
 * `bastionless profiles edit` through the built CLI (`node bin/bastionless.js`, the way users run it)
 * against a temp BASTIONLESS_HOME: only the given fields change, the same validation as `add`
 * refuses duplicates, clashes and bad values with a one-line error and a non-zero exit, and a
 * refused edit leaves the file byte-for-byte untouched.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildNode, ROOT, tempDir } from './forwardCli.js';

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

let home: string;

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'bin/bastionless.js'), 'profiles', ...args],
      { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', BASTIONLESS_HOME: home } },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, out: stdout, err: stderr });
      },
    );
  });
}

function fileText(): string {
  return readFileSync(join(home, 'profiles.json'), 'utf8');
}

interface SavedProfile {
  id: string;
  name: string;
  group?: string;
  tags: string[];
  target: unknown;
  remotePort: number;
  remoteHost?: string;
  document: string;
  bind: { address: string; port: number };
  aws: { profile?: string; region?: string };
  startMode: string;
  idleCloseSeconds?: number;
  launcher: unknown;
  notes?: string;
}

beforeAll(() => buildNode(), 120_000);
beforeEach(async () => {
  home = tempDir('bl-cli-edit-');
  const a = await cli(
    'add',
    '--name',
    'orders db',
    '--target',
    'i-0123456789abcdef0',
    '--remote-port',
    '5432',
    '--host',
    'orders.cluster.local',
    '--local-port',
    '15432',
    '--region',
    'eu-west-1',
    '--kind',
    'database',
    '--notes',
    'primary',
  );
  expect(a.code, a.err).toBe(0);
  const b = await cli('add', '--name', 'web', '--target', 'tag:Name=web-1', '--remote-port', '80');
  expect(b.code, b.err).toBe(0);
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

describe('bastionless profiles edit', () => {
  it('changes only the given fields and prints the result (--json)', async () => {
    const before = (JSON.parse(fileText()) as { profiles: SavedProfile[] }).profiles[0];
    const r = await cli(
      'edit',
      'orders db',
      '--local-port',
      'auto',
      '--group',
      'prod',
      '--tag',
      'env=prod',
      '--tag',
      'team=orders',
      '--eager',
      '--idle-minutes',
      '15',
      '--aws-profile',
      'prod-admin',
      '--launcher',
      'database:postgres://{user}@{host}:{port}/orders',
      '--json',
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const printed = JSON.parse(r.out) as SavedProfile;
    expect(printed).toMatchObject({
      id: before?.id,
      name: 'orders db',
      group: 'prod',
      tags: ['env=prod', 'team=orders'],
      // Untouched fields keep their values.
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 5432,
      remoteHost: 'orders.cluster.local',
      document: 'AWS-StartPortForwardingSessionToRemoteHost',
      notes: 'primary',
      aws: { region: 'eu-west-1', profile: 'prod-admin' },
      // Changed ones.
      bind: { address: '127.0.0.1', port: 0 },
      startMode: 'eager',
      idleCloseSeconds: 900,
      launcher: { kind: 'database', template: 'postgres://{user}@{host}:{port}/orders' },
    });
    // What was printed is what the file now holds.
    const saved = (JSON.parse(fileText()) as { profiles: SavedProfile[] }).profiles;
    expect(saved.find((p) => p.id === before?.id)).toEqual(printed);
    expect(saved).toHaveLength(2);
  });

  it('edits by id, renames, and clears optional fields with empty values (text output)', async () => {
    const web = (JSON.parse(fileText()) as { profiles: SavedProfile[] }).profiles[1];
    const r = await cli('edit', web?.id ?? '', '--name', 'web front', '--remote-port', '8080');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Updated profile "web front" \(/);
    expect(r.out).toMatch(/web front\s+other\s+tag:Name=web-1\s+localhost:8080\s+127\.0\.0\.1:auto/);

    const cleared = await cli('edit', 'orders db', '--notes', '', '--host', '', '--json');
    expect(cleared.code, cleared.err).toBe(0);
    const p = JSON.parse(cleared.out) as SavedProfile;
    expect(p.notes).toBeUndefined();
    expect(p.remoteHost).toBeUndefined();
    expect(p.document).toBe('AWS-StartPortForwardingSession');
  });

  it.each([
    [['--name', 'WEB'], /name: a profile named "WEB" already exists/],
    [['--target', 'i-nope'], /target\.instanceId: instance id must look like/],
    [['--remote-port', '70000'], /remotePort: port must be 1–65535/],
    [['--region', 'mars'], /aws\.region: region must look like eu-west-1/],
    [['--idle-minutes', '100000'], /idleCloseSeconds/],
  ])('refuses %j with a one-line error, exit 1, file untouched', async (flags, message) => {
    const before = fileText();
    const r = await cli('edit', 'orders db', ...flags);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(message);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.out).toBe('');
    expect(fileText()).toBe(before);
  });

  it('refuses a local port another profile binds', async () => {
    const setWeb = await cli('edit', 'web', '--local-port', '18080');
    expect(setWeb.code, setWeb.err).toBe(0);
    const before = fileText();
    const r = await cli('edit', 'orders db', '--local-port', '18080');
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(
      'bastionless profiles edit: bind.port: 127.0.0.1:18080 is already used by "web"',
    );
    expect(fileText()).toBe(before);
  });

  it('unknown profile, bad flag values and a missing NAME fail without touching the file', async () => {
    const before = fileText();
    const missing = await cli('edit', 'nope', '--remote-port', '1');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no profile named or with id "nope"');
    const notNumber = await cli('edit', 'web', '--local-port', 'abc');
    expect(notNumber.code).toBe(2);
    expect(notNumber.err).toContain('--local-port must be a number, not "abc"');
    const both = await cli('edit', 'web', '--eager', '--on-demand');
    expect(both.code).toBe(2);
    const noName = await cli('edit', '--remote-port', '1');
    expect(noName.code).toBe(2);
    expect(noName.err).toContain('edit needs exactly one NAME or ID');
    const badLauncher = await cli('edit', 'web', '--launcher', 'telnet');
    expect(badLauncher.code).toBe(2);
    expect(fileText()).toBe(before);
  });
});
