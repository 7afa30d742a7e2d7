import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { engineError, type EngineErrorCode } from '../../../../../shared/contract/errors.js';
import { Profile } from '../../../../../shared/model/profile.js';
import type { TunnelSnapshot, TunnelStatus } from '../../../../../shared/model/tunnel.js';
import { failure } from '../../../../../electron/engine/aws/engineFailure.js';
import { nullLogger } from '../../../../../electron/engine/ports/logger.js';
import type { SystemEvents } from '../../../../../electron/engine/ports/systemEvents.js';
import type { PortSession } from '../../../../../electron/engine/session/types.js';
import { TunnelRegistry } from '../../../../../electron/engine/tunnel/tunnelRegistry.js';
import { FakeClock, SeededRandom } from '../../../../fakes/fakeClock.js';
import { FakePortSession } from '../../../../fakes/fakePortSession.js';

/** A FakeClock whose wall clock can jump (the machine slept: timers fire late by wall time). */
class SleepyClock extends FakeClock {
  offset = 0;
  override now(): number {
    return super.now() + this.offset;
  }
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
};

function profile(extra: Record<string, unknown> = {}): Profile {
  return Profile.parse({
    id: 'p1',
    name: 'orders db',
    target: { kind: 'instance', instanceId: 'i-0123456789abcdef0' },
    remotePort: 5432,
    ...extra,
  });
}

interface Rig {
  clock: SleepyClock;
  registry: TunnelRegistry;
  sessions: FakePortSession[];
  statuses: TunnelStatus[];
  updates: TunnelSnapshot[];
  /** Results the factory hands out in order; when empty it creates a new healthy session. */
  script: (EngineErrorCode | 'ok')[];
  factoryCalls: number;
  wake: () => void;
  sockets: net.Socket[];
}

let rig: Rig | undefined;

function makeRig(): Rig {
  const clock = new SleepyClock();
  const wakeListeners = new Set<() => void>();
  const systemEvents: SystemEvents = {
    onWake: (l) => {
      wakeListeners.add(l);
      return () => wakeListeners.delete(l);
    },
    onNetworkChange: () => () => {},
  };
  const r: Rig = {
    clock,
    sessions: [],
    statuses: [],
    updates: [],
    script: [],
    factoryCalls: 0,
    sockets: [],
    wake: () => {
      for (const l of [...wakeListeners]) l();
    },
    registry: undefined as unknown as TunnelRegistry,
  };
  r.registry = new TunnelRegistry({
    clock,
    random: new SeededRandom(7),
    logger: nullLogger,
    systemEvents,
    sessionFactory: (): Promise<PortSession> => {
      r.factoryCalls++;
      const next = r.script.shift() ?? 'ok';
      if (next !== 'ok') return Promise.reject(failure(next, `scripted ${next}`));
      const s = new FakePortSession();
      r.sessions.push(s);
      return Promise.resolve(s);
    },
  });
  r.registry.onUpdate((s) => {
    r.updates.push(s);
    if (r.statuses.at(-1) !== s.status) r.statuses.push(s.status);
  });
  rig = r;
  return r;
}

async function connect(r: Rig, port: number): Promise<net.Socket> {
  const c = net.connect(port, '127.0.0.1');
  c.on('error', () => {});
  r.sockets.push(c);
  await new Promise<void>((res) => c.once('connect', () => res()));
  await flush();
  return c;
}

function status(r: Rig): TunnelStatus | undefined {
  return r.registry.get('p1')?.status;
}

afterEach(async () => {
  for (const s of rig?.sockets ?? []) s.destroy();
  await rig?.registry.close();
  rig = undefined;
});

