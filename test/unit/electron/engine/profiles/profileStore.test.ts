import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProfileStore, PROFILES_FILE } from '../../../../../electron/engine/profiles/profileStore.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'bl-profiles-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const db = (name: string, port = 0) => ({
  name,
  kind: 'database' as const,
  target: { kind: 'instance' as const, instanceId: 'i-0123456789abcdef0' },
  remotePort: 5432,
  bind: { address: '127.0.0.1', port },
});

describe('ProfileStore', () => {
  it('round-trips profiles through the file, with mode 0600 and a schema version', () => {
    const dir = tmp();
    const a = new ProfileStore(dir);
    const saved = a.save(db('orders'));
    a.save({ ...db('billing', 15432), notes: 'read replica' });
    const file = join(dir, PROFILES_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; profiles: unknown[] };
    expect(doc.schemaVersion).toBe(1);
    const b = new ProfileStore(dir);
    expect(b.list().map((p) => p.name)).toEqual(['orders', 'billing']);
    expect(b.get(saved.id)).toEqual(saved);
    expect(b.byName('billing')?.notes).toBe('read replica');
  });

  it('migrates a schema-0 file (a bare array) and keeps its profiles', () => {
    const dir = tmp();
    writeFileSync(join(dir, PROFILES_FILE), JSON.stringify([{ id: 'x1', ...db('legacy') }]));
    const s = new ProfileStore(dir);
    expect(s.list().map((p) => p.name)).toEqual(['legacy']);
    s.save(db('new one'));
    expect(
      (JSON.parse(readFileSync(join(dir, PROFILES_FILE), 'utf8')) as { schemaVersion: number }).schemaVersion,
    ).toBe(1);
  });

  it('keeps a corrupt file as a backup, names the line and column, and starts empty', () => {
    const dir = tmp();
    const broken = '{\n  "schemaVersion": 1,\n  "profiles": [\n    { "name": "a", }\n  ]\n}\n';
    writeFileSync(join(dir, PROFILES_FILE), broken);
    const s = new ProfileStore(dir);
    expect(s.list()).toEqual([]);
    expect(s.loadIssues[0]?.line).toBe(4);
    expect(s.loadIssues[0]?.message).toMatch(/line 4, column \d+/);
    const backup = readdirSync(dir).find((f) => f.includes('.corrupt.'));
    expect(backup).toBeDefined();
    expect(readFileSync(join(dir, backup!), 'utf8')).toBe(broken);
    s.save(db('fresh'));
    expect(readFileSync(join(dir, backup!), 'utf8')).toBe(broken);
  });

  it('starts with the valid profiles of a partly invalid file and reports the others', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, PROFILES_FILE),
      JSON.stringify({
        schemaVersion: 1,
        profiles: [
          { id: 'ok', ...db('good') },
          { id: 'bad', ...db('bad'), remotePort: 99999 },
        ],
      }),
    );
    const s = new ProfileStore(dir);
    expect(s.list().map((p) => p.name)).toEqual(['good']);
    expect(s.loadIssues[0]?.message).toMatch(/bad.*remotePort/);
  });

  it('validates with clear messages: duplicates, port clashes, ids, ports', () => {
    const s = new ProfileStore(tmp());
    s.save(db('orders', 15432));
    expect(s.validate(db('Orders'))).toContainEqual({
      path: 'name',
      message: 'a profile named "Orders" already exists',
    });
    expect(s.validate(db('other', 15432))).toContainEqual({
      path: 'bind.port',
      message: '127.0.0.1:15432 is already used by "orders"',
    });
    expect(s.validate(db('auto', 0))).toEqual([]);
    expect(s.validate({ ...db('bad id'), target: { kind: 'instance', instanceId: 'web-1' } })[0]?.path).toBe(
      'target.instanceId',
    );
    expect(s.validate({ ...db('bad port'), remotePort: 70000 })).toContainEqual({
      path: 'remotePort',
      message: 'port must be 1–65535',
    });
    expect(() => s.save(db('orders'))).toThrow(/already exists/);
  });

  it('never leaves a torn file when the writer is killed mid-write', async () => {
    const dir = tmp();
    // The child rewrites the store in a loop (≈180 KB per write) and reports each completed save; the
    // test kills it after a random number of saves, i.e. somewhere inside a later write.
    const script = `
      const { ProfileStore } = await import(${JSON.stringify(new URL('../../../../../electron/engine/profiles/profileStore.ts', import.meta.url).href)});
      const s = new ProfileStore(${JSON.stringify(dir)});
      for (let i = 0; ; i++) {
        s.save({ name: 'p' + process.pid + '-' + i, target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' }, remotePort: 5432, notes: 'x'.repeat(9000) });
        const all = s.list();
        if (all.length > 20) s.delete(all[0].id);
        process.stdout.write('saved\\n');
      }
    `;
    new ProfileStore(dir).save(db('seed'));
    const writers = new Set<string>();
    for (let round = 0; round < 10; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise((r) => child.once('exit', r));
      const want = 1 + Math.floor(Math.random() * 30);
      let saves = 0;
      await new Promise<void>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          saves += d
            .toString()
            .split('\n')
            .filter((l) => l === 'saved').length;
          if (saves >= want) resolve();
        });
        void exited.then(() => resolve());
      });
      child.kill('SIGKILL');
      await exited;
      expect(saves).toBeGreaterThanOrEqual(want);
      const doc = JSON.parse(readFileSync(join(dir, PROFILES_FILE), 'utf8')) as {
        profiles: { name: string }[];
      };
      for (const p of doc.profiles) writers.add(p.name.split('-')[0]!);
      expect(new ProfileStore(dir).loadIssues).toEqual([]);
    }
    // Several different writer processes really wrote the file.
    expect(writers.size).toBeGreaterThan(2);
  }, 180_000);
});
