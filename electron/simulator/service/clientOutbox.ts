/**
 * The gateway's send side towards one client socket, with flow control. `ws.send` never refuses:
 * without a bound, an unpaced agent would pile hundreds of MiB into the socket's write buffer, and
 * a drop (close 1000 "Bye") would then reach the client only after all of it — seconds late, so a
 * "drop every 2 s" knob would really drop every 5–20 s. Like a relay with a fixed buffer, at most
 * `highWaterBytes` are handed to the socket and not yet flushed; the rest waits here in order and
 * is discarded when the socket goes away (the agent resends what was never acked, §6.4).
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { corkForTick } from '../../engine/ports/corkForTick.js';

export const OUTBOX_HIGH_WATER = 1024 * 1024;
/** Queued bytes at which the agent is asked to stop producing (and, below LOW, to go on). */
export const OUTBOX_QUEUE_HIGH = 1024 * 1024;
export const OUTBOX_QUEUE_LOW = 256 * 1024;

export class ClientOutbox {
  private readonly waiting: Buffer[] = [];
  private head = 0;
  private inFlight = 0;
  private closed = false;
  private readonly flushed: (() => void)[] = [];
  private queuedBytes = 0;
  private pressed = false;
  /** Frames discarded by `close()` because the socket went away first. */
  discarded = 0;

  constructor(
    private readonly ws: WebSocket,
    private readonly onSent: (bytes: number) => void,
    private readonly highWaterBytes = OUTBOX_HIGH_WATER,
    /**
     * Backpressure towards the agent, as the TCP connection between a relay and its producer gives:
     * true once more than OUTBOX_QUEUE_HIGH waits here, false when it is below OUTBOX_QUEUE_LOW.
     * Without it a client that stops reading would make the gateway hold the whole transfer.
     */
    private readonly onPressure: (busy: boolean) => void = () => {},
  ) {}

  get queuedFrames(): number {
    return this.waiting.length - this.head;
  }

  send(frame: Buffer): void {
    if (this.closed) return;
    if (this.inFlight < this.highWaterBytes && this.queuedFrames === 0) {
      this.write(frame);
      return;
    }
    this.waiting.push(frame);
    this.queuedBytes += frame.length;
    if (!this.pressed && this.queuedBytes > OUTBOX_QUEUE_HIGH) {
      this.pressed = true;
      this.onPressure(true);
    }
  }

  /** Runs `fn` once everything queued so far has been handed to the socket (or the outbox closed). */
  whenFlushed(fn: () => void): void {
    if (this.closed || this.queuedFrames === 0) fn();
    else this.flushed.push(fn);
  }

  close(): void {
    this.closed = true;
    for (const fn of this.flushed.splice(0)) fn();
    this.discarded += this.queuedFrames;
    this.waiting.length = 0;
    this.head = 0;
    this.queuedBytes = 0;
    if (this.pressed) {
      this.pressed = false;
      this.onPressure(false);
    }
  }

  private write(frame: Buffer): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    this.inFlight += frame.length;
    this.onSent(frame.length);
    // Batch every frame of this tick into one writev (ws's private `_socket`; absent ⇒ no batching).
    const raw = (this.ws as unknown as { _socket?: Socket | null })._socket;
    if (raw) corkForTick(raw);
    this.ws.send(frame, () => {
      this.inFlight -= frame.length;
      this.flush();
    });
  }

  private flush(): void {
    while (!this.closed && this.head < this.waiting.length && this.inFlight < this.highWaterBytes) {
      const f = this.waiting[this.head]!;
      this.waiting[this.head++] = EMPTY;
      this.queuedBytes -= f.length;
      this.write(f);
    }
    if (this.pressed && this.queuedBytes < OUTBOX_QUEUE_LOW) {
      this.pressed = false;
      this.onPressure(false);
    }
    if (this.queuedFrames === 0) for (const fn of this.flushed.splice(0)) fn();
    if (this.head > 4096 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}

const EMPTY = Buffer.alloc(0);
