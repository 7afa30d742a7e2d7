/**
 * The measured side: the real engine (startPortSession / TunnelRegistry) in THIS process, talking to
 * the simulator in the peer child process. A local listener per session, like a tunnel's.
 */
import net from 'node:net';
import { Profile } from '../../shared/model/profile.js';
import { SdkSessionApi } from '../../electron/engine/aws/ssmSessionApi.js';
import { SSMClient } from '@aws-sdk/client-ssm';
import { nullLogger } from '../../electron/engine/ports/logger.js';
import { startPortSession } from '../../electron/engine/session/startPortSession.js';
import type { PortSession } from '../../electron/engine/session/types.js';
import { systemClock, systemRandom } from '../../electron/engine/transport/clock.js';
import { download, firstByte, uploadWithProgress } from './load.js';
import type { Peer } from './peerProcess.js';
import { recovery, type Sample } from './stats.js';
import { awsContext, registryFor } from '../integration/tunnel/rig.js';

export const MUX_INSTANCE = 'i-0123456789abcdef0';
export const BASIC_INSTANCE = 'i-0aaaaaaaaaaaaaaa1';

export interface OpenEngine {
  readonly session: PortSession;
  readonly port: number;
  close(): Promise<void>;
}

/** One session + a loopback listener attached to it (what a tunnel does, minus the supervisor). */
export async function openEngine(
  endpoint: string,
  instance: string,
  remotePort: number,
): Promise<OpenEngine> {
  const session = await startPortSession({
    api: new SdkSessionApi(
      new SSMClient({
        region: 'us-east-1',
        endpoint,
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      }),
    ),
    clock: systemClock,
    random: systemRandom,
    logger: nullLogger,
    target: instance,
    remotePort,
  });
  const server = net.createServer((s) => session.attach(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    session,
    port: (server.address() as net.AddressInfo).port,
    async close() {
      await session.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface DropResult {
  direction: 'download' | 'upload';
  /** Payload bytes delivered before the drop was requested. */
  droppedAfterBytes: number;
  /** The engine's un-acked outgoing bytes when the drop was requested (upload: what it resends). */
  engineUnackedBytesAtDrop: number;
  /** Messages the agent retransmitted after the reconnect (what was in flight, ≈ KiB). */
  agentResentMessages: number;
  /** ms from the drop request to the new data-channel socket being open (ResumeSession + dial). */
  reconnectMs: number;
  /** ms from the new socket opening to the first 100 ms window at ≥ 80 % of the full rate. */
  recoveryMs: number | undefined;
  preDropMiBs: number;
  /** Throughput from the new socket opening to the end of the transfer. */
  afterMiBs: number;
}

/**
 * Moves `bytes` through a fresh session, drops the data channel (the simulator closes the client
 * WebSocket) after `dropAfter` bytes, resumes at once (as the supervisor would) and measures the
 * recovery from the moment the new socket is open. Download: the agent resends what was in flight
 * (the peer runs it with agentResend 'bulk'); upload: the engine resends its un-acked window.
 */
export async function dropRecovery(
  peer: Peer,
  bytes: number,
  dropAfter: number,
  direction: 'download' | 'upload',
  /** "Full throughput": the steady single-stream rate of this direction measured in the same run. */
  fullMiBs: number,
): Promise<DropResult> {
  const e = await openEngine(peer.endpoint, MUX_INSTANCE, peer.targetPort);
  const samples: Sample[] = [];
  let dropAt: number | undefined;
  let resumedAt: number | undefined;
  let dropBytes = 0;
  let unackedAtDrop = 0;
  const off = e.session.onEvent((ev) => {
    if (ev.type === 'disconnected') void e.session.resume().then(() => (resumedAt = performance.now()));
  });
  const onProgress = (total: number): void => {
    const now = performance.now();
    samples.push({ t: now, bytes: total });
    if (dropAt === undefined && total >= dropAfter) {
      dropAt = now;
      dropBytes = total;
      unackedAtDrop = e.session.stats().unackedBytes;
      void peer.request('drop');
    }
  };
  try {
    const before = await peer.request<{ agentResends: number }[]>('sessions');
    const resentBefore = before.reduce((n, s) => n + s.agentResends, 0);
    if (direction === 'download') await download(e.port, bytes, 1, onProgress);
    else await uploadWithProgress(e.port, bytes, onProgress);
    const after = await peer.request<{ agentResends: number }[]>('sessions');
    const resent = after.reduce((n, s) => n + s.agentResends, 0) - resentBefore;
    if (dropAt === undefined || resumedAt === undefined) throw new Error('the drop did not happen');
    const r = recovery(samples, dropAt, resumedAt, 100, 0.8, fullMiBs);
    return {
      direction,
      droppedAfterBytes: dropBytes,
      engineUnackedBytesAtDrop: unackedAtDrop,
      agentResentMessages: resent,
      reconnectMs: resumedAt - dropAt,
      recoveryMs: r.recoveryMs,
      preDropMiBs: r.preMiBs,
      afterMiBs: r.afterMiBs,
    };
  } finally {
    off();
    await e.close();
  }
}

/**
 * Connect-to-first-byte with an on-demand tunnel: the TunnelRegistry only listens; the first local
 * connection starts the session (StartSession, data channel, handshake, smux SYN, agent dial).
 * Each round uses a fresh tunnel so every measurement includes a session start.
 */
export async function onDemandFirstByte(peer: Peer, rounds: number): Promise<number[]> {
  const ctx = awsContext({ endpoint: peer.endpoint });
  const registry = registryFor(ctx);
  const out: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const profile = Profile.parse({
        id: `bench-${i}`,
        name: `bench ${i}`,
        target: { kind: 'instance', instanceId: MUX_INSTANCE },
        remotePort: peer.targetPort,
        startMode: 'on-demand',
      });
      const snap = await registry.start(profile);
      if (snap.localPort === undefined) throw new Error('tunnel has no local port');
      out.push(await firstByte(snap.localPort));
      await registry.stop(profile.id);
    }
  } finally {
    await registry.close();
    ctx.destroy();
  }
  return out;
}
