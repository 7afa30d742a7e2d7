/**
 * The reliable SSM data channel (ssm-protocol.md §6, §9, §10.1), no I/O: bytes and time in, bytes
 * and events out. One instance lives for the whole session; WebSocket reconnects only swap the link
 * (`attachLink`/`detachLink`), so sequence numbers, the un-acked buffer, the reorder buffer and the
 * RTO estimate survive (§10.2).
 *
 * Receive side follows the agent semantics (§6.3): ack after successful processing, re-ack
 * duplicates, ack out-of-order messages when they are stored, never ack what was not kept.
 * Send side: payloads chunked to ≤ 1024 bytes (§8.3), bounded by bytes with back-pressure, every
 * overdue message resent per tick (not only the oldest, §15 pitfall 19), all un-acked messages resent
 * in order on reconnect, and a resend limit that fails the session instead of hanging (§10.3).
 *
 * The send window, RTO and loss rules live in sendWindow.ts; this class owns the link, the timer,
 * the receive side and the session-level events.
 */
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import type { TimerHandle } from '../ports/clock.js';
import { decodeAckPayload, encodeAckMessage } from '../protocol/ack.js';
import { decodeMessage, encodeMessage, type DecodedMessage } from '../protocol/clientMessage.js';
import { encodeFlagPayload, HeaderFlags } from '../protocol/flags.js';
import { parseChannelClosedOutput } from '../protocol/handshake.js';
import { MessageType } from '../protocol/messageType.js';
import { PayloadType } from '../protocol/payloadType.js';
import { PoisonedError } from './errors.js';
import { IdSource } from '../protocol/messageIds.js';
import { SendWindow } from './sendWindow.js';
import { ReorderBuffer } from './reorder.js';

export * from './channelTypes.js';
import {
  DEFAULT_OUTGOING_HIGH_WATER,
  DEFAULT_REORDER_MAX_BYTES,
  DEFAULT_REORDER_MAX_MESSAGES,
  DEFAULT_RESEND_LIMIT_MS,
  DEFAULT_TICK_MS,
  MAX_PAYLOAD_BYTES,
  type DataChannelOptions,
  type Delivery,
} from './channelTypes.js';

export class DataChannel {
  private readonly window: SendWindow;
  private readonly reorder: ReorderBuffer;
  private readonly ids: IdSource;
  private readonly outType: string;
  private readonly inType: string;
  private link: ((frame: Buffer) => void) | undefined;
  private linkSince = 0;
  private nextOutSeq = 0;
  private expectedInSeq = 0;
  private paused = false;
  private needDrain = false;
  private tick: TimerHandle | undefined;
  private poison: EngineError | undefined;
  private stat = { bytesIn: 0, bytesOut: 0, lastTrafficAt: undefined as number | undefined };

  constructor(private readonly o: DataChannelOptions) {
    this.window = new SendWindow(o.outgoingHighWaterBytes ?? DEFAULT_OUTGOING_HIGH_WATER);
    this.reorder = new ReorderBuffer(
      o.reorderMaxMessages ?? DEFAULT_REORDER_MAX_MESSAGES,
      o.reorderMaxBytes ?? DEFAULT_REORDER_MAX_BYTES,
    );
    this.ids = new IdSource(o.random);
    const agent = o.role === 'agent';
    this.outType = agent ? MessageType.OutputStreamData : MessageType.InputStreamData;
    this.inType = agent ? MessageType.InputStreamData : MessageType.OutputStreamData;
  }

  /** false once un-acked bytes reached the high-water mark; wait for the 'drain' event. */
  get writable(): boolean {
    return !this.window.outgoing.full;
  }
  get connected(): boolean {
    return this.link !== undefined;
  }
  get failed(): EngineError | undefined {
    return this.poison;
  }
  get isPaused(): boolean {
    return this.paused;
  }

