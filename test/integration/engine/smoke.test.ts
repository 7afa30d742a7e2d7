import { afterEach, describe, expect, it } from 'vitest';
import type net from 'node:net';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import type { PortSession } from '../../../electron/engine/session/types.js';
import {
  closeServer,
  MUX_INSTANCE,
  openSession,
  sha256,
  startLocal,
  startTarget,
  transfer,
} from './harness.js';

describe('smoke', () => {
  let sim: Simulator | undefined;
  let session: PortSession | undefined;
  const servers: net.Server[] = [];
  afterEach(async () => {
    await session?.terminate();
    for (const s of servers.splice(0)) await closeServer(s);
    await sim?.close();
  });

  it('echoes 1 MiB in mux mode', async () => {
    sim = await startSimulator();
    const target = await startTarget('echo');
    servers.push(target.server);
    const opened = await openSession(sim.endpoint, { target: MUX_INSTANCE, remotePort: target.port });
    session = opened.session;
    expect(session.mode).toBe('mux');
    const local = await startLocal(session);
    servers.push(local.server);
    const data = Buffer.alloc(1024 * 1024, 3);
    const t0 = performance.now();
    const r = await transfer(local.port, data, { expectBytes: data.length });
    console.log('1 MiB echo ms', performance.now() - t0);
    expect(r.hash).toBe(sha256(data));
  });
});
