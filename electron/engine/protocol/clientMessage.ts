/**
 * The SSM data-channel message (the plugin's ClientMessage, the agent's AgentMessage): encode and
 * decode, no I/O. ssm-protocol.md §3.1, all integers big-endian:
 *
 *   off  len  field
 *     0    4  HeaderLength   u32, bytes before PayloadLength; senders write 116
 *     4   32  MessageType    ASCII, left-aligned, space padded (MGS may NUL-pad)
 *    36    4  SchemaVersion  u32 = 1
 *    40    8  CreatedDate    u64 ms since epoch, non-zero
 *    48    8  SequenceNumber i64, per direction from 0; 0 on acks/control
 *    56    8  Flags          u64, bit0 SYN, bit1 FIN
 *    64   16  MessageId      UUID with halves swapped (§3.2)
 *    80   32  PayloadDigest  SHA-256 of the payload
 *   112    4  PayloadType    u32 (absent when HeaderLength = 112, e.g. MGS channel_closed)
 *    HL    4  PayloadLength  u32
 *  HL+4    n  Payload        to the end of the frame
 */
import { hash } from 'node:crypto';
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import { MessageType } from './messageType.js';
import { readWireUuid, writeWireUuid } from './uuid.js';

export const HEADER_LENGTH = 116;
/** Header + PayloadLength: the size of a message with an empty payload. */
export const MESSAGE_OVERHEAD = HEADER_LENGTH + 4;
/** The smallest HeaderLength we can parse: everything up to and including PayloadDigest (§3.1, MGS). */
export const MIN_HEADER_LENGTH = 112;
const TYPE_FIELD_LENGTH = 32;
export const SCHEMA_VERSION = 1;
/** Frames larger than this are rejected before hashing (defence against hostile peers). */
export const MAX_FRAME_BYTES = 1024 * 1024;

export interface ClientMessage {
  readonly messageType: string;
  readonly schemaVersion: number;
  /** Milliseconds since the Unix epoch. */
  readonly createdDate: number;
  readonly sequenceNumber: number;
  readonly flags: bigint;
  /** Canonical lower-case hyphenated UUID. */
  readonly messageId: string;
  readonly payloadType: number;
  readonly payload: Uint8Array;
}

export interface DecodedMessage extends ClientMessage {
  readonly headerLength: number;
  /** The PayloadLength field as written (may disagree with the real payload size). */
  readonly declaredPayloadLength: number;
  readonly payloadDigest: Uint8Array;
}

export type DecodeResult =
  | { readonly ok: true; readonly message: DecodedMessage }
  | { readonly ok: false; readonly error: EngineError };

/** One-shot SHA-256 (`crypto.hash`: one native call instead of createHash/update/digest objects). */
export function sha256(payload: Uint8Array): Buffer {
  return hash('sha256', payload, 'buffer');
}

/** Serialises a message with HeaderLength 116, space-padded type and a fresh digest. */
export function encodeMessage(m: ClientMessage): Buffer {
  if (
    m.messageType.length === 0 ||
    m.messageType.length > TYPE_FIELD_LENGTH ||
    !/^[\x20-\x7e]+$/.test(m.messageType)
  )
    throw new RangeError(`invalid MessageType: ${JSON.stringify(m.messageType)}`);
  const n = m.payload.length;
  const buf = Buffer.allocUnsafe(MESSAGE_OVERHEAD + n);
  buf.writeUInt32BE(HEADER_LENGTH, 0);
  buf.fill(0x20, 4, 4 + TYPE_FIELD_LENGTH);
  buf.write(m.messageType, 4, 'ascii');
  buf.writeUInt32BE(m.schemaVersion >>> 0, 36);
  writeUint64(buf, 40, m.createdDate);
  if (m.sequenceNumber >= 0) writeUint64(buf, 48, m.sequenceNumber);
  else buf.writeBigInt64BE(BigInt(m.sequenceNumber), 48);
  buf.writeBigUInt64BE(m.flags, 56);
  writeWireUuid(m.messageId, buf, 64);
  sha256(m.payload).copy(buf, 80);
  buf.writeUInt32BE(m.payloadType >>> 0, 112);
  buf.writeUInt32BE(n, 116);
  buf.set(m.payload, 120);
  return buf;
}

/** The high 32 bits of Number.MAX_SAFE_INTEGER (2^53 - 1). */
const MAX_SAFE_HIGH_HALF = 0x1fffff;
/** Flags values peers send (0, SYN, FIN, SYN|FIN = ack), pre-made so decoding allocates no BigInt. */
const SMALL_FLAGS: readonly bigint[] = [0n, 1n, 2n, 3n];