  stats(): {
    bytesIn: number;
    bytesOut: number;
    resent: number;
    rttMs: number | undefined;
    rtoMs: number;
    lastTrafficAt: number | undefined;
    unackedMessages: number;
    unackedBytes: number;
    nextOutSeq: number;
    expectedInSeq: number;
  } {
    return {
      ...this.stat,
      resent: this.window.resent,
      rttMs: this.window.rtt.srtt,
      rtoMs: this.window.rtt.rto,
      unackedMessages: this.window.outgoing.size,
      unackedBytes: this.window.outgoing.bytes,
      nextOutSeq: this.nextOutSeq,
      expectedInSeq: this.expectedInSeq,
    };
  }

  /** A (new) WebSocket is up: every un-acked message goes out again at once, in sequence order. */
  attachLink(send: (frame: Buffer) => void): void {
    this.check();
    this.link = send;
    const now = this.o.clock.monotonic();
    this.linkSince = now;
    this.paused = false; // §9: a successful reconnect clears pause
    this.window.attach(now, send);
    this.armTick();
  }

  detachLink(): void {
    this.link = undefined;
  }

  /** Queues stream bytes as ≤ 1024-byte sequenced messages. Returns `writable`. */
  send(payloadType: number, data: Uint8Array): boolean {
    this.check();
    for (let off = 0; off < data.length; off += MAX_PAYLOAD_BYTES)
      this.sendSequenced(payloadType, data.subarray(off, Math.min(data.length, off + MAX_PAYLOAD_BYTES)));
    if (data.length > 0 && payloadType === PayloadType.Output) this.stat.bytesOut += data.length;
    if (this.window.outgoing.full) this.needDrain = true;
    return !this.window.outgoing.full;
  }

  /** Sends a PT 10 flag (§4.3); returns its sequence number (to wait for the ack). */
  sendFlag(flag: number): number {
    this.check();
    return this.sendSequenced(PayloadType.Flag, encodeFlagPayload(flag));
  }

  receive(frame: Uint8Array): void {
    this.check();
    const r = decodeMessage(frame);
    if (!r.ok) {
      // Plugin semantics (§3.1): an invalid message (e.g. bad digest) is dropped, not acked.
      this.o.logger.log('debug', 'dropping invalid data-channel message', { reason: r.error.message });
      return;
    }
    const m = r.message;
    this.stat.lastTrafficAt = this.o.clock.now();
    switch (m.messageType) {
      case MessageType.Acknowledge:
        return this.onAck(m);
      case this.inType:
        return this.onStreamData(m);
      case MessageType.ChannelClosed: {
        const reason = parseChannelClosedOutput(m.payload);
        this.stop(engineError('SESSION_ENDED_BY_SERVICE', reason || 'channel closed by the service'));
        this.o.onEvent({ type: 'closed', reason });
        return;
      }
      case MessageType.PausePublication:
      case MessageType.StartPublication: {
        this.paused = m.messageType === MessageType.PausePublication;
        this.o.onEvent({ type: 'publication', paused: this.paused });
        return;
      }
      default:
        this.o.logger.log('debug', 'ignoring unknown data-channel message type', { type: m.messageType });
    }
  }

  /** Retries delivery of stored in-order messages after the handler said 'not-ready' (basic mode). */
  kick(): void {
    this.check();
    this.drainReorder();
  }

  /** Fails the channel: later calls throw PoisonedError. Idempotent. */
  fail(error: EngineError): void {
    if (this.poison) return;
    this.stop(error);
    this.o.onEvent({ type: 'fatal', error });
  }

  /** Stops timers and poisons without an event (normal shutdown). */
  dispose(reason = 'disposed'): void {
    if (!this.poison) this.stop(engineError('CANCELLED', reason));
  }

  private stop(error: EngineError): void {
    this.poison = error;
    this.link = undefined;
    if (this.tick !== undefined) this.o.clock.clearTimer(this.tick);
    this.tick = undefined;
    this.window.clear();
    this.reorder.clear();
  }

  private check(): void {
    if (this.poison) throw new PoisonedError('data channel', this.poison);
  }

