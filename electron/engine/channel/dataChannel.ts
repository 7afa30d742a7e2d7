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
 * When a message counts as lost (RTO maths as §6.4; the timing of resends is ours to choose):
 * - a message sent BEFORE one that has since been acked, and older than the RTO (the WebSocket path
 *   is in order, so it is gone — "RACK"); resent once per such detection;
 * - otherwise only when the peer has acked NOTHING for an interval (RTO, doubled per silent timeout,
 *   at most RTO_MAX_MS) — like TCP's single retransmission timer. While acks flow the un-acked
 *   messages are queued, not lost: resending them per-message every RTO (the loopback RTO is ~10 ms)
 *   flooded the link with duplicates after every reconnect burst.
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
import { OutgoingBuffer } from './outgoing.js';
import { ReorderBuffer } from './reorder.js';
import { RTO_MAX_MS, RtoEstimator } from './rto.js';

export * from './channelTypes.js';
import {
  DEFAULT_OUTGOING_HIGH_WATER,
  DEFAULT_REORDER_MAX_BYTES,
  DEFAULT_REORDER_MAX_MESSAGES,
  DEFAULT_RESEND_LIMIT_MS,
  DEFAULT_TICK_MS,
  MAX_PAYLOAD_BYTES,
  PAUSED_PROBE_MS,
  type DataChannelOptions,
  type Delivery,
} from './channelTypes.js';

export class DataChannel {
  private readonly outgoing: OutgoingBuffer;
  private readonly reorder: ReorderBuffer;
  private readonly rtt = new RtoEstimator();
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
  private lastPausedProbe = 0;
  /** Transmission stamps (see OutgoingEntry.tx) and the newest one the peer has acked. */
  private txCounter = 0;
  private latestAckedTx = -1;
  /** Monotonic ms of the last ack that removed a message (or of the last link attach). */
  private lastProgressAt = -Infinity;
  /** Silent timeouts in a row (the retransmission timer doubles per timeout). */
  private backoff = 0;
  private poison: EngineError | undefined;
  private stat = { bytesIn: 0, bytesOut: 0, resent: 0, lastTrafficAt: undefined as number | undefined };

  constructor(private readonly o: DataChannelOptions) {
    this.outgoing = new OutgoingBuffer(o.outgoingHighWaterBytes ?? DEFAULT_OUTGOING_HIGH_WATER);
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
    return !this.outgoing.full;
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
      rttMs: this.rtt.srtt,
      rtoMs: this.rtt.rto,
      unackedMessages: this.outgoing.size,
      unackedBytes: this.outgoing.bytes,
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
    this.lastProgressAt = now; // give the burst below one timer interval before a silent timeout
    this.backoff = 0;
    for (const e of this.outgoing.values()) {
      if (!e.unsent) this.stat.resent++;
      e.unsent = false;
      e.lastSentAt = now;
      e.tx = ++this.txCounter;
      send(e.frame);
    }
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
    if (this.outgoing.full) this.needDrain = true;
    return !this.outgoing.full;
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
    this.outgoing.clear();
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
    const now = this.o.clock.monotonic();
    const unsent = this.link === undefined;
    this.outgoing.add({
      seq,
      frame,
      firstSentAt: now,
      lastSentAt: now,
      resends: 0,
      unsent,
      tx: ++this.txCounter,
    });
    this.link?.(frame);
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
    const e = this.outgoing.ack(r.ack.acknowledgedMessageSequenceNumber);
    if (!e) return; // unknown / already acked: ignored (§6.1)
    const now = this.o.clock.monotonic();
    if (!e.unsent) this.rtt.sample(now - e.lastSentAt);
    this.lastProgressAt = now;
    this.backoff = 0;
    if (e.tx > this.latestAckedTx) this.latestAckedTx = e.tx;
    this.o.onEvent({ type: 'acked', seq: e.seq });
    if (this.needDrain && this.outgoing.belowLowWater) {
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
    if (this.tick !== undefined || this.poison || this.outgoing.size === 0) return;
    this.tick = this.o.clock.setTimer(() => this.onTick(), this.o.tickMs ?? DEFAULT_TICK_MS);
  }

  private onTick(): void {
    this.tick = undefined;
    if (this.poison) return;
    const oldest = this.outgoing.oldest();
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
      this.resendOverdue(now);
    }
    this.armTick();
  }

  private resendOverdue(now: number): void {
    const rto = this.rtt.rto;
    const send = this.link!;
    if (this.paused) {
      const oldest = this.outgoing.oldest()!;
      if (now - this.lastPausedProbe < PAUSED_PROBE_MS || now - oldest.lastSentAt < rto) return;
      this.lastPausedProbe = now;
      return this.resend(oldest, now, send);
    }
    const interval = Math.min(RTO_MAX_MS, rto * 2 ** this.backoff);
    const silent = now - this.lastProgressAt >= interval;
    let timedOut = false;
    for (const e of this.outgoing.values()) {
      const age = now - e.lastSentAt;
      if (age < rto) continue;
      if (e.tx < this.latestAckedTx) this.resend(e, now, send);
      else if (silent && age >= interval) {
        timedOut = true;
        this.resend(e, now, send);
      }
    }
    if (timedOut) this.backoff++;
  }

  private resend(
    e: { frame: Buffer; lastSentAt: number; resends: number; tx: number },
    now: number,
    send: (f: Buffer) => void,
  ): void {
    e.lastSentAt = now;
    e.tx = ++this.txCounter;
    e.resends++;
    this.stat.resent++;
    send(e.frame);
  }
}
