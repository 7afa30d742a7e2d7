import { randomBytes } from 'node:crypto';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import type { PortSession, PortSessionEvent } from '../../../electron/engine/session/types.js';
import {
  BASIC_INSTANCE,
  closeServer,
  MUX_INSTANCE,
  openSession,
  sha256,
  startLocal,
  startTarget,
  transfer,
  waitFor,
} from './harness.js';

const MIB = 1024 * 1024;

describe('PortSession against the simulator', () => {
  let sim: Simulator | undefined;
  let session: PortSession | undefined;
  const servers: net.Server[] = [];
  afterEach(async () => {
    await session?.terminate();
    session = undefined;
    for (const s of servers.splice(0)) await closeServer(s);
    await sim?.close();
    sim = undefined;
  });

  async function setup(instance: string, target: { port: number; server: net.Server }, extra = {}) {
    servers.push(target.server);
    const opened = await openSession(sim!.endpoint, { target: instance, remotePort: target.port, ...extra });
    session = opened.session;
    const local = await startLocal(session);
    servers.push(local.server);
    return { local, events: opened.events };
  }

  /** Upload and download `size` random bytes at once on one connection; both must arrive exactly. */
  async function bothWays(instance: string, size: number, duringTransfer?: () => void) {
    const up = randomBytes(size);
    const down = randomBytes(size);
    const target = await startTarget('hash', { download: down, expectUpload: size });
    const { local, events } = await setup(instance, target);
    const got = transfer(local.port, up, { expectBytes: size });
    duringTransfer?.();
    const r = await got;
    expect(r.bytes).toBe(size);
    expect(r.hash).toBe(sha256(down));
    expect(await target.received[0]).toBe(sha256(up));
    return events;
  }

  it('mux mode: 64 MiB each way, byte-exact', async () => {
    sim = await startSimulator();
    await bothWays(MUX_INSTANCE, 64 * MIB);
    expect(session!.mode).toBe('mux');
  });

  it('basic mode: 64 MiB each way, byte-exact', async () => {
    sim = await startSimulator();
    await bothWays(BASIC_INSTANCE, 64 * MIB);
    expect(session!.mode).toBe('basic');
  });

  it('32 concurrent connections of 1 MiB each, byte-exact', async () => {
    sim = await startSimulator();
    const { local } = await setup(MUX_INSTANCE, await startTarget('echo'));
    const inputs = Array.from({ length: 32 }, () => randomBytes(MIB));
    const results = await Promise.all(inputs.map((b) => transfer(local.port, b, { expectBytes: MIB })));
    expect(results.map((r) => r.hash)).toEqual(inputs.map(sha256));
  });

  it('a refused target closes that one connection with a logged reason; others continue', async () => {
    sim = await startSimulator();
    const { local } = await setup(MUX_INSTANCE, await startTarget('echo'));
    const a = randomBytes(64 * 1024);
    const first = transfer(local.port, a, { expectBytes: a.length });
    expect((await first).hash).toBe(sha256(a));
    sim.setFaults({ refuseTarget: true });
    const refused = waitFor(session!, 'connection-error');
    const b = await transfer(local.port, Buffer.from('hello'));
    const ev = await refused;
    expect(ev.error.code).toBe('TARGET_REFUSED');
    expect(ev.error.message).toMatch(/could not connect/);
    expect(b.bytes).toBe(0); // closed without data
    sim.setFaults({ refuseTarget: false });
    const c = randomBytes(256 * 1024);
    expect((await transfer(local.port, c, { expectBytes: c.length })).hash).toBe(sha256(c));
  });

  it('works with AWS-StartPortForwardingSessionToRemoteHost', async () => {
    sim = await startSimulator();
    const { local } = await setup(MUX_INSTANCE, await startTarget('echo'), {
      documentName: 'AWS-StartPortForwardingSessionToRemoteHost',
      host: '127.0.0.1',
    });
    const d = randomBytes(MIB);
    expect((await transfer(local.port, d, { expectBytes: d.length })).hash).toBe(sha256(d));
  });

  it('16 MiB both directions stay byte-exact with 5% loss, duplication and reordering', async () => {
    // 'bulk' agent resends: the real agent's one-per-tick recovery (§15 pitfall 19) would take minutes.
    sim = await startSimulator({ agentResend: 'bulk', seed: 7 });
    sim.setFaults({ lossRatio: 0.05, duplicateRatio: 0.05, reorderRatio: 0.05 });
    await bothWays(MUX_INSTANCE, 16 * MIB);
    expect(sim.sessions()[0]!.agentResends).toBeGreaterThan(0);
  });

  it('resumes after the data channels are dropped mid-transfer, bytes exact', async () => {
    sim = await startSimulator();
    const seen: PortSessionEvent['type'][] = [];
    let dropped = false;
    const events = await bothWays(MUX_INSTANCE, 16 * MIB, () => {
      const s = session!;
      s.onEvent((e) => {
        seen.push(e.type);
        if (e.type === 'disconnected') void s.resume();
      });
      const off = setInterval(() => {
        if (s.stats().bytesIn > 4 * MIB && !dropped) {
          dropped = sim!.dropDataChannels() > 0;
          clearInterval(off);
        }
      }, 5);
    });
    expect(dropped).toBe(true);
    expect(seen).toEqual(expect.arrayContaining(['disconnected', 'resumed']));
    expect(events.some((e) => e.type === 'closed')).toBe(false);
  });
});
