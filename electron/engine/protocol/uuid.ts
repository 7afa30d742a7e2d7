/**
 * ssm-protocol.md §3.2: a MessageId is written with its halves swapped. Canonical bytes U[0..15]
 * (the order of the hex digits) go on the wire as U[8..15] then U[0..7] — Java's
 * (leastSignificantBits, mostSignificantBits) serialisation, kept by both reference ends.
 */
const HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(text: string): boolean {
  return HEX.test(text);
}

/** Canonical (un-swapped) 16 bytes of a hyphenated UUID string. */
export function uuidToBytes(text: string): Buffer {
  const lower = text.toLowerCase();
  if (!HEX.test(lower)) throw new RangeError(`not a UUID: ${text}`);
  return Buffer.from(lower.replace(/-/g, ''), 'hex');
}

export function bytesToUuid(canonical: Uint8Array): string {
  const h = Buffer.from(canonical.buffer, canonical.byteOffset, canonical.byteLength).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Writes the swapped wire form of `text` into `target` at `offset` (16 bytes). */
export function writeWireUuid(text: string, target: Buffer, offset: number): void {
  const c = uuidToBytes(text);
  c.copy(target, offset, 8, 16);
  c.copy(target, offset + 8, 0, 8);
}

/** Reads the 16 wire bytes at `offset` and returns the canonical hyphenated string. */
export function readWireUuid(source: Uint8Array, offset: number): string {
  const c = Buffer.allocUnsafe(16);
  const src = Buffer.from(source.buffer, source.byteOffset, source.byteLength);
  src.copy(c, 0, offset + 8, offset + 16);
  src.copy(c, 8, offset, offset + 8);
  return bytesToUuid(c);
}

/** A random v4 UUID from 16 random bytes (randomness injected by the caller). */
export function uuidV4FromBytes(random16: Uint8Array): string {
  if (random16.length < 16) throw new RangeError('need 16 random bytes');
  const b = Buffer.from(random16.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  return bytesToUuid(b);
}
