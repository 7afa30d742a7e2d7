/**
 * ssm-protocol.md §6.1: the `acknowledge` payload. Both ends only use the sequence number; the id
 * is echoed as the canonical (un-swapped) UUID string.
 */
import { engineError, type EngineError } from '../../../shared/contract/errors.js';

export interface AckPayload {
  readonly acknowledgedMessageType: string;
  readonly acknowledgedMessageId: string;
  readonly acknowledgedMessageSequenceNumber: number;
  readonly isSequentialMessage: boolean;
}

export function encodeAckPayload(ack: AckPayload): Buffer {
  // Field order as Go marshals it (§3.5 golden vector). Built by hand (one ack per received
  // message is the hot path); the same bytes as JSON.stringify of the object.
  const seq = ack.acknowledgedMessageSequenceNumber;
  return Buffer.from(
    '{"AcknowledgedMessageType":' +
      JSON.stringify(ack.acknowledgedMessageType) +
      ',"AcknowledgedMessageId":' +
      (UUID.test(ack.acknowledgedMessageId)
        ? '"' + ack.acknowledgedMessageId + '"'
        : JSON.stringify(ack.acknowledgedMessageId)) +
      ',"AcknowledgedMessageSequenceNumber":' +
      (Number.isFinite(seq) ? String(seq) : 'null') +
      ',"IsSequentialMessage":' +
      (ack.isSequentialMessage ? 'true' : 'false') +
      '}',
    'utf8',
  );
}

/** Strings that JSON.stringify leaves unescaped (the ids we emit); anything else goes through it. */
const UUID = /^[0-9a-f-]{36}$/;

export function decodeAckPayload(
  payload: Uint8Array,
): { ok: true; ack: AckPayload } | { ok: false; error: EngineError } {
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
