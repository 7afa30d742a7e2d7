/**
 * "1,000 start/stop cycles leave no open handles (count sockets and timers)": listener-only cycles
 * (on-demand, no session) and cycles with a real session over the simulator (eager: StartSession,
 * handshake, TerminateSession).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsContext } from '../../../electron/engine/aws/clientFactory.js';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import {
  awsContext,
  closeServer,
  echoOnce,
  echoServer,
  registryFor,
  tunnelProfile,
  waitForSnapshot,
} from './rig.js';
import type net from 'node:net';

/** Sockets, servers and timers this process holds, by kind. */
function handles(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of process.getActiveResourcesInfo())
    if (k === 'TCPSocketWrap' || k === 'TCPServerWrap' || k === 'Timeout') out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** Closed handles disappear on a later loop turn: wait until the counts settle (bounded). */
async function settledHandles(expected: Record<string, number>): Promise<Record<string, number>> {
  const settled = (h: Record<string, number>): boolean =>
    Object.entries(h).every(([k, n]) => n <= (expected[k] ?? 0));
  let h = handles();
  for (let i = 0; i < 200 && !settled(h); i++) {
    await new Promise<void>((r) => setImmediate(r));
    h = handles();
  }
  return h;
}

let sim: Simulator;
let ctx: AwsContext;
let target: { port: number; server: net.Server };

beforeAll(async () => {
  sim = await startSimulator();
  ctx = awsContext(sim);
  target = await echoServer();
});
afterAll(async () => {
  ctx.destroy();
  await closeServer(target.server);
  await sim.close();
});

describe('start/stop leaves nothing behind', () => {
  it('1,000 listener cycles', async () => {
    const registry = registryFor(ctx);
    const before = handles();
    const t0 = performance.now();
    for (let i = 0; i < 1000; i++) {
      const snap = await registry.start(tunnelProfile(target.port));
      expect(snap.status).toBe('listening');
      await registry.stop('it');
    }
    await registry.close();
    const after = await settledHandles(before);
    console.log(
      `[tunnel] 1000 listener start/stop cycles in ${(performance.now() - t0).toFixed(0)} ms; handles before ${JSON.stringify(before)} after ${JSON.stringify(after)}`,
    );
    for (const kind of ['TCPServerWrap', 'TCPSocketWrap', 'Timeout'])
      expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
  }, 120_000);

  it('cycles with a real session (start, traffic, TerminateSession, stop)', async () => {
    const registry = registryFor(ctx);
    // Warm the SDK's keep-alive pool first so its sockets are in "before".
    await registry.start(tunnelProfile(target.port));
    await registry.probe('it', 3_000);
    await registry.stop('it');
    const before = await settledHandles(handles());
    const cycles = Number(process.env['BASTIONLESS_SESSION_CYCLES'] ?? 1000);
    const t0 = performance.now();
    for (let i = 0; i < cycles; i++) {
      const snap = await registry.start(tunnelProfile(target.port, { startMode: 'eager' }));
      await waitForSnapshot(registry, 'it', (s) => s.status === 'open');
      const msg = Buffer.from(`cycle ${i}`);
      expect((await echoOnce(snap.localPort!, msg)).equals(msg)).toBe(true);
      await registry.stop('it');
    }
    await registry.close();
    const ended = sim.sessions().filter((s) => s.status === 'Terminated').length;
    const after = await settledHandles(before);
    console.log(
      `[tunnel] ${cycles} session cycles in ${(performance.now() - t0).toFixed(0)} ms; handles before ${JSON.stringify(before)} after ${JSON.stringify(after)}`,
    );
    expect(ended).toBeGreaterThanOrEqual(cycles);
    // The SDK's HTTP agent may keep at most its pooled keep-alive sockets; nothing else may grow.
    expect(after['TCPServerWrap'] ?? 0).toBe(before['TCPServerWrap'] ?? 0);
    expect(after['Timeout'] ?? 0).toBeLessThanOrEqual(before['Timeout'] ?? 0);
    expect(after['TCPSocketWrap'] ?? 0).toBeLessThanOrEqual((before['TCPSocketWrap'] ?? 0) + 2);
  }, 600_000);
});
