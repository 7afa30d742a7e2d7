/**
 * The hand-built hot-path encoders must produce exactly what the straightforward versions did:
 * the ack payload = JSON.stringify in Go's field order; UUIDs = hex of the bytes, halves swapped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAckPayload } from '../../../../../electron/engine/protocol/ack.js';
import {
  bytesToUuid,
  readWireUuid,
  uuidToBytes,
  uuidV4FromBytes,
  writeWireUuid,
} from '../../../../../electron/engine/protocol/uuid.js';

function referenceUuid(bytes: Uint8Array): string {
  const h = Buffer.from(bytes).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

describe('hot-path encoders', () => {
  it('encodeAckPayload equals JSON.stringify in Go field order, for any field values', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.oneof(fc.uuid(), fc.string()),
        fc.nat(),
        fc.boolean(),
        (type, id, seq, seqFlag) => {
          const expected = JSON.stringify({
            AcknowledgedMessageType: type,
            AcknowledgedMessageId: id,
            AcknowledgedMessageSequenceNumber: seq,
            IsSequentialMessage: seqFlag,
          });
          const got = encodeAckPayload({
            acknowledgedMessageType: type,
            acknowledgedMessageId: id,
            acknowledgedMessageSequenceNumber: seq,
            isSequentialMessage: seqFlag,
          });
          expect(got.toString('utf8')).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('UUID conversions match the hex reference and swap halves on the wire (§3.2)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = referenceUuid(bytes);
        expect(bytesToUuid(bytes)).toBe(text);
        expect(Buffer.from(uuidToBytes(text)).equals(Buffer.from(bytes))).toBe(true);
        expect(uuidToBytes(text.toUpperCase()).equals(Buffer.from(bytes))).toBe(true);
        const wire = Buffer.alloc(20);
        writeWireUuid(text, wire, 2);
        expect(wire.subarray(2, 10).equals(Buffer.from(bytes.subarray(8, 16)))).toBe(true);
        expect(wire.subarray(10, 18).equals(Buffer.from(bytes.subarray(0, 8)))).toBe(true);
        expect(readWireUuid(wire, 2)).toBe(text);
        const v4 = uuidV4FromBytes(bytes);
        expect(v4[14]).toBe('4');
        expect('89ab').toContain(v4[19]);
      }),
      { numRuns: 500 },
    );
  });

  it('rejects non-UUID text', () => {
    for (const bad of [
      '',
      'not-a-uuid',
      'dd01e56b-ff48-483e-a508-b5f073f31b1g',
      'dd01e56bff48483ea508b5f073f31b16xxxx',
    ])
      expect(() => uuidToBytes(bad)).toThrow(RangeError);
  });
});
