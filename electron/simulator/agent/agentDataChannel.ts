/**
 * The agent's end of the data channel (§6, agent semantics — deliberately written apart from the
 * client engine so a symmetric bug shows up):
 * - outgoing `output_stream_data`: seq from 0, Flags SYN on seq 0 then 0; kept until acked
 *   (capacity 100 000; when full the NEW message is sent once and never buffered);
 * - resend: every 100 ms tick look at the oldest un-acked message and resend it if older than the
 *   RTO, then update its lastSentTime (the agent's slow one-per-tick recovery, §15.19); 'bulk'
 *   resends every overdue message instead — but only those that look lost: sent before a message
 *   that has since been acked, or all of them when the client acked nothing for an RTO (while acks
 *   flow, a backlog is queued, not lost; resending it every tick multiplied it ~25× after a drop);
 * - incoming `input_stream_data`: process first, ack only on success; seq > expected ⇒ ack and keep
 *   in a reorder buffer (100 000); seq < expected ⇒ re-ack (agent, unlike the plugin);
 * - acks remove by sequence number and feed the RTO;
 * - pause: `pause_publication` stops sending and resending; start_publication, any input or ack
 *   clears it (§9). The digest is NOT checked (agent).
 */
import type { Clock, Random, TimerHandle } from '../../engine/ports/clock.js';
import type { Logger } from '../../engine/ports/logger.js';
import { decodeAckPayload, encodeAckMessage } from '../../engine/protocol/ack.js';
import { decodeMessage, encodeMessage, type DecodedMessage } from '../../engine/protocol/clientMessage.js';
import { HeaderFlags } from '../../engine/protocol/flags.js';
import { MessageType } from '../../engine/protocol/messageType.js';
import { IdSource } from '../../engine/protocol/messageIds.js';
import { RESEND_TICK_MS, RtoEstimator } from './rto.js';

export const OUTGOING_CAPACITY = 100_000;
export const REORDER_CAPACITY = 100_000;

/** What processing an in-order message says: 'ok' ⇒ ack + advance; otherwise neither (sender resends). */
export type ProcessResult =
  | { status: 'ok'; after?: () => void }
  | { status: 'not-ready' }
  | { status: 'error'; reason: string };

export interface AgentDataChannelOptions {
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Hands a serialised frame to the gateway (which may be disconnected: then it is lost). */
  transmit(frame: Buffer): void;
  /** Processes one in-order input_stream_data message. */
  process(message: DecodedMessage): ProcessResult;
  /** New stream data in either direction (the service's idle timer). */
  onActivity?(): void;
  resend?: 'oldest' | 'bulk';
  /** Fault knob: hold each ack this long before sending it (slow acks inflate the peer's RTO). */
  ackDelayMs?(): number;
}

interface Outgoing {
  readonly seq: number;
  readonly frame: Buffer;
  lastSentAt: number;
  /** Transmission order stamp of the last (re)transmission ('bulk' loss detection). */
  tx: number;
}

export class AgentDataChannel {
  private nextOutSeq = 0;
  private expectedInSeq = 0;
  /** Un-acked messages by sequence number; insertion order = sequence order (oldest first). */
  private readonly outgoing = new Map<number, Outgoing>();
  private readonly reorder = new Map<number, DecodedMessage>();
  private readonly rto = new RtoEstimator();
  private readonly ids: IdSource;
  private timer: TimerHandle | undefined;
  private closed = false;
  private txCounter = 0;
  private latestAckedTx = -1;
  private lastAckAt = -Infinity;
  paused = false;
  /** Counters for tests and diagnostics. */
  readonly stats = { sent: 0, resent: 0, received: 0, duplicates: 0, acksSent: 0, acksReceived: 0 };

  constructor(private readonly o: AgentDataChannelOptions) {
    this.ids = new IdSource(o.random);
    this.schedule();
  }

  get rtoMs(): number {
    return this.rto.rtoMs;
  }
  get unacked(): number {
    return this.outgoing.size;
  }
  get expectedSequence(): number {
    return this.expectedInSeq;
  }

  /** Sends one output_stream_data message (the agent never sends empty payloads). */
  sendStreamData(payloadType: number, payload: Uint8Array): void {
    if (this.closed || payload.length === 0) return;
    const seq = this.nextOutSeq++;
    const frame = encodeMessage({
      messageType: MessageType.OutputStreamData,
      schemaVersion: 1,
      createdDate: this.o.clock.now(),
      sequenceNumber: seq,
      flags: seq === 0 ? HeaderFlags.Syn : HeaderFlags.None,
      messageId: this.ids.nextBytes(),
      payloadType,
      payload,
    });
    this.o.onActivity?.();
    if (this.outgoing.size < OUTGOING_CAPACITY)
      this.outgoing.set(seq, { seq, frame, lastSentAt: this.o.clock.monotonic(), tx: ++this.txCounter });
    if (!this.paused) {
      this.stats.sent++;
      this.o.transmit(frame);
    }
  }

