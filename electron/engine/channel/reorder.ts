/**
 * Out-of-order incoming stream-data messages (§6.3), bounded by count and bytes. A message is
 * acked when stored (agent semantics) and must therefore never be dropped once stored; when the
 * buffer is full a new message is refused (not acked), so the agent retransmits it later.
 */
export interface BufferedMessage {
  readonly seq: number;
  readonly payloadType: number;
  readonly payload: Uint8Array;
  readonly messageId: string;
}

export class ReorderBuffer {
  private readonly messages = new Map<number, BufferedMessage>();
  private bytesHeld = 0;

  constructor(
    readonly maxMessages: number,
    readonly maxBytes: number,
  ) {}

  get size(): number {
    return this.messages.size;
  }
  has(seq: number): boolean {
    return this.messages.has(seq);
  }

  /** false = refused (full); the caller must not ack. A stored duplicate is kept as is. */
  store(m: BufferedMessage): boolean {
    if (this.messages.has(m.seq)) return true;
    if (this.messages.size >= this.maxMessages || this.bytesHeld + m.payload.length > this.maxBytes)
      return false;
    // Copy: the payload is a view into a WebSocket frame we must not pin or alias.
    this.messages.set(m.seq, { ...m, payload: Buffer.from(m.payload) });
    this.bytesHeld += m.payload.length;
    return true;
  }

  peek(seq: number): BufferedMessage | undefined {
    return this.messages.get(seq);
  }

  delete(seq: number): void {
    const m = this.messages.get(seq);
    if (!m) return;
    this.messages.delete(seq);
    this.bytesHeld -= m.payload.length;
  }

  clear(): void {
    this.messages.clear();
    this.bytesHeld = 0;
  }
}
