import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { run } from '../../../../electron/cli/commands/profiles.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'bl-cli-profiles-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await run(argv, { stdout, stderr, env: { BASTIONLESS_HOME: home } });
  return { code, out, err };
}

const ADD_DB = [
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
];

describe('bastionless profiles', () => {
  it('add then list (text and --json) from the BASTIONLESS_HOME file', async () => {
    const added = await cli(...ADD_DB);
    expect(added.code).toBe(0);
    expect(added.out).toContain('Saved profile "orders db"');
    const text = await cli('list');
    expect(text.out).toMatch(
      /orders db\s+database\s+i-0123456789abcdef0\s+orders\.cluster\.local:5432\s+127\.0\.0\.1:15432/,
    );
    const json = await cli('list', '--json');
    const [p] = JSON.parse(json.out) as { name: string; document: string; aws: { region?: string } }[];
    expect(p).toMatchObject({
      name: 'orders db',
      document: 'AWS-StartPortForwardingSessionToRemoteHost',
      aws: { region: 'eu-west-1' },
    });
    // The same file the app reads.
    const file = JSON.parse(readFileSync(join(home, 'profiles.json'), 'utf8')) as { profiles: unknown[] };
    expect(file.profiles).toHaveLength(1);
  });

  it('add rejects invalid input with field messages and exit 1; usage errors exit 2', async () => {
    const bad = await cli('add', '--name', 'x', '--target', 'i-nope', '--remote-port', '70000');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('target.instanceId');
    expect(bad.err).toContain('remotePort');
    expect((await cli('add', '--name', 'x')).code).toBe(2);
    expect((await cli('add', '--bogus')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('list', '--json')).out).toBe('[]\n');
  });

  it('a duplicate name is refused', async () => {
    expect((await cli(...ADD_DB)).code).toBe(0);
    const dup = await cli(...ADD_DB.slice(0, 7));
    expect(dup.code).toBe(1);
    expect(dup.err).toContain('already exists');
  });

  it('rm removes by name; an unknown name is PROFILE_NOT_FOUND (exit 1)', async () => {
    await cli(...ADD_DB);
    expect((await cli('rm', 'orders db')).code).toBe(0);
    expect((await cli('list', '--json')).out).toBe('[]\n');
    const missing = await cli('rm', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no profile named "nope"');
  });

  it('export (yaml, by name) then import into a fresh home round-trips', async () => {
    await cli(...ADD_DB);
    await cli('add', '--name', 'web', '--target', 'tag:Name=web-1', '--remote-port', '80');
    const exported = await cli('export', '--format', 'yaml', 'web');
    expect(exported.code).toBe(0);
    const doc = parseYaml(exported.out) as { profiles: { name: string; target: unknown }[] };
    expect(doc.profiles.map((p) => p.name)).toEqual(['web']);
    expect(doc.profiles[0]?.target).toEqual({ kind: 'tag', key: 'Name', value: 'web-1' });

    const all = await cli('export');
    const file = join(home, 'all.json');
    writeFileSync(file, all.out);
    rmSync(join(home, 'profiles.json'));
    const imported = await cli('import', file);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('Imported 2 profile(s), 0 issue(s)');
    const names = (JSON.parse((await cli('list', '--json')).out) as { name: string }[]).map((p) => p.name);
    expect(names.sort()).toEqual(['orders db', 'web']);

    // Importing again: every entry is a duplicate, reported with its index; exit 1.
    const again = await cli('import', file);
    expect(again.code).toBe(1);
    expect(again.err).toContain('profiles[0].name');
    expect(again.err).toContain('profiles[1].name');
  });

  it('import of a file that does not parse fails with exit 1', async () => {
    const file = join(home, 'bad.yaml');
    writeFileSync(file, 'profiles: [\n  - name: x\n');
    const r = await cli('import', file);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot parse the YAML document');
  });
});
