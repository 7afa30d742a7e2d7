/**
 * One contract suite, two transports: the in-memory IPC-like transport and the real browser-mode
 * WebSocket server, each over its own engine on the embedded simulator. Both must give the same
 * results and the same error codes for the same calls.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineUpdate } from '../../shared/contract/events.js';
import type { Result } from '../../shared/contract/result.js';
import { createEngine, type Engine } from '../../electron/engine/api/engine.js';
import { ipcLikeTransport, webSocketTransport, type ContractTransport } from './transports.js';

/** Only the shape that must agree across transports: ok, or the error code. */
const outcome = (r: Result<unknown>): string => (r.ok ? 'ok' : r.error.code);

const transports: [string, (e: Engine) => Promise<ContractTransport>][] = [
  ['ipc-like', (e) => Promise.resolve(ipcLikeTransport(e))],
  ['websocket', (e) => webSocketTransport(e)],
];

const outcomes: Record<string, string[]> = {};

describe.each(transports)('engine contract over %s', (name, make) => {
  let engine: Engine;
  let t: ContractTransport;
  let dir: string;
  let echo: Server;
  let echoPort = 0;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bl-contract-'));
    engine = await createEngine({ dataDir: dir, env: { HOME: dir } });
    t = await make(engine);
    echo = createServer((s) => s.pipe(s));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    echoPort = (echo.address() as { port: number }).port;
  });
  afterAll(async () => {
    await t.close();
    await engine.close();
    await new Promise<void>((r) => echo.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a fixed script with the same outcomes', async () => {
    const script: [string, unknown][] = [
      ['engine.info', {}],
      ['no.such.method', {}],
      ['engine.info', { extra: 1 }],
      ['tunnels.start', { profileId: 7 }],
      ['tunnels.start', { profileId: 'missing' }],
      ['profiles.save', { name: '' }],
      ['settings.get', {}],
      ['settings.set', { theme: 'neon' }],
      ['prompts.answer', { promptId: 'nope', value: '123456' }],
      ['history.list', {}],
      ['tunnels.list', {}],
    ];
    const got: string[] = [];
    for (const [m, input] of script) got.push(`${m}:${outcome(await t.call(m, input))}`);
    outcomes[name] = got;
    expect(got).toEqual([
      'engine.info:ok',
      'no.such.method:INVALID_ARGUMENT',
      'engine.info:INVALID_ARGUMENT',
      'tunnels.start:INVALID_ARGUMENT',
      'tunnels.start:PROFILE_NOT_FOUND',
      'profiles.save:PROFILE_INVALID',
      'settings.get:ok',
      'settings.set:INVALID_ARGUMENT',
      'prompts.answer:NOT_FOUND',
      'history.list:ok',
      'tunnels.list:ok',
    ]);
  });

  it('puts the zod issue paths in the error detail', async () => {
    const r = await t.call('tunnels.start', { profileId: 7 });
    expect(r.ok).toBe(false);
    const detail = r.ok ? undefined : (r.error.detail as Record<string, unknown> | undefined);
    expect(r.ok ? '' : r.error.code).toBe('INVALID_ARGUMENT');
    expect(typeof detail?.['profileId']).toBe('string');
  });

  it('reports the simulator backend and platform defaults', async () => {
    expect(await t.call('engine.info', {})).toMatchObject({ ok: true, value: { backend: 'simulator' } });
    const s = await t.call('settings.get', {});
    expect(s).toMatchObject({ ok: true, value: { startAtLogin: false, theme: 'system' } });
    expect(await t.call('settings.set', { theme: 'dark' })).toMatchObject({
      ok: true,
      value: { theme: 'dark' },
    });
    expect(await t.call('settings.get', {})).toMatchObject({ ok: true, value: { theme: 'dark' } });
  });

  it('suggests a port that is free on the address', async () => {
    const r = await t.call('ports.suggest', { address: '127.0.0.1' });
    expect(r.ok).toBe(true);
    const port = r.ok ? (r.value as { port: number }).port : 0;
    expect(port).toBeGreaterThan(0);
    const s = createServer();
    await new Promise<void>((res, rej) => {
      s.once('error', rej);
      s.listen(port, '127.0.0.1', res);
    });
    await new Promise<void>((res) => s.close(() => res()));
  });

  it('saves a profile, starts its tunnel and streams snapshot → listening → open', async () => {
    const seen: EngineUpdate[] = [];
    let wake: () => void = () => {};
    const off = t.subscribe('engine.update', (u) => {
      seen.push(u);
      wake();
    });
    const until = (pred: () => boolean): Promise<void> =>
      new Promise((resolve) => {
        const check = (): void => {
          if (pred()) resolve();
        };
        wake = check;
        check();
      });
    await until(() => seen.length > 0);
    expect(seen[0]?.kind).toBe('snapshot');

    const saved = await t.call('profiles.save', {
      name: `web-${name}`,
      target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
      remotePort: echoPort,
    });
    expect(saved.ok).toBe(true);
    const id = saved.ok ? (saved.value as { id: string }).id : '';
    await until(() => seen.some((u) => u.kind === 'profiles' && u.profiles.some((p) => p.id === id)));

    const started = await t.call('tunnels.start', { profileId: id });
    expect(started).toMatchObject({ ok: true, value: { status: 'listening', profileId: id } });
    const localPort = started.ok ? (started.value as { localPort: number }).localPort : 0;
    await until(() => seen.some((u) => u.kind === 'tunnel' && u.tunnel.status === 'listening'));

    // A first client connection opens the session; bytes come back through the simulator's agent.
    const sock = connect(localPort, '127.0.0.1');
    const echoed = new Promise<string>((resolve) => {
      let acc = '';
      sock.on('data', (d: Buffer) => {
        acc += d.toString();
        if (acc.length >= 5) resolve(acc);
      });
    });
    sock.write('hello');
    expect(await echoed).toBe('hello');
    await until(() =>
      seen.some((u) => u.kind === 'tunnel' && u.tunnel.profileId === id && u.tunnel.status === 'open'),
    );
    sock.destroy();

    const cs = await t.call('tunnels.connectionString', { profileId: id });
    expect(cs).toEqual({ ok: true, value: { text: `127.0.0.1:${localPort}` } });
    expect(await t.call('tunnels.stop', { profileId: id })).toEqual({ ok: true, value: null });
    await until(() =>
      seen.some((u) => u.kind === 'tunnel' && u.tunnel.profileId === id && u.tunnel.status === 'stopped'),
    );
    off();
  });
});

describe('both transports', () => {
  it('gave identical outcomes for the same script', () => {
    expect(outcomes['ipc-like']).toBeDefined();
    expect(outcomes['ipc-like']).toEqual(outcomes['websocket']);
  });
});
