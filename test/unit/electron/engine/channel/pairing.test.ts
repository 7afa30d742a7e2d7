import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Ether } from '../../../../fakes/ether.js';
import { FakeClock, SeededRandom } from '../../../../fakes/fakeClock.js';
import { TestAgent, TestClient, type AgentOptions } from './peers.js';

function pair(agentOpts: AgentOptions = {}, seed = 1) {
  const clock = new FakeClock();
  const random = new SeededRandom(seed);
  const ether = new Ether(clock, random);
  const client = new TestClient(clock, new SeededRandom(seed + 100), ether.a);
  const agent = new TestAgent(clock, new SeededRandom(seed + 200), ether.b, agentOpts);
  client.connect();
  agent.start();
  clock.advance(50);
  return { clock, ether, client, agent };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('handshake over the ether (§5)', () => {
  it('picks mux for a new agent, keeps keep-alive off, answers with ClientVersion 1.2.677.0', () => {
    const { client, agent } = pair();
    expect(client.result).toMatchObject({ mode: 'mux', agentVersion: '3.3.1142.0' });
    expect(client.result?.keepAlive).toEqual({ intervalMs: undefined, timeoutMs: undefined });
    expect(agent.handshakeResponse).toMatchObject({
      ClientVersion: '1.2.677.0',
      ProcessedClientActions: [{ ActionType: 'SessionType', ActionStatus: 1 }],
      Errors: null,
    });
  });

  it('picks basic mode for agent 3.0.196.0 (with smux-era keep-alive irrelevant)', () => {
    const { client } = pair({ agentVersion: '3.0.196.0' });
    expect(client.result?.mode).toBe('basic');
  });

  it('answers KMSEncryption as unsupported and unknown actions with status 3, and fails the start', () => {
    const { client, agent } = pair({
      extraActions: [
        { ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } },
        { ActionType: 'Teleport', ActionParameters: {} },
      ],
    });
    const actions = agent.handshakeResponse?.['ProcessedClientActions'] as {
      ActionType: string;
      ActionStatus: number;
    }[];
    expect(actions.map((a) => [a.ActionType, a.ActionStatus])).toEqual([
      ['SessionType', 1],
      ['KMSEncryption', 3],
      ['Teleport', 3],
    ]);
    expect(client.error?.code).toBe('PROTOCOL_HANDSHAKE_FAILED');
  });

  it('times out after 30 s without a HandshakeRequest', () => {
    const clock = new FakeClock();
    const ether = new Ether(clock, new SeededRandom(3));
    const client = new TestClient(clock, new SeededRandom(4), ether.a);
    client.connect();
    clock.advance(29_999);
    expect(client.error).toBeUndefined();
    clock.advance(2);
    expect(client.error?.code).toBe('PROTOCOL_HANDSHAKE_TIMEOUT');
  });
});

describe('channel + smux over a faulty ether', () => {
  it('moves 256 KiB each way byte-exact with 10% loss, duplication and reordering', () => {
    const { clock, ether, client, agent } = pair({ onStream: 'echo' }, 11);
    ether.setFaults({ lossRatio: 0.1, duplicateRatio: 0.1, reorderRatio: 0.2, reorderDelayMs: 7 });
    const data = Buffer.from(new SeededRandom(5).bytes(256 * 1024));
    const id = client.mux!.openStream();
    for (let off = 0; off < data.length; off += 10_000)
      client.mux!.write(id, data.subarray(off, off + 10_000));
    clock.advance(60_000);
    expect(sha(Buffer.concat(agent.streams.get(id) ?? []))).toBe(sha(data));
    expect(sha(Buffer.concat(client.received.get(id) ?? []))).toBe(sha(data));
    expect(ether.counts.lost).toBeGreaterThan(100);
    expect(client.channel.stats().unackedMessages).toBe(0);
  });

  it('recovers after the wire was cut: the backlog drains within a few RTOs, not at one message per tick', () => {
    const { clock, ether, client, agent } = pair({ onStream: 'sink' }, 12);
    const id = client.mux!.openStream();
    clock.advance(20);
    ether.cut();
    const data = Buffer.alloc(200 * 1024, 7); // 200 messages in the backlog
    client.mux!.write(id, data);
    clock.advance(3_000);
    ether.restore();
    clock.advance(1_100); // ≤ one max RTO + a tick: one-per-tick would need 20 s
    expect(Buffer.concat(agent.streams.get(id) ?? []).length).toBe(data.length);
  });

  it('ConnectToPortError: the agent refuses, the flag arrives before its FIN', () => {
    const { clock, client, agent } = pair({ onStream: 'refuse' });
    const id = client.mux!.openStream();
    clock.advance(50);
    expect(agent.streams.has(id)).toBe(false);
    expect(client.order).toEqual(['flag:3', `fin:${id}`]);
    expect(client.mux!.has(id)).toBe(false);
  });
});
