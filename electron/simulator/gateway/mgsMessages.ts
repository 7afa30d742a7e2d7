/**
 * Messages the gateway (MGS) itself generates. `channel_closed` is written the way the service
 * reportedly writes it (§3.1): HeaderLength 112 (no PayloadType field) and a NUL-padded
 * MessageType, so clients must parse HeaderLength-relative:
 *
 *   off  len  field
 *     0    4  HeaderLength = 112
 *     4   32  "channel_closed" + NUL bytes
 *    36    4  SchemaVersion 1 | 40 8 CreatedDate | 48 8 Seq 0 | 56 8 Flags 0
 *    64   16  MessageId (halves swapped) | 80 32 SHA-256(payload)
 *   112    4  PayloadLength
 *   116    n  payload JSON (§10.1)
 *
 * start_publication / pause_publication use the ordinary 116-byte header and an empty payload.
 */
import { encodeMessage, sha256 } from '../../engine/protocol/clientMessage.js';
import { MessageType } from '../../engine/protocol/messageType.js';
import { writeWireUuid } from '../../engine/protocol/uuid.js';

const MGS_HEADER_LENGTH = 112;

export function encodeChannelClosed(args: {
  messageId: string;
  createdDate: number;
  sessionId: string;
  destinationId: string;
  output: string;
}): Buffer {
  const payload = Buffer.from(
    JSON.stringify({
      MessageId: args.messageId,
      CreatedDate: new Date(args.createdDate).toISOString(),
      DestinationId: args.destinationId,
      SessionId: args.sessionId,
      MessageType: MessageType.ChannelClosed,
      SchemaVersion: 1,
      Output: args.output,
    }),
    'utf8',
  );
  const buf = Buffer.alloc(MGS_HEADER_LENGTH + 4 + payload.length); // zero-filled: NUL padding
  buf.writeUInt32BE(MGS_HEADER_LENGTH, 0);
  buf.write(MessageType.ChannelClosed, 4, 'ascii');
  buf.writeUInt32BE(1, 36);
  buf.writeBigUInt64BE(BigInt(args.createdDate), 40);
  writeWireUuid(args.messageId, buf, 64);
  sha256(payload).copy(buf, 80);
  buf.writeUInt32BE(payload.length, MGS_HEADER_LENGTH);
  payload.copy(buf, MGS_HEADER_LENGTH + 4);
  return buf;
}

export function encodePublication(
  type: typeof MessageType.StartPublication | typeof MessageType.PausePublication,
  messageId: string,
  createdDate: number,
): Buffer {
  return encodeMessage({
    messageType: type,
    schemaVersion: 1,
    createdDate,
    sequenceNumber: 0,
    flags: 0n,
    messageId,
    payloadType: 0,
    payload: new Uint8Array(0),
  });
}
