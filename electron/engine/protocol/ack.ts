/**
 * ssm-protocol.md §6.1: the `acknowledge` payload. Both ends only use the sequence number; the id
 * is echoed as the canonical (un-swapped) UUID string.
 */
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import { allocMessage, MESSAGE_OVERHEAD, sealDigest } from './clientMessage.js';
import { HeaderFlags } from './flags.js';
import { MessageType } from './messageType.js';
import { PayloadType } from './payloadType.js';

export interface AckPayload {
  readonly acknowledgedMessageType: string;
  readonly acknowledgedMessageId: string;
  readonly acknowledgedMessageSequenceNumber: number;
  readonly isSequentialMessage: boolean;
}

export function encodeAckPayload(ack: AckPayload): Buffer {
  return Buffer.from(ackJson(ack).text, 'utf8');
}

/**
 * The whole `acknowledge` message for `ack` (§6.1: SequenceNumber 0, Flags SYN|FIN as both
 * reference ends send, PayloadType 0), its JSON written straight into the frame: one buffer per ack
 * instead of a payload buffer copied into a frame.
 */
export function encodeAckMessage(
  header: { readonly createdDate: number; readonly messageId: string | Uint8Array },
  ack: AckPayload,
): Buffer {
  const { text, ascii } = ackJson(ack);
  const length = ascii ? text.length : Buffer.byteLength(text, 'utf8');
  const buf = allocMessage(
    {
      messageType: MessageType.Acknowledge,
      schemaVersion: 1,
      createdDate: header.createdDate,
      sequenceNumber: 0,
      flags: HeaderFlags.Ack,
      messageId: header.messageId,
      payloadType: PayloadType.Unset,
    },
    length,
  );
  buf.write(text, MESSAGE_OVERHEAD, length, ascii ? 'latin1' : 'utf8');
  return sealDigest(buf);
}

/**
 * The payload text: field order as Go marshals it (§3.5 golden vector), built by hand (one ack per
 * received message is the hot path) — the same bytes as JSON.stringify of the object. `ascii`: every
 * character is one byte (then the length needs no UTF-8 count).
 */
function ackJson(ack: AckPayload): { text: string; ascii: boolean } {
  const seq = ack.acknowledgedMessageSequenceNumber;
  const type = ack.acknowledgedMessageType;
  const id = ack.acknowledgedMessageId;
  const plainType = isPlain(type);
  const plainId = isPlain(id);
  const text =
    '{"AcknowledgedMessageType":' +
    (plainType ? '"' + type + '"' : JSON.stringify(type)) +
    ',"AcknowledgedMessageId":' +
    (plainId ? '"' + id + '"' : JSON.stringify(id)) +
    ',"AcknowledgedMessageSequenceNumber":' +
    (Number.isFinite(seq) ? String(seq) : 'null') +
    ',"IsSequentialMessage":' +
    (ack.isSequentialMessage ? 'true' : 'false') +
    '}';
  return { text, ascii: plainType && plainId };
}

/** Only [A-Za-z0-9_-]: JSON.stringify leaves such a string as it is (the ids and types we emit). */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isPlainChar(s.charCodeAt(i))) return false;
  return true;
}

function isPlainChar(c: number): boolean {
  const lower = c | 0x20;
  return (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a) || c === 0x2d || c === 0x5f;
}

export type AckDecodeResult = { ok: true; ack: AckPayload } | { ok: false; error: EngineError };

export function decodeAckPayload(payload: Uint8Array): AckDecodeResult {
  return decodeCanonicalAck(payload) ?? decodeAckJson(payload);
}

