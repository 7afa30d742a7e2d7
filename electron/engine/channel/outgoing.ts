/**
 * The un-acked outgoing stream-data messages (§6.4), bounded in BYTES: nothing is ever evicted or
 * refused (unlike the plugin's evict-oldest and the agent's refuse-newest, §15 pitfall 5); instead
 * `full` tells the producer to stop reading its local sockets until acks free space.
 *
 * Entries are kept in a Map keyed by sequence number; insertion order == sequence order, so
 * iteration walks oldest first and ack removal is O(1).
 */
export interface OutgoingEntry {
  readonly seq: number;
  readonly frame: Buffer;
  /** Monotonic ms of the first transmission (resend-limit clock). */
  firstSentAt: number;
  /** Monotonic ms of the last (re)transmission (RTO clock, RTT sample base). */
  lastSentAt: number;
  resends: number;
  /** Not yet transmitted (no link when it was queued). */
  unsent: boolean;
  /** Transmission order stamp of the last (re)transmission (loss detection, see dataChannel.ts). */
  tx: number;
}

const LOW_WATER_GAP_MAX = 1024 * 1024;

export class OutgoingBuffer {
  private readonly entries = new Map<number, OutgoingEntry>();
  private bytesHeld = 0;

  constructor(
    /** Producers are asked to stop above this many un-acked bytes. */
    readonly highWaterBytes: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }
  get bytes(): number {
    return this.bytesHeld;
  }
  get full(): boolean {
    return this.bytesHeld >= this.highWaterBytes;
  }
  /**
   * Wake paused producers once this far below the high-water mark: half of it, but at most 1 MiB
   * (~1 000 messages of hysteresis is plenty against pause/resume churn; half of a large window would
   * stall the producer for many round trips at a time — 8 MiB of a 16 MiB window is ~130 ms at
   * 60 MiB/s — which shows as bursty throughput).
   */
  get belowLowWater(): boolean {
    return this.bytesHeld <= this.highWaterBytes - Math.min(this.highWaterBytes / 2, LOW_WATER_GAP_MAX);
  }

  add(entry: OutgoingEntry): void {
    this.entries.set(entry.seq, entry);
    this.bytesHeld += entry.frame.length;
  }

  /** Removes and returns the entry acknowledged by `seq` (undefined for unknown numbers). */
  ack(seq: number): OutgoingEntry | undefined {
    const e = this.entries.get(seq);
    if (!e) return undefined;
    this.entries.delete(seq);
    this.bytesHeld -= e.frame.length;
    return e;
  }

  oldest(): OutgoingEntry | undefined {
    for (const e of this.entries.values()) return e;
    return undefined;
  }

  values(): IterableIterator<OutgoingEntry> {
    return this.entries.values();
  }

  clear(): void {
    this.entries.clear();
    this.bytesHeld = 0;
  }
}
