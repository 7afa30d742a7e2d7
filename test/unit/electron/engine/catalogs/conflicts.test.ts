import { describe, expect, it } from 'vitest';
import { Profile } from '../../../../../shared/model/profile.js';
import { conflictNames, findConflicts } from '../../../../../electron/engine/catalogs/conflicts.js';
import { personalCopy, uniqueName } from '../../../../../electron/engine/catalogs/copyProfile.js';

const make = (id: string, name: string, port = 0, source = 'personal'): Profile =>
  Profile.parse({
    id,
    name,
    source,
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: 5432,
    bind: { address: '127.0.0.1', port },
  });

describe('findConflicts', () => {
  it('lists same names (ignoring case) and same fixed ports, never auto ports', () => {
    const catalog = [
      make('catalog:c:1', 'Orders DB', 15432, 'catalog:c'),
      make('catalog:c:2', 'billing', 0, 'catalog:c'),
      make('catalog:c:3', 'reports', 16000, 'catalog:c'),
    ];
    const personal = [make('p1', 'orders db', 0), make('p2', 'mine', 15432), make('p3', 'other', 0)];
    const found = findConflicts(catalog, personal);
    expect(found.map((c) => [c.name, c.kind, c.personal])).toEqual([
      ['Orders DB', 'name', 'orders db'],
      ['Orders DB', 'port', 'mine'],
    ]);
    expect(found[1]!.message).toContain('127.0.0.1:15432');
    expect(conflictNames(found)).toEqual(['Orders DB']);
  });

  it('finds none when nothing clashes', () => {
    expect(findConflicts([make('catalog:c:1', 'a', 1000, 'catalog:c')], [make('p', 'b', 1001)])).toEqual([]);
  });
});

describe('personalCopy', () => {
  it('drops id, source and remembered port; de-duplicates the name; frees a clashing port', () => {
    const source = Profile.parse({
      ...make('catalog:c:1', 'orders', 15432, 'catalog:c'),
      bind: { address: '127.0.0.1', port: 15432, rememberedPort: 15432 },
    });
    const copy = personalCopy(source, [make('p1', 'Orders', 0), make('p2', 'orders (copy)', 15432)]);
    expect(copy).not.toHaveProperty('id');
    expect(copy).not.toHaveProperty('source');
    expect(copy.name).toBe('orders (copy 2)');
    expect(copy.bind).toEqual({ address: '127.0.0.1', port: 0 });
    expect(personalCopy(source, []).bind).toEqual({ address: '127.0.0.1', port: 15432 });
  });

  it('keeps names within the 100-character limit', () => {
    const long = 'x'.repeat(100);
    const n = uniqueName(long, [long]);
    expect(n.length).toBe(100);
    expect(n.endsWith(' (copy)')).toBe(true);
    expect(uniqueName('free', ['taken'])).toBe('free');
  });
});
