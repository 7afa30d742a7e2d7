/**
 * The hand-built hot paths must give exactly what the straightforward versions do: the ack payload
 * = JSON.stringify in Go's field order and its reader = JSON.parse; UUIDs = hex of the bytes, halves
 * swapped; a MessageId handed over as bytes = the same id as text; the lazily made id of a decoded
 * message = the eager one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAckPayload,
  encodeAckMessage,
  encodeAckPayload,
} from '../../../../../electron/engine/protocol/ack.js';
import { decodeMessage, encodeMessage } from '../../../../../electron/engine/protocol/clientMessage.js';
import { IdSource } from '../../../../../electron/engine/protocol/messageIds.js';
import {
  bytesToUuid,
  readWireUuid,
  uuidToBytes,
  uuidV4FromBytes,
  writeWireBytes,
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

  it('encodeAckMessage writes the same frame as encodeMessage of the ack payload', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom('input_stream_data', 'output_stream_data'), fc.string()),
        fc.oneof(fc.uuid(), fc.string()),
        fc.nat(),
        fc.uint8Array({ minLength: 16, maxLength: 16 }),
        (type, id, seq, idBytes) => {
          const ack = {
            acknowledgedMessageType: type,
            acknowledgedMessageId: id,
            acknowledgedMessageSequenceNumber: seq,
            isSequentialMessage: true,
          };
          const header = { createdDate: 1_700_000_000_123, messageId: idBytes };
          const expected = encodeMessage({
            ...header,
            messageType: 'acknowledge',
            schemaVersion: 1,
            sequenceNumber: 0,
            flags: 3n,
            payloadType: 0,
            payload: encodeAckPayload(ack),
          });
          expect(encodeAckMessage(header, ack).equals(expected)).toBe(true);
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

  it('decodeAckPayload: the byte-level fast path agrees with JSON.parse on canonical and odd payloads', () => {
    const reference = (p: Buffer): unknown => {
      try {
        const o = JSON.parse(p.toString('utf8')) as Record<string, unknown>;
        const seq = o['AcknowledgedMessageSequenceNumber'];
        if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return 'error';
        return {
          acknowledgedMessageType:
            typeof o['AcknowledgedMessageType'] === 'string' ? o['AcknowledgedMessageType'] : '',
          acknowledgedMessageId:
            typeof o['AcknowledgedMessageId'] === 'string' ? o['AcknowledgedMessageId'] : '',
          acknowledgedMessageSequenceNumber: seq,
          isSequentialMessage: o['IsSequentialMessage'] === true,
        };
      } catch {
        return 'error';
      }
    };
    const got = (p: Buffer): unknown => {
      const r = decodeAckPayload(p);
      return r.ok ? r.ack : 'error';
    };
    const canonical = fc
      .record({
        type: fc.oneof(fc.constantFrom('input_stream_data', 'output_stream_data', ''), fc.string()),
        id: fc.oneof(fc.uuid(), fc.string()),
        seq: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER), fc.integer({ min: -5, max: -1 })),
        sequential: fc.boolean(),
      })
      .map((r) =>
        Buffer.from(
          JSON.stringify({
            AcknowledgedMessageType: r.type,
            AcknowledgedMessageId: r.id,
            AcknowledgedMessageSequenceNumber: r.seq,
            IsSequentialMessage: r.sequential,
          }),
        ),
      );
    // Damage: cut, insert a byte, replace a byte, or add spaces/leading zeros JSON may or may not allow.
    const damaged = fc
      .tuple(canonical, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('cut', 'insert', 'set'))
      .map(([b, at, byte, how]) => {
        const i = at % (b.length + 1);
        if (how === 'cut') return b.subarray(0, i);
        if (how === 'insert') return Buffer.concat([b.subarray(0, i), Buffer.from([byte]), b.subarray(i)]);
        const c = Buffer.from(b);
        if (i < c.length) c[i] = byte;
        return c;
      });
    fc.assert(
      fc.property(fc.oneof(canonical, damaged), (p) => {
        expect(got(p)).toEqual(reference(p));
      }),
      { numRuns: 3000 },
    );
    for (const odd of [
      '{"AcknowledgedMessageType":"x","AcknowledgedMessageId":"y","AcknowledgedMessageSequenceNumber":007,"IsSequentialMessage":true}',
      '{"AcknowledgedMessageType":"x","AcknowledgedMessageId":"y","AcknowledgedMessageSequenceNumber":1e3,"IsSequentialMessage":true}',
      '{"AcknowledgedMessageType":"x","AcknowledgedMessageId":"y","AcknowledgedMessageSequenceNumber":12345678901234567,"IsSequentialMessage":true}',
      '{"AcknowledgedMessageType":"x","AcknowledgedMessageId":"y","AcknowledgedMessageSequenceNumber":5,"IsSequentialMessage":true} ',
      '{"AcknowledgedMessageType":"x","AcknowledgedMessageId":"y","AcknowledgedMessageSequenceNumber":5,"IsSequentialMessage":true}}',
      '{"AcknowledgedMessageType":"\\u0041","AcknowledgedMessageId":"y","AcknowledgedMessageSequenceNumber":5,"IsSequentialMessage":true}',
    ])
      expect(got(Buffer.from(odd))).toEqual(reference(Buffer.from(odd)));
  });

  it('a MessageId given as bytes encodes exactly like the same id as text; decoded ids are read lazily', () => {
    const ids = new IdSource({
      next: () => 0.5,
      bytes: (n) => Uint8Array.from({ length: n }, (_, i) => (i * 37) & 0xff),
    });
    for (let i = 0; i < 600; i++) {
      const bytes = ids.nextBytes();
      const text = bytesToUuid(bytes);
      expect(text[14]).toBe('4');
      expect('89ab').toContain(text[19]);
      const base = {
        messageType: 'input_stream_data',
        schemaVersion: 1,
        createdDate: 1_700_000_000_000,
        sequenceNumber: i,
        flags: BigInt(i % 5),
        payloadType: 1,
        payload: Buffer.from([i & 0xff]),
      };
      const a = encodeMessage({ ...base, messageId: bytes });
      const b = encodeMessage({ ...base, messageId: text });
      expect(a.equals(b)).toBe(true);
      const wire = Buffer.alloc(16);
      writeWireBytes(bytes, wire, 0);
      expect(readWireUuid(wire, 0)).toBe(text);
      const d = decodeMessage(a);
      expect(d.ok && d.message.messageId).toBe(text);
      expect(d.ok && d.message.flags).toBe(BigInt(i % 5));
    }
    expect(() =>
      encodeMessage({
        messageType: 'x',
        schemaVersion: 1,
        createdDate: 1,
        sequenceNumber: 0,
        flags: 0n,
        payloadType: 0,
        payload: new Uint8Array(0),
        messageId: new Uint8Array(15),
      }),
    ).toThrow(RangeError);
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
