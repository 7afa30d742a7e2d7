/**
 * Team catalogs through the engine's contract, end to end over real parts: the embedded simulator's
 * Parameter Store (GetParametersByPath over HTTP, the real AWS SDK), a real 127.0.0.1 HTTP server for
 * URL catalogs, the real profile store and tunnel registry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../shared/contract/api.js';
import type { EngineUpdate } from '../../../shared/contract/events.js';
import type { Result } from '../../../shared/contract/result.js';
import type { Profile } from '../../../shared/model/profile.js';
import { createEngine, type Engine } from '../../../electron/engine/api/engine.js';
import { FakeClock } from '../../fakes/fakeClock.js';

let engine: Engine;
let dir: string;
let http: Server;
let httpBody = '';
let httpStatus = 200;
let baseUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-catalogs-int-'));
  engine = await createEngine({ dataDir: dir, env: { HOME: dir }, backend: 'simulator' });
  http = createServer((_req, res) => {
    res.writeHead(httpStatus, { 'content-type': 'application/yaml' });
    res.end(httpBody);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await engine?.close();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const call = async <T>(method: string, input: unknown): Promise<T> =>
  value<T>(await engine.call(method, input));
const profiles = () => call<Profile[]>('profiles.list', {});

const param = (name: string, remotePort: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name,
    kind: 'database',
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort,
    ...extra,
  });

describe('Parameter Store catalog (simulator, real SDK)', () => {
  let catalog: Catalog;

  it('appears: every parameter under the path becomes a read-only profile, announced on the event stream', async () => {
    const sim = engine.simulator!;
    sim.setParameter('/team/bastionless/orders', param('orders DB', 5432));
    sim.setParameter(
      '/team/bastionless/web/admin',
      'name: admin UI\nkind: web\ntarget: { kind: instance, instanceId: i-0123456789abcdef0 }\nremotePort: 8080\n',
    );
    sim.setParameter('/team/other/x', param('not in this catalog', 1));
    const updates: EngineUpdate[] = [];
    const off = engine.subscribe('engine.update', (u) => updates.push(u));

    catalog = await call<Catalog>('catalogs.add', {
      name: 'Platform team',
      source: { kind: 'parameter-store', path: '/team/bastionless', region: 'us-east-1' },
      refreshMinutes: 15,
    });
    off();
    expect(catalog).toMatchObject({ name: 'Platform team', profileCount: 2, conflicts: [] });
    expect(catalog.lastError).toBeUndefined();
    const listed = (await profiles()).filter((p) => p.source === `catalog:${catalog.id}`);
    expect(listed.map((p) => p.name).sort()).toEqual(['admin UI', 'orders DB']);
    const last = updates.at(-1);
    expect(last?.kind).toBe('profiles');
    expect(last?.kind === 'profiles' ? last.profiles.map((p) => p.name).sort() : []).toEqual([
      'admin UI',
      'orders DB',
    ]);
    expect((await call<Catalog[]>('catalogs.list', {})).map((c) => c.id)).toEqual([catalog.id]);
    // The request really went to GetParametersByPath.
    expect(
      engine.simulator!.requestLog().some((e) => JSON.stringify(e).includes('GetParametersByPath')),
    ).toBe(true);
  });

  it('refreshes on demand: a changed parameter updates the profile, same id', async () => {
    const before = (await profiles()).find((p) => p.name === 'orders DB')!;
    engine.simulator!.setParameter('/team/bastionless/orders', param('orders DB', 6432));
    const c = await call<Catalog>('catalogs.refresh', { catalogId: catalog.id });
    expect(c.lastError).toBeUndefined();
    const after = (await profiles()).find((p) => p.name === 'orders DB')!;
    expect(after.id).toBe(before.id);
    expect(after.remotePort).toBe(6432);
  });

  it('respects access denied: lastError names ssm:GetParametersByPath and the path; old profiles kept', async () => {
    engine.simulator!.injectApiError('GetParametersByPath', {
      code: 'AccessDeniedException',
      message: 'User is not authorized to perform: ssm:GetParametersByPath',
    });
    engine.simulator!.setParameter('/team/bastionless/orders', param('orders DB', 7777));
    const c = await call<Catalog>('catalogs.refresh', { catalogId: catalog.id });
    expect(c.lastError?.code).toBe('ACCESS_DENIED');
    expect(c.lastError?.message).toContain('ssm:GetParametersByPath');
    expect(c.lastError?.message).toContain('/team/bastionless');
    expect(c.profileCount).toBe(2);
    expect((await profiles()).find((p) => p.name === 'orders DB')?.remotePort).toBe(6432);
    // Listed with the error until a refresh succeeds.
    expect((await call<Catalog[]>('catalogs.list', {}))[0]?.lastError?.code).toBe('ACCESS_DENIED');
    const ok = await call<Catalog>('catalogs.refresh', { catalogId: catalog.id });
    expect(ok.lastError).toBeUndefined();
    expect((await profiles()).find((p) => p.name === 'orders DB')?.remotePort).toBe(7777);
  });

  it('is read-only: save and delete are refused with a clear error', async () => {
    const p = (await profiles()).find((x) => x.name === 'orders DB')!;
    const saved = await engine.call('profiles.save', { ...p, remotePort: 1 });
    expect(saved).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_ARGUMENT',
        detail: { readOnly: true },
        hint: expect.stringContaining('Copy') as string,
      },
    });
    expect(saved.ok ? '' : saved.error.message).toContain('read-only');
    expect(await engine.call('profiles.delete', { profileId: p.id })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect((await profiles()).find((x) => x.id === p.id)?.remotePort).toBe(7777);
  });

  it('shows a clash with a personal profile and copies a catalog profile into personal profiles', async () => {
    await call<Profile>('profiles.save', {
      name: 'Admin UI',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 80,
    });
    const [c] = await call<Catalog[]>('catalogs.list', {});
    expect(c?.conflicts).toEqual(['admin UI']);
    const source = (await profiles()).find((p) => p.name === 'orders DB')!;
    const copy = await call<Profile>('catalogs.copy', { profileId: source.id });
    expect(copy).toMatchObject({ name: 'orders DB', source: 'personal', remotePort: 7777 });
    expect(copy.id).not.toBe(source.id);
    // The copy is editable; the catalog profile is untouched.
    await call<Profile>('profiles.save', { ...copy, remotePort: 15 });
    const all = await profiles();
    expect(all.filter((p) => p.name === 'orders DB').map((p) => [p.source, p.remotePort])).toEqual([
      ['personal', 15],
      [`catalog:${catalog.id}`, 7777],
    ]);
  });

  it('starts a catalog profile as a tunnel, and removing the catalog stops it', async () => {
    const p = (await profiles()).find((x) => x.name === 'admin UI')!;
    const t = await call<{ status: string }>('tunnels.start', { profileId: p.id });
    expect(t.status).toBe('listening');
    expect(engine.registry.get(p.id)?.status).toBe('listening');
    // Its auto port is remembered for next time, as for personal profiles.
    const port = engine.registry.get(p.id)?.localPort;
    expect((await profiles()).find((x) => x.id === p.id)?.bind.rememberedPort).toBe(port);
    await call('catalogs.remove', { catalogId: catalog.id });
    expect(engine.registry.get(p.id)).toBeUndefined();
    expect((await profiles()).some((x) => x.source.startsWith('catalog:'))).toBe(false);
    expect(await call<Catalog[]>('catalogs.list', {})).toEqual([]);
  });
});

describe('URL catalog (127.0.0.1 HTTP server)', () => {
  it('reads a YAML document, keeps it when the server fails, and picks up changes', async () => {
    httpBody = [
      'version: 1',
      'profiles:',
      '  - name: metrics',
      '    target: { kind: tag, key: Role, value: metrics }',
      '    remotePort: 9090',
      '',
    ].join('\n');
    const c = await call<Catalog>('catalogs.add', {
      name: 'Wiki',
      source: { kind: 'url', url: `${baseUrl}/team.yaml` },
      refreshMinutes: 60,
    });
    expect(c).toMatchObject({ profileCount: 1 });
    expect((await profiles()).find((p) => p.source === `catalog:${c.id}`)?.remotePort).toBe(9090);

    httpStatus = 503;
    const failed = await call<Catalog>('catalogs.refresh', { catalogId: c.id });
    expect(failed.lastError).toMatchObject({ code: 'CATALOG_ERROR', retryable: true });
    expect(failed.lastError?.message).toContain('HTTP 503');
    expect(failed.profileCount).toBe(1);

    httpStatus = 200;
    httpBody = httpBody.replace('9090', '9091');
    const ok = await call<Catalog>('catalogs.refresh', { catalogId: c.id });
    expect(ok.lastError).toBeUndefined();
    expect((await profiles()).find((p) => p.source === `catalog:${c.id}`)?.remotePort).toBe(9091);
    await call('catalogs.remove', { catalogId: c.id });
  });
});

describe('scheduled refresh through the engine (injected clock)', () => {
  it('refreshes every refreshMinutes and announces the new profiles on the event stream', async () => {
    const clock = new FakeClock();
    const home = mkdtempSync(join(tmpdir(), 'bl-catalogs-clock-'));
    const e = await createEngine({ dataDir: home, env: { HOME: home }, backend: 'simulator', clock });
    try {
      e.simulator!.setParameter('/team/sched/db', param('sched DB', 5432));
      const added = await e.call('catalogs.add', {
        name: 'Scheduled',
        source: { kind: 'parameter-store', path: '/team/sched' },
        refreshMinutes: 5,
      });
      expect(added).toMatchObject({ ok: true, value: { profileCount: 1 } });
      e.simulator!.setParameter('/team/sched/db', param('sched DB', 6000));
      const updated = new Promise<number | undefined>((resolve) => {
        const off = e.subscribe('engine.update', (u) => {
          if (u.kind !== 'profiles') return;
          off();
          resolve(u.profiles.find((p) => p.name === 'sched DB')?.remotePort);
        });
      });
      clock.advance(5 * 60_000 - 1);
      const list = await e.call('profiles.list', {});
      expect(list.ok && (list.value as Profile[])[0]?.remotePort).toBe(5432); // not due yet
      clock.advance(1);
      await expect(updated).resolves.toBe(6000);
    } finally {
      await e.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
