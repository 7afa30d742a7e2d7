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
import { allocFrame } from './frameSlab.js';
import { MessageType } from './messageType.js';
import { readWireUuid, writeWireBytes, writeWireUuid } from './uuid.js';

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
  /** Canonical lower-case hyphenated UUID, or its 16 canonical bytes (IdSource.nextBytes). */
  readonly messageId: string | Uint8Array;
  readonly payloadType: number;
  readonly payload: Uint8Array;
}

export interface DecodedMessage extends ClientMessage {
  /** Canonical lower-case hyphenated UUID (made from the wire bytes on first read). */
  readonly messageId: string;
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

/**
 * HeaderLength + the space-padded MessageType field (bytes 0..35) per type, validated and built once:
 * a handful of types are ever sent, and this is per-message work otherwise. Bounded in case a
 * caller invents types.
 */
const TYPE_PREFIXES = new Map<string, Buffer>();
const MAX_CACHED_TYPES = 64;

function typePrefix(messageType: string): Buffer {
  const cached = TYPE_PREFIXES.get(messageType);
  if (cached !== undefined) return cached;
  if (
    messageType.length === 0 ||
    messageType.length > TYPE_FIELD_LENGTH ||
    !/^[\x20-\x7e]+$/.test(messageType)
  )
    throw new RangeError(`invalid MessageType: ${JSON.stringify(messageType)}`);
  const prefix = Buffer.alloc(4 + TYPE_FIELD_LENGTH, 0x20);
  prefix.writeUInt32BE(HEADER_LENGTH, 0);
  prefix.write(messageType, 4, 'ascii');
  if (TYPE_PREFIXES.size < MAX_CACHED_TYPES) TYPE_PREFIXES.set(messageType, prefix);
  return prefix;
}

/** Serialises a message with HeaderLength 116, space-padded type and a fresh digest. */
export function encodeMessage(m: ClientMessage): Buffer {
  const buf = allocMessage(m, m.payload.length);
  buf.set(m.payload, MESSAGE_OVERHEAD);
  return sealDigest(buf);
}

/**
 * The two halves of encodeMessage for encoders that write their payload in place (the ack, one per
 * message received): a buffer of MESSAGE_OVERHEAD + payloadLength bytes with everything but the
 * payload and its digest written…
 */
export function allocMessage(m: Omit<ClientMessage, 'payload'>, payloadLength: number): Buffer {
  const prefix = typePrefix(m.messageType);
  const buf = allocFrame(MESSAGE_OVERHEAD + payloadLength);
  prefix.copy(buf, 0);
  buf.writeUInt32BE(m.schemaVersion >>> 0, 36);
  writeUint64(buf, 40, m.createdDate);
  if (m.sequenceNumber >= 0) writeUint64(buf, 48, m.sequenceNumber);
  else buf.writeBigInt64BE(BigInt(m.sequenceNumber), 48);
  if (m.flags >= 0n && m.flags <= 0xffffffffn) {
    buf.writeUInt32BE(0, 56);
    buf.writeUInt32BE(Number(m.flags), 60);
  } else buf.writeBigUInt64BE(m.flags, 56);
  if (typeof m.messageId === 'string') writeWireUuid(m.messageId, buf, 64);
  else writeWireBytes(m.messageId, buf, 64);
  buf.writeUInt32BE(m.payloadType >>> 0, 112);
  buf.writeUInt32BE(payloadLength, HEADER_LENGTH);
  return buf;
}

/** …and, once the payload is in place at MESSAGE_OVERHEAD, its SHA-256 into PayloadDigest. */
export function sealDigest(buf: Buffer): Buffer {
  sha256(buf.subarray(MESSAGE_OVERHEAD)).copy(buf, 80);
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
  const message = new Decoded(frame);
  message.headerLength = headerLength;
  message.messageType = messageType;
  message.schemaVersion = schemaVersion;
  message.createdDate = createdDate;
  message.sequenceNumber = sequenceNumber;
  message.flags = flags;
  message.payloadDigest = payloadDigest;
  message.payloadType = payloadType;
  message.declaredPayloadLength = declaredPayloadLength;
  message.payload = payload;
  return { ok: true, message };
}

const EMPTY = new Uint8Array(0);

/**
 * A decoded message whose MessageId string is made on first read: the client never reads the id of
 * an ack (the bulk of what it receives on an upload), and turning 16 bytes into hex is per-message
 * work. The frame is kept by `payload` anyway.
 */
class Decoded implements DecodedMessage {
  headerLength = 0;
  messageType = '';
  schemaVersion = 0;
  createdDate = 0;
  sequenceNumber = 0;
  flags = 0n;
  payloadDigest: Uint8Array = EMPTY;
  payloadType = 0;
  declaredPayloadLength = 0;
  payload: Uint8Array = EMPTY;
  #frame: Buffer;
  #id: string | undefined;

  constructor(frame: Buffer) {
    this.#frame = frame;
  }

  get messageId(): string {
    return (this.#id ??= readWireUuid(this.#frame, 64));
  }
}