describe('Tunnel supervisor (FakePortSession, FakeClock)', () => {
  it('binds in listening, holds the first connection until the on-demand session is open', async () => {
    const r = makeRig();
    const snap = await r.registry.start(profile());
    expect(snap.status).toBe('listening');
    expect(snap.localAddress).toBe('127.0.0.1');
    expect(r.factoryCalls).toBe(0);
    await connect(r, snap.localPort!);
    expect(r.factoryCalls).toBe(1);
    expect(status(r)).toBe('open');
    expect(r.sessions[0]!.attached).toHaveLength(1);
    expect(r.statuses).toEqual(['listening', 'connecting', 'open']);
    // A second connection goes straight to the open session.
    await connect(r, snap.localPort!);
    expect(r.factoryCalls).toBe(1);
    expect(r.sessions[0]!.attached).toHaveLength(2);
  });

  it('eager profiles start a session without a connection', async () => {
    const r = makeRig();
    await r.registry.start(profile({ startMode: 'eager' }));
    await flush();
    expect(status(r)).toBe('open');
    expect(r.registry.get('p1')?.sessionId).toBe(r.sessions[0]!.sessionId);
  });

  it('a dropped WebSocket resumes the same session and counts a reconnect', async () => {
    const r = makeRig();
    const snap = await r.registry.start(profile());
    await connect(r, snap.localPort!);
    const s = r.sessions[0]!;
    s.emit({ type: 'disconnected', error: engineError('DATA_CHANNEL_LOST', 'close 1000 Bye') });
    await flush();
    expect(s.resumeCalls).toBe(1);
    expect(status(r)).toBe('open');
    expect(r.registry.get('p1')?.health.reconnects).toBe(1);
    expect(r.registry.get('p1')?.sessionId).toBe(s.sessionId);
    expect(r.statuses).toEqual(['listening', 'connecting', 'open', 'reconnecting', 'open']);
    expect(r.registry.tunnel('p1')?.resumeTimes).toHaveLength(1);
  });

  it('a retryable resume failure backs off and retries; a non-resumable session is replaced on the next connection', async () => {
    const r = makeRig();
    const snap = await r.registry.start(profile());
    await connect(r, snap.localPort!);
    const s = r.sessions[0]!;
    s.resumeResult = engineError('NETWORK_ERROR', 'offline');
    s.emit({ type: 'disconnected', error: engineError('DATA_CHANNEL_LOST', 'gone') });
    await flush();
    expect(s.resumeCalls).toBe(1);
    expect(status(r)).toBe('reconnecting');
    r.clock.advance(1_000); // first backoff is at most 500 ms
    await flush();
    expect(s.resumeCalls).toBe(2);
    s.resumeResult = engineError('SESSION_NOT_RESUMABLE', 'gone for good', { retryable: false });
    r.clock.advance(2_000);
    await flush();
    expect(s.terminated).toBe(1);
    expect(status(r)).toBe('listening');
    // The listener is still bound: the next connection gets a brand-new session.
    await connect(r, snap.localPort!);
    expect(r.sessions).toHaveLength(2);
    expect(status(r)).toBe('open');
  });

  it('a session ended by the service (idle timeout) goes back to listening; the next connection starts a new one', async () => {
    const r = makeRig();
    const snap = await r.registry.start(profile());
    await connect(r, snap.localPort!);
    r.sessions[0]!.emit({
      type: 'closed',
      error: engineError('SESSION_ENDED_BY_SERVICE', 'idle timeout'),
      reason: 'idle timeout',
    });
    await flush();
    expect(status(r)).toBe('listening');
    expect(r.registry.get('p1')?.lastError?.code).toBe('SESSION_ENDED_BY_SERVICE');
    await connect(r, snap.localPort!);
    expect(r.sessions).toHaveLength(2);
    expect(status(r)).toBe('open');
  });

  it('rejected credentials: needs-login, the held connection waits, credentialsRefreshed recovers it', async () => {
    const r = makeRig();
    r.script.push('CREDENTIALS_EXPIRED', 'CREDENTIALS_EXPIRED');
    const snap = await r.registry.start(profile());
    const c = await connect(r, snap.localPort!);
    expect(status(r)).toBe('needs-login');
    expect(r.registry.get('p1')?.lastError?.needsLogin).toBe(true);
    expect(r.registry.get('p1')?.health.activeConnections).toBe(1);
    // The periodic check (≤ 5 s) still fails: stays in needs-login, connection still held.
    r.clock.advance(5_000);
    await flush();
    expect(r.factoryCalls).toBe(2);
    expect(status(r)).toBe('needs-login');
    expect(c.destroyed).toBe(false);
    r.registry.credentialsRefreshed();
    await flush();
    expect(r.factoryCalls).toBe(3);
    expect(status(r)).toBe('open');
    expect(r.sessions[0]!.attached).toHaveLength(1);
  });

  it('fatal configuration errors go to failed, close held connections, keep the listener', async () => {
    const r = makeRig();
    r.script.push('ACCESS_DENIED');
    const snap = await r.registry.start(profile());
    const c = await connect(r, snap.localPort!);
    await new Promise<void>((res) => (c.destroyed ? res() : c.once('close', () => res())));
    expect(status(r)).toBe('failed');
    expect(r.registry.get('p1')?.lastError?.code).toBe('ACCESS_DENIED');
    r.clock.advance(120_000);
    expect(r.factoryCalls).toBe(1); // no retry loop on a config error
    // Still bound: a new connection tries again (the user may have fixed the policy).
    await connect(r, snap.localPort!);
    expect(r.factoryCalls).toBe(2);
    expect(status(r)).toBe('open');
  });

  it('TARGET_NOT_CONNECTED retries with backoff', async () => {
    const r = makeRig();
    r.script.push('TARGET_NOT_CONNECTED', 'TARGET_NOT_CONNECTED');
    const snap = await r.registry.start(profile());
    await connect(r, snap.localPort!);
    expect(status(r)).toBe('connecting');
    expect(r.factoryCalls).toBe(1);
    // The published snapshot says when the next attempt comes (the UI shows "retrying in …").
    const waiting = r.registry.get('p1')!;
    expect(waiting.nextRetryAt).toBeGreaterThan(r.clock.now());
    expect(waiting.nextRetryAt).toBeLessThanOrEqual(r.clock.now() + 500);
    expect(r.updates.at(-1)?.nextRetryAt).toBe(waiting.nextRetryAt);
    r.clock.advance(500);
    await flush();
    expect(r.factoryCalls).toBe(2);
    r.clock.advance(1_000);
    await flush();
    expect(r.factoryCalls).toBe(3);
    expect(status(r)).toBe('open');
    expect(r.registry.get('p1')!.nextRetryAt).toBeUndefined();
  });

  it('wake from sleep (timer drift) and the wake signal retry at once instead of waiting out the backoff', async () => {
    const r = makeRig();
    r.script.push(...Array<EngineErrorCode>(8).fill('TARGET_NOT_CONNECTED'));
    const snap = await r.registry.start(profile());
    await connect(r, snap.localPort!);
    // Let the backoff grow past 8 s.
    for (let i = 0; i < 5; i++) {
      r.clock.advance(20_000);
      await flush();
    }
    const calls = r.factoryCalls;
    expect(calls).toBe(6);
    // The machine sleeps a minute: the next tick arrives 60 s late by the wall clock.
    r.clock.offset += 60_000;
    r.clock.advance(1_000);
    await flush();
    expect(r.factoryCalls).toBe(calls + 1);
    // Explicit wake signal (Electron powerMonitor) does the same.
    r.wake();
    await flush();
    expect(r.factoryCalls).toBe(calls + 2);
  });

  it('closes an idle session after idleCloseSeconds and restarts on the next connection', async () => {
    const r = makeRig();
    const snap = await r.registry.start(profile({ idleCloseSeconds: 10 }));
    const c = await connect(r, snap.localPort!);
    c.destroy();
    await flush();
    r.clock.advance(11_000);
    await flush();
    expect(r.sessions[0]!.terminated).toBe(1);
    expect(status(r)).toBe('listening');
    await connect(r, snap.localPort!);
    expect(r.sessions).toHaveLength(2);
    expect(status(r)).toBe('open');
  });

  it('probe reports the session probe; a dead target is not ok', async () => {
    const r = makeRig();
    await r.registry.start(profile());
    const ok = await r.registry.probe('p1');
    expect(ok).toEqual({ ok: true, latencyMs: 3 });
    r.sessions[0]!.probeResult = { ok: false, error: engineError('TARGET_REFUSED', 'refused') };
    const dead = await r.registry.probe('p1');
    expect(dead.ok).toBe(false);
    expect(dead.error?.code).toBe('TARGET_REFUSED');
  });

  it('stop terminates the session, closes the listener and leaves no timers', async () => {
    const r = makeRig();
    const snap = await r.registry.start(profile({ startMode: 'eager' }));
    await flush();
    expect(r.clock.pendingTimers).toBeGreaterThan(0);
    await r.registry.stop('p1');
    expect(r.sessions[0]!.terminated).toBe(1);
    expect(r.clock.pendingTimers).toBe(0);
    expect(r.registry.list()).toEqual([]);
    await expect(
      new Promise((res, rej) => {
        const c = net.connect(snap.localPort!, '127.0.0.1');
        c.once('connect', () => {
          c.destroy();
          res('connected');
        });
        c.once('error', rej);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('PORT_IN_USE with a clear message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', res));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = makeRig();
      await expect(r.registry.start(profile({ bind: { address: '127.0.0.1', port } }))).rejects.toMatchObject(
        {
          code: 'PORT_IN_USE',
          message: expect.stringContaining(String(port)) as unknown,
        },
      );
      expect(r.registry.list()).toEqual([]);
    } finally {
      await new Promise<void>((res) => blocker.close(() => res()));
    }
  });

  it('publishes state changes at once and health at most once a second', async () => {
    const r = makeRig();
    const snap = await r.registry.start(profile());
    await connect(r, snap.localPort!);
    r.updates.length = 0;
    for (let i = 0; i < 5; i++) {
      r.clock.advance(200);
      await flush();
    }
    expect(r.updates.length).toBeLessThanOrEqual(1);
    r.sessions[0]!.emit({ type: 'disconnected', error: engineError('DATA_CHANNEL_LOST', 'x') });
    await flush();
    expect(r.updates.map((u) => u.status)).toContain('reconnecting');
  });
});

describe('time left', () => {
  it('reports when the max session duration ends the current session, once known', async () => {
    const r = makeRig();
    await r.registry.start(profile({ startMode: 'eager' }));
    await flush();
    expect(r.registry.get('p1')?.health.sessionExpiresAt).toBeUndefined();
    const openedAt = r.clock.now();
    r.clock.advance(5_000);
    r.registry.tunnel('p1')!.setMaxSessionMs(3_600_000);
    expect(r.registry.get('p1')?.health.sessionExpiresAt).toBe(openedAt + 3_600_000);
  });
});
