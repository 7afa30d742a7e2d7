/**
 * Mux-mode port forwarding (ssm-protocol.md §8.3): one smux stream per local TCP connection.
 *
 * - local → agent: socket bytes become PSH frames; the channel chunks them into ≤ 1024-byte
 *   messages. When the channel's un-acked bytes reach its high-water mark every local socket is
 *   paused until 'drain' (never drop, never buffer without bound).
 * - agent → local: PSH data is written to the socket; bytes not yet flushed count against the
 *   4 MiB smux receive budget, and while it is exhausted the data-channel socket stops reading
 *   (v1's only flow control: a slow local reader stalls every stream, §15 pitfall 4).
 * - FIN either way closes the whole connection (no half-close, §8.3).
 * - ConnectToPortError (PT 10 value 3) carries no stream id (§15 pitfall 8): the most recently
 *   opened stream that has received no data is the best guess; the agent's FIN follows.
 */
import type { Socket } from 'node:net';
import { engineError } from '../../../shared/contract/errors.js';
import type { Delivery } from '../channel/dataChannel.js';
import { MuxSession, type MuxEvent } from '../mux/muxSession.js';
import { PayloadFlag } from '../protocol/flags.js';
import { PayloadType } from '../protocol/payloadType.js';
import type { KeepAlivePolicy } from '../protocol/version.js';
import { corkForTick } from '../ports/corkForTick.js';
import type { Forwarder, ForwarderContext, ProbeResult } from './forwarder.js';

interface Conn {
  readonly id: number;
  readonly socket: Socket | undefined;
  gotData: boolean;
  paused: boolean;
  /** Set for probe streams (no socket). */
  probe?: (r: ProbeResult) => void;
}

export class MuxForwarder implements Forwarder {
  private readonly mux: MuxSession;
  private readonly conns = new Map<number, Conn>();
  private readonly probeAcks = new Map<number, () => void>();
  private inBytes = 0;
  private outBytes = 0;
  private disposed = false;

  constructor(
    private readonly ctx: ForwarderContext,
    keepAlive: KeepAlivePolicy,
  ) {
    this.mux = new MuxSession({
      role: 'client',
      clock: ctx.clock,
      logger: ctx.logger,
      keepAlive,
      output: (bytes) => {
        if (!ctx.channel.send(PayloadType.Output, bytes)) this.pauseLocalReads();
      },
      onEvent: (e) => this.onMuxEvent(e),
    });
  }

  get activeConnections(): number {
    let n = 0;
    for (const c of this.conns.values()) if (c.socket) n++;
    return n;
  }
  get bytesIn(): number {
    return this.inBytes;
  }
  get bytesOut(): number {
    return this.outBytes;
  }

