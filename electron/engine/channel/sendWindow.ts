/**
 * The send side of the reliable channel (§6.4), no I/O and no timers: the un-acked messages, the
 * RTT/RTO estimate and the rules for when a message counts as lost. DataChannel owns the timer and
 * the link and asks this class what to (re)send.
 *
 * When a message counts as lost (RTO maths as §6.4; the timing of resends is ours to choose):
 * - a message sent BEFORE one that has since been acked, and older than the RTO (the WebSocket path
 *   is in order, so it is gone — "RACK"); resent once per such detection;
 * - otherwise only when the peer has acked NOTHING for an interval (RTO, doubled per silent timeout,
 *   at most RTO_MAX_MS) — like TCP's single retransmission timer. While acks flow the un-acked
 *   messages are queued, not lost: resending them per-message every RTO (the loopback RTO is ~10 ms)
 *   flooded the link with duplicates after every reconnect burst.
 * - while the peer paused publication (§9) only the oldest message is probed, every PAUSED_PROBE_MS.
 * After a reconnect every un-acked message goes out again at once, in sequence order.
 */
import { PAUSED_PROBE_MS } from './channelTypes.js';
import { OutgoingBuffer, type OutgoingEntry } from './outgoing.js';
import { RTO_MAX_MS, RtoEstimator } from './rto.js';

type Send = (frame: Buffer) => void;

export class SendWindow {
  readonly outgoing: OutgoingBuffer;
  readonly rtt = new RtoEstimator();
  /** Messages transmitted again (after a loss or a reconnect). */
  resent = 0;
  /** Transmission stamps (see OutgoingEntry.tx) and the newest one the peer has acked. */
  private txCounter = 0;
  private latestAckedTx = -1;
  /** Monotonic ms of the last ack that removed a message (or of the last link attach). */
  private lastProgressAt = -Infinity;
  /** Silent timeouts in a row (the retransmission timer doubles per timeout). */
  private backoff = 0;
  private lastPausedProbe = 0;

  constructor(highWaterBytes: number) {
    this.outgoing = new OutgoingBuffer(highWaterBytes);
  }

  /** A new message: sent now through `send`, or (no link) kept as unsent until `attach`. */
  add(seq: number, frame: Buffer, now: number, send: Send | undefined): void {
    this.outgoing.add({
      seq,
      frame,
      firstSentAt: now,
      lastSentAt: now,
      resends: 0,
      unsent: send === undefined,
      tx: ++this.txCounter,
    });
    send?.(frame);
  }

  /** A (new) link: every un-acked message goes out at once, in sequence order. */
  attach(now: number, send: Send): void {
    this.lastProgressAt = now; // give the burst one timer interval before a silent timeout
    this.backoff = 0;
    for (const e of this.outgoing.values()) {
      if (!e.unsent) this.resent++;
      e.unsent = false;
      e.lastSentAt = now;
      e.tx = ++this.txCounter;
      send(e.frame);
    }
  }

  /** The peer acked `seq`: removes and returns its entry (undefined if unknown or already acked). */
  ack(seq: number, now: number): OutgoingEntry | undefined {
    const e = this.outgoing.ack(seq);
    if (!e) return undefined;
    if (!e.unsent) this.rtt.sample(now - e.lastSentAt);
    this.lastProgressAt = now;
    this.backoff = 0;
    if (e.tx > this.latestAckedTx) this.latestAckedTx = e.tx;
    return e;
  }

  /** One timer tick with a link: resends what counts as lost (see the file comment). */
  resendOverdue(now: number, send: Send, paused: boolean): void {
    const rto = this.rtt.rto;
    if (paused) {
      const oldest = this.outgoing.oldest();
      if (!oldest || now - this.lastPausedProbe < PAUSED_PROBE_MS || now - oldest.lastSentAt < rto) return;
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

  clear(): void {
    this.outgoing.clear();
  }

  private resend(e: OutgoingEntry, now: number, send: Send): void {
    e.lastSentAt = now;
    e.tx = ++this.txCounter;
    e.resends++;
    this.resent++;
    send(e.frame);
  }
}
