/**
 * Basic (non-mux) port forwarding for agents ≤ 3.0.196.0 (ssm-protocol.md §8.4).
 *
 * - One local connection at a time; later ones wait (paused, in order) until the current one ends.
 * - Local bytes → PT 1; agent PT 1 → the current socket.
 * - Without a current connection agent output is refused ('not-ready': no ack, no advance), so the
 *   agent retransmits it until a connection exists — nothing is lost or misdelivered.
 * - Local connection ends ⇒ Flag DisconnectToPort (1); the agent closes its target connection and
 *   re-dials on the next PT 1 we send (server-first protocols look dead on the 2nd connection,
 *   §15 pitfall 9 — inherent to basic mode).
 */
import type { Socket } from 'node:net';
import type { Delivery } from '../channel/dataChannel.js';
import { PayloadFlag } from '../protocol/flags.js';
import { PayloadType } from '../protocol/payloadType.js';
import { corkForTick } from '../ports/corkForTick.js';
import {
  LOCAL_WRITE_BUDGET_BYTES,
  type Forwarder,
  type ForwarderContext,
  type ProbeResult,
} from './forwarder.js';
import { engineError } from '../../../shared/contract/errors.js';

export class BasicForwarder implements Forwarder {
  private current: Socket | undefined;
  private readonly waiting: Socket[] = [];
  private paused = false;
  private unflushed = 0;
  private linkPaused = false;
  private inBytes = 0;
  private outBytes = 0;
  private disposed = false;

  constructor(private readonly ctx: ForwarderContext) {}

  get activeConnections(): number {
    return (this.current ? 1 : 0) + this.waiting.length;
  }
  get bytesIn(): number {
    return this.inBytes;
  }
  get bytesOut(): number {
    return this.outBytes;
  }

  attach(socket: Socket): void {
    socket.setNoDelay(true);
    socket.on('error', (e) => this.ctx.logger.log('debug', 'local socket error', { error: e.message }));
    if (this.current) {
      socket.pause();
      this.waiting.push(socket);
      socket.once('close', () => {
        const i = this.waiting.indexOf(socket);
        if (i >= 0) this.waiting.splice(i, 1);
      });
      return;
    }
    this.activate(socket);
  }

  onOutput(payload: Uint8Array): Delivery {
    const s = this.current;
    if (!s || s.destroyed || s.writableEnded) return 'not-ready';
    const n = payload.length;
    this.inBytes += n;
    this.unflushed += n;
    // Copy: the payload may be a view into a reorder-buffer entry or a WebSocket frame.
    corkForTick(s);
    s.write(Buffer.from(payload), () => this.flushed(n));
    if (!this.linkPaused && this.unflushed >= LOCAL_WRITE_BUDGET_BYTES) {
      this.linkPaused = true;
      this.ctx.setLinkReadPaused(true);
    }
    return 'ok';
  }

  onFlag(flag: number): void {
    this.ctx.logger.log('debug', 'ignoring flag in basic mode', { flag });
  }

  onChannelDrain(): void {
    if (this.paused && this.current) {
      this.paused = false;
      this.current.resume();
    }
  }

  onAcked(): void {}

  /**
   * Basic mode cannot open a side connection without disturbing the one in use, so a probe only
   * proves the data channel is connected and the handshake done; latency is the smoothed ack RTT.
   */
  probe(): Promise<ProbeResult> {
    const s = this.ctx.channel.stats();
    if (!this.ctx.channel.connected)
      return Promise.resolve({
        ok: false,
        error: engineError('DATA_CHANNEL_LOST', 'data channel is not connected'),
      });
    return Promise.resolve(s.rttMs === undefined ? { ok: true } : { ok: true, latencyMs: s.rttMs });
  }

  dispose(): void {
    this.disposed = true;
    this.current?.destroy();
    for (const s of this.waiting) s.destroy();
    this.waiting.length = 0;
    this.current = undefined;
  }

  private flushed(n: number): void {
    this.unflushed -= n;
    if (this.linkPaused && this.unflushed < LOCAL_WRITE_BUDGET_BYTES) {
      this.linkPaused = false;
      this.ctx.setLinkReadPaused(false);
    }
  }

  private activate(socket: Socket): void {
    this.current = socket;
    this.paused = false;
    socket.on('data', (d: Buffer) => {
      if (this.disposed || this.current !== socket) return;
      this.outBytes += d.length;
      if (!this.ctx.channel.send(PayloadType.Output, d) && !this.paused) {
        this.paused = true;
        socket.pause();
      }
    });
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      if (!socket.destroyed) socket.destroySoon();
      if (this.disposed || this.current !== socket) return;
      this.current = undefined;
      this.ctx.channel.sendFlag(PayloadFlag.DisconnectToPort);
      const next = this.waiting.shift();
      if (next) this.activate(next);
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.resume();
    // Agent output may already be stored in order behind a refused message: deliver it now.
    this.ctx.channel.kick();
  }
}
