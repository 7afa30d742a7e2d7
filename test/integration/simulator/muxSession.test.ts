import { randomBytes } from 'node:crypto';
import { StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../../electron/simulator/simulator.js';
import { ssmClient, startEcho, type EchoServer } from './helpers.js';
import { RawClient } from './rawClient.js';
import { sendStream, smux } from './rawSmux.js';

describe('simulator mux port session (raw client)', () => {
  let sim: Simulator;
  let echo: EchoServer;
  const clients: RawClient[] = [];
  beforeEach(async () => {
    sim = await startSimulator();
    echo = await startEcho();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.close();
    await echo.close();
  });

  async function open(
    target = 'i-0123456789abcdef0',
  ): Promise<{ c: RawClient; sessionId: string; streamUrl: string }> {
    const out = await ssmClient(sim.endpoint).send(
      new StartSessionCommand({
        Target: target,
        DocumentName: 'AWS-StartPortForwardingSession',
        Parameters: { portNumber: [String(echo.port)], localPortNumber: ['0'] },
      }),
    );
    const c = new RawClient();
    clients.push(c);
    await c.connect(out.StreamUrl!, out.TokenValue!);
    await c.waitFor(() => c.handshakeComplete, 'handshake');
    return { c, sessionId: out.SessionId!, streamUrl: out.StreamUrl! };
  }

  it('handshakes like the agent and echoes 200 KB byte-exact over one smux stream', async () => {
    const { c } = await open();
    const req = c.handshakeRequest as {
      AgentVersion: string;
      RequestedClientActions: {
        ActionParameters: { SessionType: string; Properties: Record<string, string> };
      }[];
    };
    expect(req.AgentVersion).toBe('3.3.1142.0');
    expect(req.RequestedClientActions[0]!.ActionParameters).toEqual({
      SessionType: 'Port',
      Properties: { portNumber: String(echo.port), localPortNumber: '0', type: 'LocalPortForwarding' },
    });
    const first = c.received.find((m) => m.type === 'output_stream_data' && m.seq === 0)!;
    expect(first.flags).toBe(1n);
    expect(first.payloadType).toBe(5);
    const payload = randomBytes(200_000);
    sendStream(c, Buffer.concat([smux.syn(3), ...chunks(payload, 30_000).map((p) => smux.psh(3, p))]));
    await c.waitFor(() => smux.streamData(c.output, 3).length >= payload.length, 'echo');
    expect(smux.streamData(c.output, 3).equals(payload)).toBe(true);
    const outputs = c.received.filter((m) => m.type === 'output_stream_data' && m.payloadType === 1);
    expect(Math.max(...outputs.map((m) => m.payload.length))).toBeLessThanOrEqual(1024);
    sendStream(c, smux.fin(3));
    await echo.idle();
    expect(echo.connections).toBe(1);
  });

  it('keeps concurrent streams and concurrent sessions apart', async () => {
    const a = await open();
    const b = await open();
    const data = new Map([3, 5, 7].map((id) => [id, randomBytes(40_000)]));
    const frames: Buffer[] = [...data.keys()].map((id) => smux.syn(id));
    for (let off = 0; off < 40_000; off += 5_000)
      for (const [id, d] of data) frames.push(smux.psh(id, d.subarray(off, off + 5_000)));
    for (const { c } of [a, b]) sendStream(c, Buffer.concat(frames));
    for (const { c } of [a, b])
      await c.waitFor(
        () => [...data.keys()].every((id) => smux.streamData(c.output, id).length >= 40_000),
        'three echoes',
      );
    for (const { c } of [a, b])
      for (const [id, d] of data) expect(smux.streamData(c.output, id).equals(d)).toBe(true);
    expect(echo.connections).toBe(6);
    expect(sim.sessions().map((s) => s.status)).toEqual(['Connected', 'Connected']);
  });
});

function chunks(b: Buffer, n: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += n) out.push(b.subarray(i, i + n));
  return out;
}