  private sendSequenced(payloadType: number, payload: Uint8Array): number {
    const seq = this.nextOutSeq++;
    const frame = encodeMessage({
      messageType: this.outType,
      schemaVersion: 1,
      createdDate: this.o.clock.now(),
      sequenceNumber: seq,
      // §3.4: nobody reads Flags; mirror the plugin (always 0 on stream data).
      flags: HeaderFlags.None,
      messageId: this.ids.nextBytes(),
      payloadType,
      payload,
    });
    this.window.add(seq, frame, this.o.clock.monotonic(), this.link);
    this.armTick();
    return seq;
  }

  private sendAck(m: DecodedMessage): void {
    if (!this.link) return; // no link: the peer will resend and we ack then
    this.link(
      encodeAckMessage(
        { createdDate: this.o.clock.now(), messageId: this.ids.nextBytes() },
        {
          acknowledgedMessageType: m.messageType,
          acknowledgedMessageId: m.messageId,
          acknowledgedMessageSequenceNumber: m.sequenceNumber,
          isSequentialMessage: true,
        },
      ),
    );
  }

  private onAck(m: DecodedMessage): void {
    this.paused = false; // agent semantics (§9): any incoming ack means the peer is active
    const r = decodeAckPayload(m.payload);
    if (!r.ok) return this.o.logger.log('debug', 'ignoring malformed ack', { reason: r.error.message });
    const e = this.window.ack(r.ack.acknowledgedMessageSequenceNumber, this.o.clock.monotonic());
    if (!e) return; // unknown / already acked: ignored (§6.1)
    this.o.onEvent({ type: 'acked', seq: e.seq });
    if (this.needDrain && this.window.outgoing.belowLowWater) {
      this.needDrain = false;
      this.o.onEvent({ type: 'drain' });
    }
  }

  private onStreamData(m: DecodedMessage): void {
    const seq = m.sequenceNumber;
    if (seq < this.expectedInSeq) return this.sendAck(m); // duplicate: re-ack (agent semantics)
    if (seq > this.expectedInSeq) {
      const stored = this.reorder.store({
        seq,
        payloadType: m.payloadType,
        payload: m.payload,
        messageId: m.messageId,
      });
      if (stored) this.sendAck(m);
      return;
    }
    if (this.process(m.payloadType, m.payload) !== 'ok') return; // not ready: no ack, no advance
    this.sendAck(m);
    this.expectedInSeq++;
    this.drainReorder();
  }

  private drainReorder(): void {
    for (;;) {
      const b = this.reorder.peek(this.expectedInSeq);
      if (!b) return;
      if (this.process(b.payloadType, b.payload) !== 'ok') return;
      this.reorder.delete(b.seq);
      this.expectedInSeq++;
      if (this.poison) return;
    }
  }

  private process(payloadType: number, payload: Uint8Array): Delivery {
    const r = this.o.deliver(payloadType, payload);
    if (r === 'ok' && payloadType === PayloadType.Output) this.stat.bytesIn += payload.length;
    return r;
  }

  private armTick(): void {
    if (this.tick !== undefined || this.poison || this.window.outgoing.size === 0) return;
    this.tick = this.o.clock.setTimer(() => this.onTick(), this.o.tickMs ?? DEFAULT_TICK_MS);
  }

  private onTick(): void {
    this.tick = undefined;
    if (this.poison) return;
    const oldest = this.window.outgoing.oldest();
    if (!oldest) return;
    if (this.link) {
      const now = this.o.clock.monotonic();
      const limit = this.o.resendLimitMs ?? DEFAULT_RESEND_LIMIT_MS;
      // The limit runs only while connected: time without a link is the supervisor's business.
      if (now - Math.max(oldest.firstSentAt, this.linkSince) > limit) {
        this.fail(
          engineError('RESEND_LIMIT_EXCEEDED', `message ${oldest.seq} un-acknowledged for ${limit} ms`, {
            detail: { seq: oldest.seq, resends: oldest.resends },
          }),
        );
        return;
      }
      this.window.resendOverdue(now, this.link, this.paused);
    }
    this.armTick();
  }
}
