/**
 * Fresh v4 MessageIds (§3.2: every message, including each ack, gets one) from injected randomness.
 * Random bytes are drawn in blocks: one `random.bytes()` call per 256 ids instead of one per message
 * (a measurable cost on the 1024-byte-message hot path). `nextBytes()` hands out the 16 canonical
 * bytes themselves: encodeMessage writes them to the wire with no hex string in between (an id is
 * only ever read as text when a peer echoes it in an ack).
 */
import type { Random } from '../ports/clock.js';
import { setV4Bits, uuidV4FromBytes } from './uuid.js';

const IDS_PER_BLOCK = 256;

export class IdSource {
  private block: Uint8Array = new Uint8Array(0);
  private offset = 0;

  constructor(private readonly random: Random) {}

  /** 16 canonical bytes of a fresh v4 UUID (a view into a block nobody else writes to). */
  nextBytes(): Uint8Array {
    if (this.offset + 16 > this.block.length) {
      this.block = this.random.bytes(16 * IDS_PER_BLOCK);
      this.offset = 0;
    }
    const id = this.block.subarray(this.offset, this.offset + 16);
    this.offset += 16;
    setV4Bits(id);
    return id;
  }

  /** The same as text (canonical lower-case hyphenated). */
  next(): string {
    return uuidV4FromBytes(this.nextBytes());
  }
}