  /** Handles one binary frame from the gateway. */
  receiveFrame(raw: Buffer): void {
    if (this.closed) return;
    const decoded = decodeAgentSide(raw);
    if (decoded === undefined) {
      this.o.logger.log('debug', 'agent dropped a malformed frame', { length: raw.length });
      return;
    }
    switch (decoded.messageType) {
      case MessageType.Acknowledge:
        this.paused = false;
        this.onAck(decoded);
        return;
      case MessageType.InputStreamData:
        this.paused = false;
        this.onInput(decoded);
        return;
      case MessageType.PausePublication:
        this.paused = true;
        return;
      case MessageType.StartPublication:
        this.paused = false;
        return;
      default:
        return; // the agent ignores anything else on the data channel
    }
  }

  private onAck(m: DecodedMessage): void {
    const r = decodeAckPayload(m.payload);
    if (!r.ok) return;
    this.stats.acksReceived++;
    const seq = r.ack.acknowledgedMessageSequenceNumber;
    // Removal by sequence number (the agent searches linearly; a map is the same result in O(1)).
    const e = this.outgoing.get(seq);
    if (e === undefined) return;
    this.outgoing.delete(seq);
    const now = this.o.clock.monotonic();
    this.rto.sample(now - e.lastSentAt);
    this.lastAckAt = now;
    if (e.tx > this.latestAckedTx) this.latestAckedTx = e.tx;
  }

  private onInput(m: DecodedMessage): void {
    this.stats.received++;
    if (m.sequenceNumber < this.expectedInSeq) {
      this.stats.duplicates++;
      this.ack(m); // agent re-acks duplicates (§6.3)
      return;
    }
    if (m.sequenceNumber > this.expectedInSeq) {
      if (this.reorder.size >= REORDER_CAPACITY) return;
      // Keep a copy: the frame buffer belongs to the socket layer.
      this.reorder.set(m.sequenceNumber, { ...m, payload: Buffer.from(m.payload) });
      this.ack(m);
      return;
    }
    if (!this.processInOrder(m, true)) return;
    for (;;) {
      const next = this.reorder.get(this.expectedInSeq);
      if (next === undefined) break;
      if (!this.processInOrder(next, false)) break; // stays buffered; resent copies will retry
      this.reorder.delete(next.sequenceNumber);
    }
  }

  /** Processes the expected message; acks (if asked) and advances on success. */
  private processInOrder(m: DecodedMessage, sendAck: boolean): boolean {
    const r = this.o.process(m);
    if (r.status !== 'ok') {
      if (r.status === 'error')
        this.o.logger.log('warn', 'agent failed to process input', { reason: r.reason });
      return false;
    }
    if (sendAck) this.ack(m);
    this.expectedInSeq++;
    this.o.onActivity?.();
    r.after?.();
    return true;
  }

  private ack(m: DecodedMessage): void {
    this.stats.acksSent++;
    const frame = encodeAckMessage(
      { createdDate: this.o.clock.now(), messageId: this.ids.nextBytes() },
      {
        acknowledgedMessageType: m.messageType,
        acknowledgedMessageId: m.messageId,
        acknowledgedMessageSequenceNumber: m.sequenceNumber,
        isSequentialMessage: true,
      },
    );
    const delay = this.o.ackDelayMs?.() ?? 0;
    if (delay <= 0) this.o.transmit(frame);
    else
      this.o.clock.setTimer(() => {
        if (!this.closed) this.o.transmit(frame);
      }, delay);
  }

  private schedule(): void {
    if (this.closed) return;
    this.timer = this.o.clock.setTimer(() => {
      this.tick();
      this.schedule();
    }, RESEND_TICK_MS);
  }

  /** One resend-scheduler tick (public for unit tests driven by a fake clock). */
  tick(): void {
    if (this.paused || this.closed) return;
    const now = this.o.clock.monotonic();
    const bulk = this.o.resend === 'bulk';
    const silent = now - this.lastAckAt > this.rto.rtoMs;
    for (const e of this.outgoing.values()) {
      if (now - e.lastSentAt <= this.rto.rtoMs) {
        if (bulk) continue;
        return;
      }
      if (bulk && !silent && e.tx > this.latestAckedTx) continue; // queued behind acks, not lost
      this.stats.resent++;
      e.lastSentAt = now;
      e.tx = ++this.txCounter;
      this.o.transmit(e.frame);
      if (!bulk) return;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
  }
}

/**
 * The agent validates HeaderLength, MessageType and CreatedDate but never the digest (§3.1, §14),
 * so a frame whose only fault is its digest is still accepted — and the digest is not even computed.
 */
export function decodeAgentSide(raw: Buffer): DecodedMessage | undefined {
  const r = decodeMessage(raw, { verifyDigest: false });
  return r.ok ? r.message : undefined;
}
