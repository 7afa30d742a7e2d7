/** Each fault knob, with a test that shows its effect on a real session. */
import { randomBytes } from 'node:crypto';
import { ResumeSessionCommand, StartSessionCommand } from '@aws-sdk/client-ssm';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type FaultConfig, type Simulator } from '../../../electron/simulator/simulator.js';
import { ssmClient, startEcho, type EchoServer } from './helpers.js';
import { RawClient } from './rawClient.js';
import { sendStream, smux } from './rawSmux.js';

let sim: Simulator;
let echo: EchoServer;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await sim.close();
  await echo.close();
});

async function open(faults: Partial<FaultConfig> = {}, extra: { agentResend?: 'oldest' | 'bulk' } = {}) {
  sim = await startSimulator({ faults, seed: 7, ...extra });
  echo = await startEcho();
  const out = await ssmClient(sim.endpoint).send(
    new StartSessionCommand({
      Target: 'i-0123456789abcdef0',
      DocumentName: 'AWS-StartPortForwardingSession',
      Parameters: { portNumber: [String(echo.port)] },
    }),
  );
  const c = new RawClient();
  clients.push(c);
  await c.connect(out.StreamUrl!, out.TokenValue!);
  await c.waitFor(() => c.handshakeComplete, 'handshake', 30_000);
  return { c, sessionId: out.SessionId! };
}

async function echoRoundTrip(c: RawClient, bytes: number, timeoutMs = 30_000): Promise<void> {
  const payload = randomBytes(bytes);
  const frames = [smux.syn(3)];
  for (let i = 0; i < payload.length; i += 20_000) frames.push(smux.psh(3, payload.subarray(i, i + 20_000)));
  sendStream(c, Buffer.concat(frames));
  await c.waitFor(() => smux.streamData(c.output, 3).length >= payload.length, 'echo', timeoutMs);
  expect(smux.streamData(c.output, 3).equals(payload)).toBe(true);
}

function outputs(c: RawClient) {
  return c.received.filter((m) => m.type === 'output_stream_data');
}

