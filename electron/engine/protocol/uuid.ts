/**
 * ssm-protocol.md §3.2: a MessageId is written with its halves swapped. Canonical bytes U[0..15]
 * (the order of the hex digits) go on the wire as U[8..15] then U[0..7] — Java's
 * (leastSignificantBits, mostSignificantBits) serialisation, kept by both reference ends.
 */
const HEX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(text: string): boolean {
  return HEX.test(text);
}

/** Two lower-case hex digits per byte value (string building without Buffer/toString per id). */
const BYTE_HEX: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** Offsets of the 32 hex digits inside the 36-character hyphenated form. */
const DIGIT_AT: readonly number[] = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30; // 0-9
  const lower = code | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x57; // a-f / A-F
  return -1;
}

/** Parses canonical byte `i` (0..15) of a hyphenated UUID; -1 if not hex. */
function byteAt(text: string, i: number): number {
  const at = DIGIT_AT[i]!;
  const hi = hexValue(text.charCodeAt(at));
  const lo = hexValue(text.charCodeAt(at + 1));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

function hasUuidShape(text: string): boolean {
  return (
    text.length === 36 &&
    text.charCodeAt(8) === 0x2d &&
    text.charCodeAt(13) === 0x2d &&
    text.charCodeAt(18) === 0x2d &&
    text.charCodeAt(23) === 0x2d
  );
}

/** Canonical (un-swapped) 16 bytes of a hyphenated UUID string. */
export function uuidToBytes(text: string): Buffer {
  const out = Buffer.allocUnsafe(16);
  writeCanonical(text, out, 0, 0);
  return out;
}

/** Writes canonical byte i of `text` at `offset + (i ^ swap)`; throws RangeError on a non-UUID. */
function writeCanonical(text: string, target: Uint8Array, offset: number, swap: 0 | 8): void {
  if (!hasUuidShape(text)) throw new RangeError(`not a UUID: ${text}`);
  for (let i = 0; i < 16; i++) {
    const b = byteAt(text, i);
    if (b < 0) throw new RangeError(`not a UUID: ${text}`);
    target[offset + (i ^ swap)] = b;
  }
}

/**
 * The hyphenated string of 16 bytes at `offset`, byte i read from `offset + (i ^ swap)` (swap 8 =
 * wire order); `v4` sets the version/variant bits. No closures: this runs for every message.
 */
function hyphenated(b: Uint8Array, offset: number, swap: 0 | 8, v4: boolean): string {
  let out = '';
  for (let i = 0; i < 16; i++) {
    let v = b[offset + (i ^ swap)]!;
    if (v4 && i === 6) v = (v & 0x0f) | 0x40;
    else if (v4 && i === 8) v = (v & 0x3f) | 0x80;
    out += BYTE_HEX[v]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) out += '-';
  }
  return out;
}

export function bytesToUuid(canonical: Uint8Array): string {
  if (canonical.length < 16) throw new RangeError('need 16 bytes');
  return hyphenated(canonical, 0, 0, false);
}

/** Writes the swapped wire form of `text` into `target` at `offset` (16 bytes): U[8..15] then U[0..7]. */
export function writeWireUuid(text: string, target: Buffer, offset: number): void {
  // Index i ^ 8 maps canonical byte i to its wire position (0..7 ↔ 8..15).
  writeCanonical(text, target, offset, 8);
}

/** Writes 16 canonical bytes into `target` at `offset` in wire order (U[8..15] then U[0..7]). */
export function writeWireBytes(canonical: Uint8Array, target: Uint8Array, offset: number): void {
  if (canonical.length !== 16) throw new RangeError('a MessageId is 16 bytes');
  for (let i = 0; i < 16; i++) target[offset + (i ^ 8)] = canonical[i]!;
}

/** Makes 16 random canonical bytes a version-4, RFC 4122-variant UUID, in place. */
export function setV4Bits(canonical: Uint8Array): void {
  canonical[6] = (canonical[6]! & 0x0f) | 0x40;
  canonical[8] = (canonical[8]! & 0x3f) | 0x80;
}

/** Reads the 16 wire bytes at `offset` and returns the canonical hyphenated string. */
export function readWireUuid(source: Uint8Array, offset: number): string {
  if (offset + 16 > source.length) throw new RangeError('UUID outside the buffer');
  return hyphenated(source, offset, 8, false);
}

/** A random v4 UUID from 16 random bytes (randomness injected by the caller). */
export function uuidV4FromBytes(random16: Uint8Array): string {
  if (random16.length < 16) throw new RangeError('need 16 random bytes');
  return hyphenated(random16, 0, 0, true);
}
