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
import type { ChannelTuning } from '../../electron/engine/session/options.js';
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
  channel: ChannelTuning = {},
): Promise<OpenEngine> {
  const session = await startPortSession({
    channel,
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
  /** Payload bytes delivered when the gateway started swallowing frames. */
  droppedAfterBytes: number;
  /**
   * What was in flight when the data channel dropped — sent and never acknowledged: the engine's
   * un-acked bytes (upload) or the agent's un-acked messages × 1 KiB (download).
   */
  inFlightBytesAtDrop: number;
  /** Messages the agent retransmitted after the reconnect. */
  agentResentMessages: number;
  /** ms from the drop to the new data-channel socket being open (ResumeSession + dial). */
  reconnectMs: number;
  /** ms from the new socket opening to the first 100 ms window at ≥ 80 % of the full rate. */
  recoveryMs: number | undefined;
  preDropMiBs: number;
  /** Throughput from the new socket opening to the end of the transfer. */
  afterMiBs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Moves `bytes` through a fresh session and, after `dropAfter` bytes, makes `inFlight` bytes be in
 * flight when the data channel drops: the gateway swallows every frame (lossRatio 1) until the
 * sender has that much sent and un-acknowledged, then the simulator closes the client WebSocket and
 * stops swallowing; the engine resumes at once (as the supervisor would). Recovery is measured from
 * the new socket opening. Download: the agent resends what was in flight (the peer runs it with
 * agentResend 'bulk'); upload: the engine resends its un-acked window — for which the session gets
 * a window of 2 × `inFlight` (the default window, 2 MiB, could never hold 8 MiB).
 */
export async function dropRecovery(
  peer: Peer,
  bytes: number,
  dropAfter: number,
  inFlight: number,
  direction: 'download' | 'upload',
  /** "Full throughput": the steady single-stream rate of this direction measured in the same run. */
  fullMiBs: number,
): Promise<DropResult> {
  const e = await openEngine(
    peer.endpoint,
    MUX_INSTANCE,
    peer.targetPort,
    direction === 'upload' ? { outgoingHighWaterBytes: 2 * inFlight } : {},
  );
  const samples: Sample[] = [];
  let started = false;
  let dropBytes = 0;
  let dropAt: number | undefined;
  let resumedAt: number | undefined;
  let inFlightAtDrop = 0;
  let failure: Error | undefined;
  const agentUnacked = async (): Promise<number> =>
    (await peer.request<{ agentUnacked: number }[]>('sessions')).reduce(
      (n, s) => Math.max(n, s.agentUnacked),
      0,
    );
  const inFlightNow = async (): Promise<number> =>
    direction === 'upload' ? e.session.stats().unackedBytes : (await agentUnacked()) * 1024;
  let swallowing: Promise<void> = Promise.resolve();
  const swallowThenDrop = async (): Promise<void> => {
    await peer.request('faults', { patch: { lossRatio: 1 } });
    const deadline = performance.now() + 15_000;
    while ((inFlightAtDrop = await inFlightNow()) < inFlight) {
      if (performance.now() > deadline) throw new Error(`only ${inFlightAtDrop} bytes in flight after 15 s`);
      await sleep(2);
    }
    dropAt = performance.now();
    await peer.request('drop');
    await peer.request('faults', { patch: { lossRatio: 0 } });
  };
  const off = e.session.onEvent((ev) => {
    if (ev.type === 'disconnected')
      void swallowing.then(() => e.session.resume()).then(() => (resumedAt = performance.now()));
  });
  const onProgress = (total: number): void => {
    samples.push({ t: performance.now(), bytes: total });
    if (!started && total >= dropAfter) {
      started = true;
      dropBytes = total;
      swallowing = swallowThenDrop().catch((err: unknown) => {
        failure = err instanceof Error ? err : new Error(String(err));
      });
    }
  };
  try {
    const before = await peer.request<{ agentResends: number }[]>('sessions');
    const resentBefore = before.reduce((n, s) => n + s.agentResends, 0);
    if (direction === 'download') await download(e.port, bytes, 1, onProgress);
    else await uploadWithProgress(e.port, bytes, onProgress);
    if (failure) throw failure;
    const after = await peer.request<{ agentResends: number }[]>('sessions');
    const resent = after.reduce((n, s) => n + s.agentResends, 0) - resentBefore;
    if (dropAt === undefined || resumedAt === undefined) throw new Error('the drop did not happen');
    const r = recovery(samples, dropAt, resumedAt, 100, 0.8, fullMiBs);
    return {
      direction,
      droppedAfterBytes: dropBytes,
      inFlightBytesAtDrop: inFlightAtDrop,
      agentResentMessages: resent,
      reconnectMs: resumedAt - dropAt,
      recoveryMs: r.recoveryMs,
      preDropMiBs: r.preMiBs,
      afterMiBs: r.afterMiBs,
    };
  } finally {
    off();
    await peer.request('faults', { patch: { lossRatio: 0 } });
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