describe('simulator fault knobs', () => {
  it('lossRatio: frames vanish, the agent retransmits, the stream stays byte-exact', async () => {
    const { c } = await open({ lossRatio: 0.1 });
    await echoRoundTrip(c, 30_000);
    const seqs = new Set(outputs(c).map((m) => m.seq));
    expect(seqs.size).toBe(Math.max(...seqs) + 1); // no gap left
    expect(sim.sessions()[0]!.agentResends).toBeGreaterThan(0);
  });

  it('sessions() reports what the agent sent and the client has not acknowledged (agentUnacked)', async () => {
    const { c } = await open({});
    c.acking = false;
    const payload = randomBytes(8_000);
    sendStream(c, Buffer.concat([smux.syn(3), smux.psh(3, payload)]));
    await c.waitFor(() => smux.streamData(c.output, 3).length >= payload.length, 'echo', 30_000);
    // ≥ 8 output messages of ≤ 1 KiB carried the echo; none was acknowledged
    expect(sim.sessions()[0]!.agentUnacked).toBeGreaterThanOrEqual(8);
    c.acking = true; // the agent's resends are now acknowledged: nothing is owed any more
    await expect.poll(() => sim.sessions()[0]!.agentUnacked, { timeout: 30_000, interval: 20 }).toBe(0);
  });

  it('duplicateRatio: the client sees duplicates; the agent re-acks duplicated input', async () => {
    const { c } = await open({ duplicateRatio: 0.3 });
    await echoRoundTrip(c, 20_000);
    expect(c.duplicatesSeen).toBeGreaterThan(0);
  });

  it('reorderRatio: frames arrive out of order and are put back in order', async () => {
    const { c } = await open({ reorderRatio: 0.3 });
    await echoRoundTrip(c, 40_000);
    const seqs = outputs(c).map((m) => m.seq);
    expect(seqs.some((s, i) => i > 0 && s < seqs[i - 1]!)).toBe(true);
  });

  it('corruptDigestRatio: bad digests are dropped by the client and resent by the agent', async () => {
    const { c } = await open({ corruptDigestRatio: 0.2 });
    await echoRoundTrip(c, 20_000);
    expect(c.badDigests).toBeGreaterThan(0);
  });

  it('latencyMs: an ack takes at least two one-way latencies', async () => {
    const { c } = await open({ latencyMs: 60 });
    const t0 = performance.now();
    const seq = c.sendInput(3, Buffer.from('{"cols":80,"rows":24}'));
    await new Promise<void>((r) => c.on('ack', (s: number) => s === seq && r()));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
  });

  it('ackDelayMs: the agent acks input late', async () => {
    const { c } = await open({ ackDelayMs: 150 });
    const t0 = performance.now();
    const seq = c.sendInput(3, Buffer.from('{"cols":80,"rows":24}'));
    await new Promise<void>((r) => c.on('ack', (s: number) => s === seq && r()));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(145);
  });

  it('pacing agent: 1 ms per 1024-byte chunk bounds the agent→client rate', async () => {
    const { c } = await open({ pacing: 'agent' }, { agentResend: 'bulk' });
    const t0 = performance.now();
    await echoRoundTrip(c, 150_000);
    // ≥ 150 chunks × 1 ms (timers are ≥ 1 ms each).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
    expect(Math.max(...outputs(c).map((m) => m.payload.length))).toBe(1024);
  });

  it('dropEverySeconds: the gateway closes the client socket with 1000 "Bye"; the session stays resumable', async () => {
    const { c, sessionId } = await open({ dropEverySeconds: 0.3 });
    await c.waitFor(() => c.closeInfo !== undefined, 'drop', 5_000);
    expect(c.closeInfo).toEqual({ code: 1000, reason: 'Bye' });
    sim.setFaults({ dropEverySeconds: undefined });
    const r = await ssmClient(sim.endpoint).send(new ResumeSessionCommand({ SessionId: sessionId }));
    expect(r.TokenValue).toBeDefined();
  });

  it('restartAgent: sessions get channel_closed and fail, the node is offline for a while, then starts sessions again', async () => {
    const { c, sessionId } = await open();
    const ssm = ssmClient(sim.endpoint);
    const start = () =>
      ssm.send(
        new StartSessionCommand({
          Target: 'i-0123456789abcdef0',
          DocumentName: 'AWS-StartPortForwardingSession',
          Parameters: { portNumber: [String(echo.port)] },
        }),
      );
    expect(sim.restartAgent('i-0123456789abcdef0', { downMs: 400 })).toBe(1);
    await c.waitFor(() => c.channelClosed !== undefined, 'agent-restart channel_closed', 5_000);
    expect(String(c.channelClosed!['Output'])).toContain('Agent on the target restarted');
    expect(sim.sessions().find((x) => x.sessionId === sessionId)!.status).toBe('Failed');
    expect(sim.instances().find((i) => i.instanceId === 'i-0123456789abcdef0')!.pingStatus).toBe(
      'ConnectionLost',
    );
    await expect(start()).rejects.toMatchObject({ name: 'TargetNotConnected' });
    await expect(ssm.send(new ResumeSessionCommand({ SessionId: sessionId }))).rejects.toBeDefined();
    const t0 = performance.now();
    for (;;) {
      const r = await start().catch(() => undefined);
      if (r !== undefined) {
        expect(r.SessionId).not.toBe(sessionId);
        break;
      }
      expect(performance.now() - t0).toBeLessThan(5_000);
      await new Promise((res) => setTimeout(res, 50));
    }
    expect(() => sim.restartAgent('i-doesnotexist')).toThrow(/unknown instance/);
  });

  it('idleTimeoutSeconds: an idle session gets channel_closed and cannot be resumed', async () => {
    const { c, sessionId } = await open({ idleTimeoutSeconds: 0.4 });
    const t0 = performance.now();
    await c.waitFor(() => c.channelClosed !== undefined, 'idle channel_closed', 5_000);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(300);
    expect(String(c.channelClosed!['Output'])).toContain('inactivity');
    await expect(
      ssmClient(sim.endpoint).send(new ResumeSessionCommand({ SessionId: sessionId })),
    ).rejects.toMatchObject({ name: 'DoesNotExistException' });
  });

  it('maxSessionSeconds: an active session still ends at the maximum duration', async () => {
    const { c } = await open({ maxSessionSeconds: 0.5 });
    sendStream(c, smux.syn(3));
    await c.waitFor(() => c.channelClosed !== undefined, 'max-duration channel_closed', 5_000);
    expect(String(c.channelClosed!['Output'])).toContain('maximum duration');
    expect(sim.sessions()[0]!.status).toBe('Terminated');
  });

  it('pausePublication: pause_publication holds agent output until cleared, then start_publication', async () => {
    const { c } = await open();
    sendStream(c, smux.syn(3));
    await c.waitFor(() => c.unackedCount === 0, 'SYN acked');
    sim.setFaults({ pausePublication: true });
    await c.waitFor(() => c.control.some((m) => m.type === 'pause_publication'), 'pause_publication');
    for (const s of echo.sockets) s.write('held');
    sendStream(c, smux.psh(3, Buffer.from('-x')));
    await c.waitFor(() => c.unackedCount === 0, 'input acked while paused');
    expect(smux.streamData(c.output, 3).length).toBe(0);
    sim.setFaults({ pausePublication: false });
    await c.waitFor(() => smux.streamData(c.output, 3).toString() === 'held-x', 'output released');
    expect(c.control.map((m) => m.type)).toEqual([
      'start_publication',
      'pause_publication',
      'start_publication',
    ]);
  });
});
