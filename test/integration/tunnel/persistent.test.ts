/**
 * "Persistent tunnels", must-show list: the supervisor over the real engine and the simulator's
 * fault knobs (drops, idle timeout, max duration, rejected credentials, dead targets).
 */
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../electron/engine/ports/logger.js';
import type { AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import type { TunnelRegistry } from '../../../electron/engine/tunnel/tunnelRegistry.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import {
  awsContext,
  closeServer,
  echoOnce,
  echoServer,
  percentile,
  registryFor,
  tunnelProfile,
  waitForSnapshot,
} from './rig.js';

let sim: Simulator | undefined;
let ctx: AwsContext | undefined;
let registry: TunnelRegistry | undefined;
const servers: net.Server[] = [];

afterEach(async () => {
  await registry?.close();
  registry = undefined;
  ctx?.destroy();
  ctx = undefined;
  for (const s of servers.splice(0)) await closeServer(s);
  await sim?.close();
  sim = undefined;
});

async function setup(
  simOpts: Parameters<typeof startSimulator>[0] = {},
): Promise<{ target: number; reg: TunnelRegistry }> {
  sim = await startSimulator(simOpts);
  ctx = awsContext(sim);
  registry = registryFor(ctx);
  const echo = await echoServer();
  servers.push(echo.server);
  return { target: echo.port, reg: registry };
}

const dbgLogger = (tag: string): Logger => ({
  log: (level, message, fields) => {
    if (level !== 'debug' || process.env['H7_DEBUG'] === '2')
      console.log(
        `${tag} ${Math.round(performance.now())} ${level} ${message} ${JSON.stringify(fields ?? {})}`,
      );
  },
  child: () => dbgLogger(tag),
});

const TRANSFER_MIB = Number(process.env['BASTIONLESS_TUNNEL_MIB'] ?? 256);

