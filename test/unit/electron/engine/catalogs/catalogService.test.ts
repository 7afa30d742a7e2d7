import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogService } from '../../../../../electron/engine/catalogs/catalogService.js';
import { CATALOGS_FILE } from '../../../../../electron/engine/catalogs/catalogFile.js';
import { ProfileStore } from '../../../../../electron/engine/profiles/profileStore.js';
import { FakeClock } from '../../../../fakes/fakeClock.js';

const dirs: string[] = [];
const services: CatalogService[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'bl-catalogs-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const s of services.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const doc = (...names: [string, number][]) =>
  JSON.stringify({
    version: 1,
    profiles: names.map(([name, remotePort]) => ({
      name,
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort,
    })),
  });

function setup(opts: { schedule?: boolean; dir?: string; clock?: FakeClock } = {}) {
  const dir = opts.dir ?? tmp();
  const clock = opts.clock ?? new FakeClock();
  const personal = new ProfileStore(dir);
  let n = 0;
  const service = new CatalogService({
    dataDir: dir,
    clock,
    schedule: opts.schedule ?? true,
    personal: () => personal.list(),
    sources: {
      ssmFor: () => {
        throw new Error('no SSM in this test');
      },
    },
    newId: () => `cat${++n}`,
  });
  services.push(service);
  return { dir, clock, personal, service };
}

/** Resolves on the service's next change (a refresh finished and was persisted). */
const nextChange = (s: CatalogService) =>
  new Promise<void>((resolve) => {
    const off = s.onChange(() => {
      off();
      resolve();
    });
  });

describe('CatalogService', () => {
  it('adds a file catalog: profiles appear read-only, persisted 0600 with the cached content', async () => {
    const { dir, service, personal } = setup();
    const file = join(dir, 'team.json');
    writeFileSync(file, doc(['orders DB', 5432], ['admin', 8080]));
    const c = await service.add({ name: 'Team', source: { kind: 'file', path: file }, refreshMinutes: 30 });
    expect(c).toMatchObject({ id: 'cat1', name: 'Team', profileCount: 2, conflicts: [] });
    expect(c.lastError).toBeUndefined();
    expect(c.lastRefreshedAt).toBe(1_700_000_000_000);
    expect(service.profiles().map((p) => [p.name, p.source])).toEqual([
      ['orders DB', 'catalog:cat1'],
      ['admin', 'catalog:cat1'],
    ]);
    expect(statSync(join(dir, CATALOGS_FILE)).mode & 0o777).toBe(0o600);

    const id = service.profiles()[0]!.id;
    expect(() => service.assertWritable(id)).toThrow(/"orders DB" comes from the team catalog "Team"/);
    const mine = personal.save({
      name: 'mine',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 1,
    });
    expect(() => service.assertWritable(mine.id)).not.toThrow();
    expect(() => service.assertWritable(undefined)).not.toThrow();

    // Offline: the source disappears, a new service (app restart) still lists the cached profiles.
    unlinkSync(file);
    const again = setup({ dir, schedule: false }).service;
    expect(again.profiles().map((p) => p.name)).toEqual(['orders DB', 'admin']);
    expect(again.profile(id)?.remotePort).toBe(5432);
  });

  it('refreshes on schedule with the injected clock; a failure keeps the last good profiles', async () => {
    const { dir, clock, service } = setup();
    const file = join(dir, 'team.json');
    writeFileSync(file, doc(['orders DB', 5432]));
    await service.add({ name: 'Team', source: { kind: 'file', path: file }, refreshMinutes: 10 });
    writeFileSync(file, doc(['orders DB', 6543], ['new one', 22]));

    clock.advance(10 * 60_000 - 1);
    expect(service.profiles()[0]!.remotePort).toBe(5432); // not yet due
    let changed = nextChange(service);
    clock.advance(1);
    await changed;
    expect(service.profiles().map((p) => [p.name, p.remotePort])).toEqual([
      ['orders DB', 6543],
      ['new one', 22],
    ]);

    unlinkSync(file);
    changed = nextChange(service);
    clock.advance(10 * 60_000);
    await changed;
    const c = service.list()[0]!;
    expect(c.lastError?.code).toBe('CATALOG_ERROR');
    expect(c.lastError?.message).toContain(file);
    expect(c.profileCount).toBe(2);
    expect(c.lastRefreshedAt).toBe(1_700_000_000_000 + 10 * 60_000);

    // Recovery clears the error.
    writeFileSync(file, doc(['orders DB', 1111]));
    const r = await service.refresh(c.id);
    expect(r.lastError).toBeUndefined();
    expect(r.profileCount).toBe(1);
  });

  it('schedules from the last attempt after a restart, and close() leaves no timers', async () => {
    const { dir, clock, service } = setup();
    const file = join(dir, 'team.json');
    writeFileSync(file, doc(['a', 1]));
    await service.add({ name: 'Team', source: { kind: 'file', path: file }, refreshMinutes: 60 });
    service.close();
    expect(clock.pendingTimers).toBe(0);
    clock.advance(45 * 60_000);
    writeFileSync(file, doc(['b', 2]));
    const restarted = setup({ dir, clock }).service;
    expect(clock.pendingTimers).toBe(1);
    clock.advance(15 * 60_000 - 1);
    expect(restarted.profiles().map((p) => p.name)).toEqual(['a']);
    const changed = nextChange(restarted);
    clock.advance(1);
    await changed;
    expect(restarted.profiles().map((p) => p.name)).toEqual(['b']);
  });

  it('joins a refresh already in flight instead of fetching twice', async () => {
    const { dir, service } = setup({ schedule: false });
    const file = join(dir, 'team.json');
    writeFileSync(file, doc(['a', 1]));
    const c = await service.add({ name: 'Team', source: { kind: 'file', path: file }, refreshMinutes: 60 });
    const a = service.refresh(c.id);
    expect(service.refresh(c.id)).toBe(a);
    await a;
  });

  it('shows conflicts with personal profiles and copies a catalog profile into them', async () => {
    const { dir, service, personal } = setup({ schedule: false });
    personal.save({
      name: 'Orders DB',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 1,
      bind: { address: '127.0.0.1', port: 15432 },
    });
    const file = join(dir, 'team.yaml');
    writeFileSync(
      file,
      'profiles:\n  - name: orders db\n    target: { kind: instance, instanceId: i-0123456789abcdef0 }\n    remotePort: 5432\n    bind: { port: 15432 }\n',
    );
    const c = await service.add({ name: 'Team', source: { kind: 'file', path: file }, refreshMinutes: 60 });
    expect(c.conflicts).toEqual(['orders db']);
    expect(c.conflictDetails?.map((d) => d.kind)).toEqual(['name', 'port']);

    const copy = service.copy(service.profiles()[0]!.id, personal);
    expect(copy.source).toBe('personal');
    expect(copy.name).toBe('orders db (copy)');
    expect(copy.bind.port).toBe(0);
    expect(personal.get(copy.id)?.remotePort).toBe(5432);
    expect(() => service.copy('catalog:nope:1', personal)).toThrow(/no catalog profile/);
  });

  it('validates new catalogs and removes them with their profiles', async () => {
    const { dir, service } = setup({ schedule: false });
    await expect(
      service.add({ name: 'x', source: { kind: 'parameter-store', path: 'team' }, refreshMinutes: 5 }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const file = join(dir, 'team.json');
    writeFileSync(file, doc(['a', 1]));
    const c = await service.add({ name: 'Team', source: { kind: 'file', path: file }, refreshMinutes: 5 });
    await expect(
      service.add({ name: 'team', source: { kind: 'file', path: file }, refreshMinutes: 5 }),
    ).rejects.toThrow(/already exists/);
    service.remove(c.id);
    expect(service.list()).toEqual([]);
    expect(service.profiles()).toEqual([]);
    await expect(service.refresh(c.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('remembers the auto port of a catalog profile across refreshes and restarts', async () => {
    const { dir, service } = setup({ schedule: false });
    const file = join(dir, 'team.json');
    writeFileSync(file, doc(['a', 1], ['b', 2]));
    const c = await service.add({ name: 'Team', source: { kind: 'file', path: file }, refreshMinutes: 5 });
    const [a, b] = service.profiles();
    service.rememberPort(a!.id, 41234);
    service.rememberPort('catalog:nope:0', 1); // unknown: ignored
    await service.refresh(c.id);
    expect(service.profile(a!.id)?.bind.rememberedPort).toBe(41234);
    expect(service.profile(b!.id)?.bind.rememberedPort).toBeUndefined();
    const again = setup({ dir, schedule: false }).service;
    expect(again.profiles().find((p) => p.name === 'a')?.bind.rememberedPort).toBe(41234);
  });

  it('keeps a corrupt catalogs.json as a copy instead of losing it', () => {
    const dir = tmp();
    writeFileSync(join(dir, CATALOGS_FILE), '{ not json');
    const { service } = setup({ dir, schedule: false });
    expect(service.list()).toEqual([]);
    expect(service.loadIssues[0]).toMatch(/not valid JSON.*kept a copy/);
    const backups = readdirSync(dir).filter((f) => f.endsWith('.corrupt.json'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0]!), 'utf8')).toBe('{ not json');
  });
});
