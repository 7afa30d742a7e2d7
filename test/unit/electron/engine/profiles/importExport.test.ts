import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Profile } from '../../../../../shared/model/profile.js';
import {
  exportProfiles,
  importInto,
  parseImport,
} from '../../../../../electron/engine/profiles/importExport.js';
import { ProfileStore } from '../../../../../electron/engine/profiles/profileStore.js';

const dirs: string[] = [];
function store(): ProfileStore {
  const d = mkdtempSync(join(tmpdir(), 'bl-import-'));
  dirs.push(d);
  return new ProfileStore(d);
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const orders = Profile.parse({
  id: 'id-orders',
  name: 'orders db',
  kind: 'database',
  source: 'catalog:team',
  tags: ['prod'],
  aws: { profile: 'prod-admin', region: 'eu-west-1' },
  target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
  document: 'AWS-StartPortForwardingSessionToRemoteHost',
  remoteHost: 'orders.cluster-abc.eu-west-1.rds.amazonaws.com',
  remotePort: 5432,
  bind: { address: '127.0.0.1', port: 0, rememberedPort: 40123 },
  launcher: { kind: 'database', template: 'psql -h {host} -p {port} -U {user}', user: 'app' },
  notes: 'read replica',
});
const web = Profile.parse({
  id: 'id-web',
  name: 'web',
  target: { kind: 'tag', key: 'Name', value: 'web-1' },
  remotePort: 80,
  launcher: { kind: 'url', template: 'http://{host}:{port}/' },
});

/** What survives a round trip: everything but id, source and the remembered port. */
function portable(p: Profile): unknown {
  const { id: _i, source: _s, bind, ...rest } = p;
  const { rememberedPort: _r, ...b } = bind;
  return { ...rest, bind: b };
}

describe('exportProfiles / parseImport', () => {
  for (const format of ['json', 'yaml'] as const)
    it(`round-trips through ${format} without id, source or rememberedPort`, () => {
      const text = exportProfiles([orders, web], format);
      expect(text).not.toContain('id-orders');
      expect(text).not.toContain('catalog:team');
      expect(text).not.toContain('40123');
      const { profiles, issues } = parseImport(text, format);
      expect(issues).toEqual([]);
      expect(profiles.map((p) => portable(Profile.parse({ ...p, id: 'x' })))).toEqual([
        portable(orders),
        portable(web),
      ]);
    });

  it('an export holds nothing key-like', () => {
    for (const format of ['json', 'yaml'] as const) {
      const text = exportProfiles([orders, web], format);
      expect(text).not.toMatch(/AKIA[0-9A-Z]{4}/);
      expect(text.toLowerCase()).not.toContain('aws_secret');
      expect(text.toLowerCase()).not.toContain('token');
      expect(text.toLowerCase()).not.toContain('password');
    }
  });

  it('reports a bad entry by index and field, keeps the good ones, and flags in-file duplicates', () => {
    const text = JSON.stringify({
      version: 1,
      profiles: [
        portable(web),
        { ...(portable(orders) as object), remotePort: 70000 },
        { name: 'no target', remotePort: 22 },
        { ...(portable(web) as object), name: 'WEB' },
      ],
    });
    const { profiles, issues } = parseImport(text, 'json');
    expect(profiles.map((p) => p.name)).toEqual(['web']);
    expect(issues).toEqual([
      { path: 'profiles[1].remotePort', message: 'port must be 1–65535' },
      { path: 'profiles[2].target', message: expect.any(String) as string },
      { path: 'profiles[3].name', message: '"WEB" appears more than once in the document' },
    ]);
  });

  it('names the line of a JSON or YAML syntax error', () => {
    const json = parseImport('{\n  "profiles": [\n    { "name": "x", }\n  ]\n}', 'json');
    expect(json.profiles).toEqual([]);
    expect(json.issues).toHaveLength(1);
    expect(json.issues[0]?.path).toBe('document');
    expect(json.issues[0]?.message).toMatch(/^cannot parse the JSON document: line 3, column \d+:/);
    const yaml = parseImport('profiles:\n  - name: x\n    remotePort: [1\n', 'yaml');
    expect(yaml.issues[0]?.message).toMatch(/^cannot parse the YAML document: line \d+, column \d+:/);
    const shapeless = parseImport('42', 'json');
    expect(shapeless.issues).toEqual([
      { path: 'document', message: 'expected a list of profiles or { profiles: [...] }' },
    ]);
  });
});

describe('importInto', () => {
  it('saves the valid entries as new profiles and reports duplicates of saved ones by index', () => {
    const dst = store();
    dst.save({
      name: 'web',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 8080,
    });
    const text = exportProfiles([orders, web], 'yaml');
    const result = importInto(dst, text, 'yaml');
    expect(result.imported).toBe(1);
    expect(result.issues).toEqual([
      { path: 'profiles[1].name', message: 'a profile named "web" already exists' },
    ]);
    const imported = dst.byName('orders db');
    expect(imported?.id).not.toBe('id-orders');
    expect(imported?.source).toBe('personal');
    expect(imported?.bind.rememberedPort).toBeUndefined();
  });
});
