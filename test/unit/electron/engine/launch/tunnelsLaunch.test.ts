import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../../../../electron/engine/api/engine.js';
import { WRITE_ARGV_SCRIPT } from '../../../../fixtures/recorders.js';

let engine: Engine;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bl-launch-engine-'));
  engine = await createEngine({ dataDir: dir, env: { HOME: dir } });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function save(input: object): Promise<string> {
  const r = await engine.call('profiles.save', {
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: 9,
    ...input,
  });
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { id: string }).id;
}

describe('tunnels.launch / tunnels.connectionString (engine with its simulator)', () => {
  it('starts a stopped tunnel and runs the command launcher with its address', async () => {
    const out = join(dir, 'argv.json');
    const id = await save({
      name: 'cmd',
      launcher: {
        kind: 'command',
        argv: [process.execPath, '-e', WRITE_ARGV_SCRIPT, out, '{host}:{port}'],
      },
    });
    const r = await engine.call('tunnels.launch', { profileId: id });
    expect(r).toEqual({ ok: true, value: null });
    const listed = await engine.call('tunnels.list', {});
    const port = listed.ok
      ? (listed.value as { profileId: string; localPort?: number }[]).find((t) => t.profileId === id)
          ?.localPort
      : undefined;
    expect(port).toBeGreaterThan(0);
    // The launched client runs detached; wait for what it writes.
    await vi.waitFor(() => expect(existsSync(out)).toBe(true), { timeout: 10_000, interval: 25 });
    await vi.waitFor(() => expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual([`127.0.0.1:${port}`]), {
      timeout: 5_000,
      interval: 25,
    });
  });

  it('connectionString uses the launcher template; a profile without launcher fails to launch', async () => {
    const id = await save({
      name: 'db',
      kind: 'database',
      launcher: { kind: 'database', template: 'postgres://{user}@{host}:{port}/orders', user: 'app' },
    });
    expect(await engine.call('tunnels.connectionString', { profileId: id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const started = await engine.call('tunnels.start', { profileId: id });
    const port = started.ok ? (started.value as { localPort: number }).localPort : 0;
    expect(await engine.call('tunnels.connectionString', { profileId: id })).toEqual({
      ok: true,
      value: { text: `postgres://app@127.0.0.1:${port}/orders` },
    });
    const plain = await save({ name: 'plain' });
    expect(await engine.call('tunnels.launch', { profileId: plain })).toMatchObject({
      ok: false,
      error: { code: 'LAUNCH_FAILED' },
    });
  });
});