  attach(socket: Socket): void {
    const id = this.mux.openStream();
    const conn: Conn = { id, socket, gotData: false, paused: false };
    this.conns.set(id, conn);
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => {
      if (this.disposed || !this.mux.has(id)) return;
      this.outBytes += d.length;
      this.mux.write(id, d);
    });
    // Local EOF or error ⇒ FIN: the agent closes the target connection fully (§8.3).
    socket.on('end', () => this.closeStream(id));
    socket.on('close', () => this.closeStream(id));
    socket.on('error', (e) =>
      this.ctx.logger.log('debug', 'local socket error', { streamId: id, error: e.message }),
    );
    if (!this.ctx.channel.writable) this.pauseLocalReads();
  }

  onOutput(payload: Uint8Array): Delivery {
    this.mux.receive(payload);
    return 'ok';
  }

  onFlag(flag: number): void {
    if (flag !== PayloadFlag.ConnectToPortError) {
      this.ctx.logger.log('debug', 'ignoring flag in mux mode', { flag });
      return;
    }
    let victim: Conn | undefined;
    for (const c of this.conns.values()) if (!c.gotData) victim = c; // Map order = open order
    const reason = 'the agent could not connect to the target port (ConnectToPortError)';
    this.ctx.logger.log('warn', reason, { streamId: victim?.id ?? null });
    this.ctx.emit({
      type: 'connection-error',
      error: engineError('TARGET_REFUSED', reason, {
        hint: 'Check that something listens on the remote host and port, and that the target can reach it.',
        ...(victim ? { detail: { streamId: victim.id } } : {}),
      }),
    });
    if (victim) this.closeStream(victim.id, { ok: false, error: engineError('TARGET_REFUSED', reason) });
  }

  onChannelDrain(): void {
    for (const c of this.conns.values()) {
      if (c.paused && c.socket) {
        c.paused = false;
        c.socket.resume();
      }
    }
  }

  onAcked(seq: number): void {
    const cb = this.probeAcks.get(seq);
    if (cb) {
      this.probeAcks.delete(seq);
      cb();
    }
  }

  /**
   * Opens a stream without a local socket. What it proves: the data channel and the agent are alive
   * (the SYN's message was acked — latencyMs is that round trip) and, if no ConnectToPortError/FIN
   * arrives within the timeout (or data arrives first), the agent's dial of the target did not fail.
   * It cannot prove the target speaks (a silent server and a slow dial look the same).
   */
  probe(timeoutMs: number): Promise<ProbeResult> {
    return new Promise<ProbeResult>((resolve) => {
      const start = this.ctx.clock.monotonic();
      let ackLatency: number | undefined;
      const id = this.mux.openStream();
      const synSeq = this.ctx.channel.stats().nextOutSeq - 1;
      this.probeAcks.set(synSeq, () => (ackLatency = this.ctx.clock.monotonic() - start));
      const timer = this.ctx.clock.setTimer(() => finish({ ok: true }), timeoutMs);
      const finish = (r: ProbeResult): void => {
        this.ctx.clock.clearTimer(timer);
        this.probeAcks.delete(synSeq);
        if (this.conns.delete(id)) this.mux.close(id);
        if (!r.ok) return resolve(r);
        const latencyMs = r.latencyMs ?? ackLatency;
        if (latencyMs === undefined)
          return resolve({
            ok: false,
            error: engineError('TIMEOUT', 'the agent did not acknowledge the probe'),
          });
        resolve({ ok: true, latencyMs });
      };
      this.conns.set(id, {
        id,
        socket: undefined,
        gotData: false,
        paused: false,
        probe: (r) => finish(r.ok ? { ok: true, latencyMs: this.ctx.clock.monotonic() - start } : r),
      });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const c of this.conns.values()) {
      c.socket?.destroy();
      c.probe?.({ ok: false, error: engineError('CANCELLED', 'session closed') });
    }
    this.conns.clear();
    this.mux.dispose();
  }

  private pauseLocalReads(): void {
    for (const c of this.conns.values()) {
      if (!c.paused && c.socket) {
        c.paused = true;
        c.socket.pause();
      }
    }
  }

  private closeStream(id: number, probeResult?: ProbeResult): void {
    const c = this.conns.get(id);
    if (!c) return;
    this.conns.delete(id);
    if (!this.disposed) this.mux.close(id);
    if (c.probe)
      c.probe(
        probeResult ?? { ok: false, error: engineError('TARGET_REFUSED', 'stream closed by the agent') },
      );
    if (c.socket && !c.socket.destroyed) c.socket.destroySoon();
  }

  private onMuxEvent(e: MuxEvent): void {
    switch (e.type) {
      case 'data': {
        const c = this.conns.get(e.streamId);
        if (!c) return this.mux.consumed(e.data.length);
        c.gotData = true;
        if (c.probe) {
          this.mux.consumed(e.data.length);
          return c.probe({ ok: true });
        }
        const n = e.data.length;
        this.inBytes += n;
        if (!c.socket) return this.mux.consumed(n);
        // One 1 KiB message per PSH piece: batch them into one writev per tick.
        corkForTick(c.socket);
        c.socket.write(e.data, () => this.mux.consumed(n));
        return;
      }
      case 'fin':
        return this.closeStream(e.streamId);
      case 'budget':
        return this.ctx.setLinkReadPaused(e.exhausted);
      case 'fatal':
        return this.ctx.fatal(e.error);
      case 'accept':
        return;
    }
  }
}