// The exact bytes both reference ends marshal (Go field order, no spaces):
//   {"AcknowledgedMessageType":"<type>","AcknowledgedMessageId":"<id>",
//    "AcknowledgedMessageSequenceNumber":<n>,"IsSequentialMessage":<true|false>}
const K_TYPE = Buffer.from('{"AcknowledgedMessageType":"', 'latin1');
const K_ID = Buffer.from('","AcknowledgedMessageId":"', 'latin1');
const K_SEQ = Buffer.from('","AcknowledgedMessageSequenceNumber":', 'latin1');
const K_SEQUENTIAL = Buffer.from(',"IsSequentialMessage":', 'latin1');
const TRUE_END = Buffer.from('true}', 'latin1');
const FALSE_END = Buffer.from('false}', 'latin1');
/** The longest integer that is always safe (Number.MAX_SAFE_INTEGER has 16 digits). */
const MAX_SEQ_DIGITS = 15;

function matches(p: Uint8Array, at: number, literal: Uint8Array): boolean {
  if (at + literal.length > p.length) return false;
  for (let i = 0; i < literal.length; i++) if (p[at + i] !== literal[i]) return false;
  return true;
}

/** End of a run of [A-Za-z0-9_-] starting at `at` (strings JSON leaves as they are). */
function plainRun(p: Uint8Array, at: number): number {
  let i = at;
  while (i < p.length && isPlainChar(p[i]!)) i++;
  return i;
}

/**
 * The hot path (one ack per message sent): reads the canonical layout byte by byte, with no string
 * for the whole payload and no JSON.parse. Anything else — other field order, spaces, escapes,
 * a leading zero, a long number — returns undefined and goes through JSON.parse, so both paths
 * give the same answer (property-tested).
 */
function decodeCanonicalAck(p: Uint8Array): AckDecodeResult | undefined {
  if (!matches(p, 0, K_TYPE)) return undefined;
  const typeStart = K_TYPE.length;
  const typeEnd = plainRun(p, typeStart);
  if (!matches(p, typeEnd, K_ID)) return undefined;
  const idStart = typeEnd + K_ID.length;
  const idEnd = plainRun(p, idStart);
  if (!matches(p, idEnd, K_SEQ)) return undefined;
  let i = idEnd + K_SEQ.length;
  const digitsStart = i;
  let seq = 0;
  for (; i < p.length && p[i]! >= 0x30 && p[i]! <= 0x39; i++) seq = seq * 10 + (p[i]! - 0x30);
  const digits = i - digitsStart;
  if (digits === 0 || digits > MAX_SEQ_DIGITS || (digits > 1 && p[digitsStart] === 0x30)) return undefined;
  if (!matches(p, i, K_SEQUENTIAL)) return undefined;
  i += K_SEQUENTIAL.length;
  let sequential: boolean;
  if (i + TRUE_END.length === p.length && matches(p, i, TRUE_END)) sequential = true;
  else if (i + FALSE_END.length === p.length && matches(p, i, FALSE_END)) sequential = false;
  else return undefined;
  const text = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  return {
    ok: true,
    ack: {
      acknowledgedMessageType: text.toString('latin1', typeStart, typeEnd),
      acknowledgedMessageId: text.toString('latin1', idStart, idEnd),
      acknowledgedMessageSequenceNumber: seq,
      isSequentialMessage: sequential,
    },
  };
}

function decodeAckJson(payload: Uint8Array): AckDecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8'));
  } catch {
    return { ok: false, error: engineError('PROTOCOL_MALFORMED_FRAME', 'acknowledge payload is not JSON') };
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return {
      ok: false,
      error: engineError('PROTOCOL_MALFORMED_FRAME', 'acknowledge payload is not an object'),
    };
  }
  const p = parsed as Record<string, unknown>;
  const seq = p['AcknowledgedMessageSequenceNumber'];
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) {
    return {
      ok: false,
      error: engineError('PROTOCOL_MALFORMED_FRAME', 'acknowledge payload has no valid sequence number'),
    };
  }
  return {
    ok: true,
    ack: {
      acknowledgedMessageType:
        typeof p['AcknowledgedMessageType'] === 'string' ? p['AcknowledgedMessageType'] : '',
      acknowledgedMessageId: typeof p['AcknowledgedMessageId'] === 'string' ? p['AcknowledgedMessageId'] : '',
      acknowledgedMessageSequenceNumber: seq,
      isSequentialMessage: p['IsSequentialMessage'] === true,
    },
  };
}
