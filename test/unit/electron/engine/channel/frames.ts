/** Builders for raw agent/MGS frames in channel tests. */
import { decodeAckPayload } from '../../../../../electron/engine/protocol/ack.js';
import { decodeMessage, encodeMessage } from '../../../../../electron/engine/protocol/clientMessage.js';
import { HeaderFlags } from '../../../../../electron/engine/protocol/flags.js';

let n = 0;
function id(): string {
  n++;
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export function output(seq: number, payload: Buffer | string, payloadType = 1): Buffer {
  return encodeMessage({
    messageType: 'output_stream_data',
    schemaVersion: 1,
    createdDate: 1_700_000_000_000,
    sequenceNumber: seq,
    flags: seq === 0 ? HeaderFlags.Syn : HeaderFlags.None,
    messageId: id(),
    payloadType,
    payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
  });
}

export function ackFor(seq: number): Buffer {
  return encodeMessage({
    messageType: 'acknowledge',
    schemaVersion: 1,
    createdDate: 1_700_000_000_000,
    sequenceNumber: 0,
    flags: HeaderFlags.Ack,
    messageId: id(),
    payloadType: 0,
    payload: Buffer.from(
      JSON.stringify({
        AcknowledgedMessageType: 'input_stream_data',
        AcknowledgedMessageId: id(),
        AcknowledgedMessageSequenceNumber: seq,
        IsSequentialMessage: true,
      }),
    ),
  });
}

export function control(type: string, payload: string): Buffer {
  return encodeMessage({
    messageType: type,
    schemaVersion: 1,
    createdDate: 1_700_000_000_000,
    sequenceNumber: 0,
    flags: 0n,
    messageId: id(),
    payloadType: 0,
    payload: Buffer.from(payload),
  });
}

/** Summarises captured frames: acks as `ack:<seq>`, stream data as `data:<seq>`. */
export function describe(frames: Buffer[]): string[] {
  return frames.map((f) => {
    const r = decodeMessage(f);
    if (!r.ok) return 'invalid';
    if (r.message.messageType === 'acknowledge') {
      const a = decodeAckPayload(r.message.payload);
      return a.ok ? `ack:${a.ack.acknowledgedMessageSequenceNumber}` : 'ack:?';
    }
    return `data:${r.message.sequenceNumber}`;
  });
}
