import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportProfiles, importProfiles } from '../../../../../electron/engine/api/profileTransfer.js';
import { ProfileStore } from '../../../../../electron/engine/profiles/profileStore.js';

let a: string;
let b: string;
beforeEach(() => {
  a = mkdtempSync(join(tmpdir(), 'bl-xfer-a-'));
  b = mkdtempSync(join(tmpdir(), 'bl-xfer-b-'));
});
afterEach(() => {
  rmSync(a, { recursive: true, force: true });
  rmSync(b, { recursive: true, force: true });
});

const web = { name: 'web', target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' }, remotePort: 80 };
const db = {
  name: 'db',
  target: { kind: 'tag', key: 'Name', value: 'db' },
  remotePort: 5432,
  tags: ['prod'],
};

describe.each(['json', 'yaml'] as const)('profile export/import (%s)', (format) => {
  it('round-trips profiles into another store as new profiles', () => {
    const src = new ProfileStore(a);
    const w = src.save(web);
    src.save(db);
    const { text } = exportProfiles(src, format);
    const dst = new ProfileStore(b);
    expect(importProfiles(dst, format, text)).toEqual({ imported: 2, issues: [] });
    const names = dst.list().map((p) => p.name);
    expect(names).toEqual(['web', 'db']);
    expect(dst.byName('web')?.id).not.toBe(w.id);
    expect(dst.byName('db')).toMatchObject({ remotePort: 5432, tags: ['prod'], source: 'personal' });
  });

  it('exports only the chosen profiles', () => {
    const src = new ProfileStore(a);
    const w = src.save(web);
    src.save(db);
    const dst = new ProfileStore(b);
    importProfiles(dst, format, exportProfiles(src, format, [w.id]).text);
    expect(dst.list().map((p) => p.name)).toEqual(['web']);
  });
});

describe('profile import issues', () => {
  it('imports the good entries and reports the bad ones with prefixed paths', () => {
    const store = new ProfileStore(a);
    store.save(web);
    const text = JSON.stringify({
      version: 1,
      profiles: [web, { ...db, remotePort: 70000 }, { ...db, name: 'db2' }],
    });
    const r = importProfiles(store, 'json', text);
    expect(r.imported).toBe(1);
    expect(r.issues.map((i) => i.path)).toEqual(['profiles[0].name', 'profiles[1].remotePort']);
    expect(store.list().map((p) => p.name)).toEqual(['web', 'db2']);
  });

  it('refuses an unparseable or shapeless document as PROFILE_INVALID', () => {
    const store = new ProfileStore(a);
    expect(() => importProfiles(store, 'json', '{nope')).toThrow(
      expect.objectContaining({ code: 'PROFILE_INVALID' }),
    );
    expect(() => importProfiles(store, 'yaml', 'just: text')).toThrow(
      expect.objectContaining({ code: 'PROFILE_INVALID' }),
    );
  });
});