function readFlags(frame: Buffer): bigint {
  if (frame.readUInt32BE(56) === 0) {
    const low = frame.readUInt32BE(60);
    if (low < SMALL_FLAGS.length) return SMALL_FLAGS[low]!;
  }
  return frame.readBigUInt64BE(56);
}

/** Writes a non-negative safe integer as u64 big-endian (throws like BigInt() on anything else). */
function writeUint64(buf: Buffer, offset: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a u64 safe integer: ${value}`);
  buf.writeUInt32BE(Math.floor(value / 2 ** 32), offset);
  buf.writeUInt32BE(value >>> 0, offset + 4);
}

function malformed(reason: string, detail?: Record<string, string | number>): DecodeResult {
  return {
    ok: false,
    error: engineError(
      'PROTOCOL_MALFORMED_FRAME',
      `malformed data-channel message: ${reason}`,
      detail ? { detail } : {},
    ),
  };
}

/** Strip NUL bytes from both ends, then whitespace (§3.1: MGS NUL-pads, peers space-pad). */
function readMessageType(frame: Buffer): string {
  let start = 4;
  let end = 4 + TYPE_FIELD_LENGTH;
  while (start < end && frame[start] === 0) start++;
  while (end > start && frame[end - 1] === 0) end--;
  return frame.toString('latin1', start, end).trim();
}

/**
 * Parses one frame leniently (HeaderLength-relative, payload to the frame end) and validates it the
 * way the plugin does: publication messages skip every check; otherwise MessageType non-empty,
 * CreatedDate non-zero and, if the payload is non-empty, the SHA-256 digest must match.
 * The returned payload is a view into `input` (no copy). `verifyDigest: false` is the agent's
 * behaviour (it never checks the digest, §3.1) — the simulator's agent uses it.
 */
export function decodeMessage(input: Uint8Array, opts?: { readonly verifyDigest?: boolean }): DecodeResult {
  const frame = Buffer.isBuffer(input)
    ? input
    : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (frame.length > MAX_FRAME_BYTES) return malformed('frame too large', { length: frame.length });
  if (frame.length < MIN_HEADER_LENGTH + 4)
    return malformed('frame shorter than the fixed header', { length: frame.length });
  const headerLength = frame.readUInt32BE(0);
  if (headerLength < MIN_HEADER_LENGTH || headerLength + 4 > frame.length)
    return malformed('HeaderLength points outside the frame', { headerLength, length: frame.length });
  const messageType = readMessageType(frame);
  const schemaVersion = frame.readUInt32BE(36);
  // 64-bit fields as two u32 halves (no BigInt per message on the hot path); a safe integer has
  // a high half ≤ 0x1fffff.
  const createdHi = frame.readUInt32BE(40);
  const createdDate = createdHi * 2 ** 32 + frame.readUInt32BE(44);
  const sequenceHi = frame.readInt32BE(48);
  const sequenceNumber = sequenceHi * 2 ** 32 + frame.readUInt32BE(52);
  const flags = readFlags(frame);
  const messageId = readWireUuid(frame, 64);
  const payloadDigest = frame.subarray(80, 112);
  const payloadType = headerLength >= 116 ? frame.readUInt32BE(112) : 0;
  const declaredPayloadLength = frame.readUInt32BE(headerLength);
  const payload = frame.subarray(headerLength + 4);
  const isPublication =
    messageType === MessageType.StartPublication || messageType === MessageType.PausePublication;
  if (!isPublication) {
    if (messageType.length === 0) return malformed('empty MessageType');
    if (createdDate === 0) return malformed('CreatedDate is zero');
    // §3.1: checked when PayloadLength ≠ 0 (as the plugin does) or bytes follow — so a frame cut
    // right after the header (PayloadLength 64, no payload) is dropped, not taken as empty data.
    if (
      opts?.verifyDigest !== false &&
      (declaredPayloadLength !== 0 || payload.length !== 0) &&
      !sha256(payload).equals(payloadDigest)
    )
      return malformed('payload digest mismatch', { messageType, sequenceNumber });
  }
  if (sequenceHi < 0 || sequenceHi > MAX_SAFE_HIGH_HALF)
    return malformed('SequenceNumber out of range', { messageType });
  if (createdHi > MAX_SAFE_HIGH_HALF) return malformed('CreatedDate out of range', { messageType });
  return {
    ok: true,
    message: {
      headerLength,
      messageType,
      schemaVersion,
      createdDate,
      sequenceNumber,
      flags,
      messageId,
      payloadDigest,
      payloadType,
      declaredPayloadLength,
      payload,
    },
  };
}