describe('persistent tunnel over the simulator', () => {
  it(`${TRANSFER_MIB} MiB stays byte-exact while the data channel drops every 2 s`, async () => {
    const simDrops = { n: 0 };
    const simLog = dbgLogger('sim');
    sim = await startSimulator({
      agentResend: 'bulk',
      logger: {
        log: (level, message, fields) => {
          if (message === 'dropped client data channels') simDrops.n++;
          if (process.env['H7_DEBUG']) simLog.log(level, message, fields);
        },
        child: function () {
          return this;
        },
      },
    });
    ctx = awsContext(sim);
    registry = registryFor(ctx, process.env['H7_DEBUG'] ? dbgLogger('eng') : undefined);
    const reg = registry;
    // Target: sends TRANSFER_MIB of pseudo-random bytes, hashes what it receives.
    const size = TRANSFER_MIB * 1024 * 1024;
    const block = randomBytes(1024 * 1024);
    const sent = createHash('sha256');
    for (let i = 0; i < TRANSFER_MIB; i++) sent.update(block);
    const expected = sent.digest('hex');
    const target = net.createServer((s) => {
      s.on('error', () => {});
      let i = 0;
      const pump = (): void => {
        while (i < TRANSFER_MIB) {
          i++;
          if (!s.write(block)) {
            s.once('drain', pump);
            return;
          }
        }
        s.end();
      };
      pump();
    });
    servers.push(target);
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const snap = await reg.start(tunnelProfile((target.address() as net.AddressInfo).port));
    sim.setFaults({ dropEverySeconds: 2 });
    const t0 = performance.now();
    const dropsAt: number[] = [];
    const sessionIds: string[] = [];
    reg.onUpdate((u) => {
      if (u.status === 'reconnecting') dropsAt.push(Math.round(performance.now() - t0));
      if (u.sessionId !== undefined && !sessionIds.includes(u.sessionId)) sessionIds.push(u.sessionId);
    });
    const got = await new Promise<{ hash: string; bytes: number }>((resolve, reject) => {
      const c = net.connect(snap.localPort!, '127.0.0.1');
      const h = createHash('sha256');
      let n = 0;
      let forced = false;
      c.on('data', (d: Buffer) => {
        h.update(d);
        n += d.length;
        // One drop in mid-transfer whatever the speed (a fast box may finish within a few seconds).
        if (!forced && n >= size / 4) {
          forced = true;
          sim!.dropDataChannels();
        }
      });
      c.on('end', () => resolve({ hash: h.digest('hex'), bytes: n }));
      c.on('error', reject);
    });
    const ms = performance.now() - t0;
    const firstSession = sessionIds[0];
    const tunnel = reg.tunnel('it')!;
    const after = reg.get('it')!;
    const times = tunnel.resumeTimes;
    console.log(
      `[tunnel] ${TRANSFER_MIB} MiB in ${(ms / 1000).toFixed(1)} s (${(size / 1048576 / (ms / 1000)).toFixed(1)} MiB/s), ` +
        `reconnects ${after.health.reconnects}, resumes ${times.length}, resume p50 ${percentile(times, 50).toFixed(0)} ms, ` +
        `max ${Math.max(...times).toFixed(0)} ms; simulator drops ${simDrops.n}; drops seen by the tunnel at ${dropsAt.join(', ')} ms`,
    );
    expect(got.bytes).toBe(size);
    expect(got.hash).toBe(expected);
    // Drops really happened at the cadence asked for (the gateway's send buffer is bounded, so a
    // close reaches the client at once; allow for timer lateness on a loaded machine) and each was
    // resumed: one session id throughout, never a new session.
    const cadence = Math.floor(ms / 2000);
    expect(simDrops.n).toBeGreaterThanOrEqual(Math.max(1, Math.floor(cadence * 0.6)));
    expect(after.health.reconnects).toBeGreaterThanOrEqual(Math.max(1, simDrops.n - 1));
    expect(times.length).toBeGreaterThanOrEqual(simDrops.n - 1);
    expect(after.sessionId).toBe(firstSession);
    expect(after.sessionId).toBeDefined();
    expect(after.status).toBe('open');
  }, 1_200_000);

  it('a 64 MiB upload stays byte-exact while the data channel drops every 2 s', async () => {
    sim = await startSimulator();
    ctx = awsContext(sim);
    registry = registryFor(ctx);
    const reg = registry;
    const MIB = 64;
    const block = randomBytes(1024 * 1024);
    const sent = createHash('sha256');
    for (let i = 0; i < MIB; i++) sent.update(block);
    const expected = sent.digest('hex');
    // Target: hashes what it receives and answers with the digest once it has it all (smux v1 has
    // no half-close: a FIN closes the stream both ways, so the client must not end first).
    const total = MIB * 1024 * 1024;
    const target = net.createServer((s) => {
      const h = createHash('sha256');
      let n = 0;
      s.on('data', (d: Buffer) => {
        h.update(d);
        const before = n;
        n += d.length;
        // One drop in mid-transfer whatever the speed, on top of the 2 s cadence.
        if (before < total / 4 && n >= total / 4) sim!.dropDataChannels();
        if (n >= total) s.end(`${n} ${h.digest('hex')}`);
      });
      s.on('error', () => {});
    });
    servers.push(target);
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    const snap = await reg.start(tunnelProfile((target.address() as net.AddressInfo).port));
    const t0 = performance.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const c = net.connect(snap.localPort!, '127.0.0.1');
      let reply = '';
      c.on('connect', () => {
        sim!.setFaults({ dropEverySeconds: 2 });
        let i = 0;
        const pump = (): void => {
          while (i < MIB) {
            i++;
            if (!c.write(block)) {
              c.once('drain', pump);
              return;
            }
          }
        };
        pump();
      });
      c.on('data', (d: Buffer) => (reply += d.toString()));
      c.on('end', () => resolve(reply));
      c.on('error', reject);
    });
    const ms = performance.now() - t0;
    const after = reg.get('it')!;
    console.log(
      `[tunnel] ${MIB} MiB upload in ${(ms / 1000).toFixed(1)} s (${(MIB / (ms / 1000)).toFixed(1)} MiB/s), reconnects ${after.health.reconnects}`,
    );
    expect(answer).toBe(`${MIB * 1024 * 1024} ${expected}`);
    expect(after.health.reconnects).toBeGreaterThanOrEqual(Math.max(1, Math.floor(ms / 2000) - 2));
  }, 300_000);

  it('after the idle timeout ends the session, the next local connection works without user action', async () => {
    const { target, reg } = await setup();
    sim!.setFaults({ idleTimeoutSeconds: 1 });
    const snap = await reg.start(tunnelProfile(target));
    const payload = Buffer.from('first session');
    expect((await echoOnce(snap.localPort!, payload)).equals(payload)).toBe(true);
    const first = reg.get('it')!.sessionId;
    const ended = await waitForSnapshot(
      reg,
      'it',
      (s) => s.status === 'listening' && s.sessionId === undefined,
    );
    expect(ended.lastError?.code).toBe('SESSION_ENDED_BY_SERVICE');
    sim!.setFaults({ idleTimeoutSeconds: undefined });
    const again = Buffer.from('second session');
    expect((await echoOnce(snap.localPort!, again)).equals(again)).toBe(true);
    const now = reg.get('it')!;
    expect(now.status).toBe('open');
    expect(now.sessionId).not.toBe(first);
    expect(now.localPort).toBe(snap.localPort);
  }, 60_000);

  it('after the max session duration the same: a new session under the same listener', async () => {
    const { target, reg } = await setup();
    sim!.setFaults({ maxSessionSeconds: 2 });
    const snap = await reg.start(tunnelProfile(target));
    const payload = Buffer.from('before max duration');
    expect((await echoOnce(snap.localPort!, payload)).equals(payload)).toBe(true);
    const first = reg.get('it')!.sessionId;
    await waitForSnapshot(reg, 'it', (s) => s.sessionId === undefined);
    sim!.setFaults({ maxSessionSeconds: undefined });
    const again = Buffer.from('after max duration');
    expect((await echoOnce(snap.localPort!, again)).equals(again)).toBe(true);
    expect(reg.get('it')!.sessionId).not.toBe(first);
  }, 60_000);

  it('after an agent restart: the tunnel waits out the offline node, then a new session serves the same port', async () => {
    const { target, reg } = await setup();
    const snap = await reg.start(tunnelProfile(target));
    const before = Buffer.from('before the agent restart');
    expect((await echoOnce(snap.localPort!, before)).equals(before)).toBe(true);
    const first = reg.get('it')!.sessionId;
    expect(sim!.restartAgent('i-0123456789abcdef0', { downMs: 1_500 })).toBe(1);
    const ended = await waitForSnapshot(reg, 'it', (s) => s.sessionId === undefined);
    expect(ended.lastError?.code).toBe('SESSION_ENDED_BY_SERVICE');
    // A connection made while the node is still offline is held, then served by the new session.
    const t0 = performance.now();
    const after = Buffer.from('after the agent restart');
    expect((await echoOnce(snap.localPort!, after)).equals(after)).toBe(true);
    const waited = performance.now() - t0;
    console.log(`[tunnel] agent restart: connection served after ${waited.toFixed(0)} ms`);
    const now = reg.get('it')!;
    expect(now.status).toBe('open');
    expect(now.sessionId).toBeDefined();
    expect(now.sessionId).not.toBe(first);
    expect(now.localPort).toBe(snap.localPort);
  }, 60_000);

  it('rejected credentials: needs-login within 2 s, recovers (same session, connection alive) when accepted again', async () => {
    const { target, reg } = await setup();
    const snap = await reg.start(tunnelProfile(target));
    const c = net.connect(snap.localPort!, '127.0.0.1');
    const received: Buffer[] = [];
    c.on('data', (d: Buffer) => received.push(d));
    await new Promise<void>((r) => c.once('connect', () => r()));
    await waitForSnapshot(reg, 'it', (s) => s.status === 'open');
    const sessionId = reg.get('it')!.sessionId;
    sim!.setFaults({ rejectCredentials: 'expired' });
    const t0 = performance.now();
    sim!.dropDataChannels();
    const nl = await waitForSnapshot(reg, 'it', (s) => s.status === 'needs-login');
    const toNeedsLogin = performance.now() - t0;
    console.log(`[tunnel] needs-login after ${toNeedsLogin.toFixed(0)} ms`);
    expect(toNeedsLogin).toBeLessThan(2_000);
    expect(nl.lastError?.needsLogin).toBe(true);
    sim!.setFaults({ rejectCredentials: undefined });
    const t1 = performance.now();
    await waitForSnapshot(reg, 'it', (s) => s.status === 'open');
    console.log(
      `[tunnel] recovered ${(performance.now() - t1).toFixed(0)} ms after credentials were accepted again`,
    );
    expect(reg.get('it')!.sessionId).toBe(sessionId);
    // The connection opened before the outage still works.
    c.write('still here');
    await new Promise<void>((r) => {
      const check = (): void => {
        if (Buffer.concat(received).toString() === 'still here') r();
        else c.once('data', check);
      };
      check();
    });
    c.destroy();
  }, 60_000);

  it('the probe tells a live target from a dead one', async () => {
    const { target, reg } = await setup();
    await reg.start(tunnelProfile(target));
    const live = await reg.probe('it', 3_000);
    expect(live.ok).toBe(true);
    expect(live.latencyMs).toBeGreaterThanOrEqual(0);
    // Nothing listens on the target port any more.
    await closeServer(servers.pop());
    const dead = await reg.probe('it', 3_000);
    expect(dead.ok).toBe(false);
    expect(dead.error).toBeDefined();
    console.log(`[tunnel] probe live ${live.latencyMs?.toFixed(1)} ms; dead → ${dead.error?.code}`);
  }, 60_000);
});
