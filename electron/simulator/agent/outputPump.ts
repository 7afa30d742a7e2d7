/**
 * The agent's read loop towards the data channel: bytes from the port plugin (the smux stream or,
 * in basic mode, the target socket) are queued here and cut into ≤1024-byte Output messages
 * (StreamDataPayloadSize, §8.3). With pacing 'agent' it sleeps 1 ms after each chunk like the real
 * agent; while the channel is paused it stops reading (§9). `onBackpressure(true)` asks producers
 * to pause their sockets when too much is queued.
 */
export const CHUNK_BYTES = 1024;
const HIGH_WATER = 256 * 1024;
const LOW_WATER = 64 * 1024;

export interface OutputPumpOptions {
  send(chunk: Buffer): void;
  isPaused(): boolean;
  pacing(): 'none' | 'agent';
  onBackpressure(stop: boolean): void;
}

export class OutputPump {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private closed = false;

  constructor(private readonly o: OutputPumpOptions) {}

  get pendingBytes(): number {
    return this.queued;
  }

  write(bytes: Uint8Array): void {
    if (this.closed || bytes.length === 0) return;
    this.queue.push(Buffer.from(bytes));
    this.queued += bytes.length;
    if (!this.stopped && this.queued > HIGH_WATER) {
      this.stopped = true;
      this.o.onBackpressure(true);
    }
    this.kick();
  }

  /** Drains what it may now; call again when the channel is unpaused. */
  kick(): void {
    if (this.timer !== undefined || this.closed) return;
    while (this.queued > 0 && !this.o.isPaused()) {
      this.o.send(this.take(CHUNK_BYTES));
      if (this.o.pacing() === 'agent') {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.kick();
        }, 1);
        return;
      }
    }
  }

  private take(max: number): Buffer {
    const parts: Buffer[] = [];
    let n = 0;
    while (n < max && this.queue.length > 0) {
      const head = this.queue[0]!;
      const want = max - n;
      if (head.length <= want) {
        parts.push(head);
        n += head.length;
        this.queue.shift();
      } else {
        parts.push(head.subarray(0, want));
        this.queue[0] = head.subarray(want);
        n += want;
      }
    }
    this.queued -= n;
    if (this.stopped && this.queued < LOW_WATER) {
      this.stopped = false;
      this.o.onBackpressure(false);
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue.length = 0;
    this.queued = 0;
  }
}
