/**
 * Fresh v4 MessageIds (§3.2: every message, including each ack, gets one) from injected randomness.
 * Random bytes are drawn in blocks: one `random.bytes()` call per 256 ids instead of one per message
 * (a measurable cost on the 1024-byte-message hot path).
 */
import type { Random } from '../ports/clock.js';
import { uuidV4FromBytes } from '../protocol/uuid.js';

const IDS_PER_BLOCK = 256;

export class IdSource {
  private block: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(private readonly random: Random) {}

  next(): string {
    if (this.offset + 16 > this.block.length) {
      this.block = this.random.bytes(16 * IDS_PER_BLOCK);
      this.offset = 0;
    }
    const id = uuidV4FromBytes(this.block.subarray(this.offset, this.offset + 16));
    this.offset += 16;
    return id;
  }
}
