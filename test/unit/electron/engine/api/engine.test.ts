import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineUpdate } from '../../../../../shared/contract/events.js';
import { createEngine, type Engine } from '../../../../../electron/engine/api/engine.js';

let engine: Engine;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-engine-'));
  // An empty environment with a HOME that has no ~/.aws: the engine must choose its simulator.
  engine = await createEngine({ dataDir: dir, env: { HOME: dir } });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('engine (contract dispatch)', () => {
  it('falls back to the embedded simulator when no AWS credentials exist', async () => {
    expect(engine.backend).toBe('simulator');
    const r = await engine.call('engine.info', {});
    expect(r).toMatchObject({ ok: true, value: { backend: 'simulator', awsConfigFound: false } });
  });

  it('rejects unknown methods and invalid input as data, without throwing', async () => {
    await expect(engine.call('tunnels.explode', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    await expect(engine.call('profiles.save', { name: '' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PROFILE_INVALID' },
    });
    await expect(engine.call('tunnels.start', { profileId: 42 })).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    await expect(engine.call('tunnels.start', { profileId: 'nope' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'PROFILE_NOT_FOUND' },
    });
  });

  it('sends a snapshot first, then deltas', async () => {
    const seen: EngineUpdate[] = [];
    const off = engine.subscribe('engine.update', (u) => seen.push(u));
    expect(seen[0]?.kind).toBe('snapshot');
    const saved = await engine.call('profiles.save', {
      name: 'demo',
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: 9,
    });
    expect(saved.ok).toBe(true);
    expect(seen.at(-1)).toMatchObject({ kind: 'profiles', profiles: [{ name: 'demo' }] });
    const id = saved.ok ? (saved.value as { id: string }).id : '';
    const started = await engine.call('tunnels.start', { profileId: id });
    expect(started).toMatchObject({ ok: true, value: { status: 'listening' } });
    expect(seen.some((u) => u.kind === 'tunnel' && u.tunnel.status === 'listening')).toBe(true);
    await engine.call('tunnels.stopAll', {});
    off();
  });

  it('lists the simulator’s managed nodes through the real SDK', async () => {
    const r = await engine.call('targets.list', {});
    expect(r.ok && (r.value as { instanceId: string }[]).map((n) => n.instanceId)).toContain(
      'i-0123456789abcdef0',
    );
  });
});
