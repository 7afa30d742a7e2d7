import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeMessage,
  encodeMessage,
  type ClientMessage,
} from '../../../../../electron/engine/protocol/clientMessage.js';
import { encodeAckPayload, decodeAckPayload } from '../../../../../electron/engine/protocol/ack.js';
import { HeaderFlags } from '../../../../../electron/engine/protocol/flags.js';
import { ACK_OF_HELLO, INPUT_HELLO } from '../../../../fixtures/goldenVectors.js';

describe('clientMessage codec (§3)', () => {
  it('encodes the §3.5 golden vector byte for byte', () => {
    expect(encodeMessage(INPUT_HELLO.message).toString('hex')).toBe(INPUT_HELLO.bytes.toString('hex'));
  });

  it('decodes the §3.5 golden vector', () => {
    const r = decodeMessage(INPUT_HELLO.bytes);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message.messageType).toBe('input_stream_data');
    expect(r.message.messageId).toBe('dd01e56b-ff48-483e-a508-b5f073f31b16');
    expect(r.message.createdDate).toBe(1503434274948);
    expect(Buffer.from(r.message.payload).toString()).toBe('hello');
  });

  it('builds the §3.5 acknowledge', () => {
    const payload = encodeAckPayload({
      acknowledgedMessageType: 'output_stream_data',
      acknowledgedMessageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
      acknowledgedMessageSequenceNumber: 0,
      isSequentialMessage: true,
    });
    expect(payload.toString()).toBe(ACK_OF_HELLO.payloadJson);
    expect(payload.length).toBe(176);
    const frame = encodeMessage({
      messageType: 'acknowledge',
      schemaVersion: 1,
      createdDate: 1,
      sequenceNumber: 0,
      flags: HeaderFlags.Ack,
      messageId: ACK_OF_HELLO.messageId,
      payloadType: 0,
      payload,
    });
    expect(frame.length).toBe(ACK_OF_HELLO.totalLength);
    expect(frame.subarray(0x30, 0x50).toString('hex')).toBe(ACK_OF_HELLO.header30to4f.toString('hex'));
    const back = decodeMessage(frame);
    expect(back.ok && decodeAckPayload(back.message.payload)).toMatchObject({
      ok: true,
      ack: { acknowledgedMessageSequenceNumber: 0 },
    });
  });

  it('parses an MGS channel_closed with HeaderLength 112 and NUL padding', () => {
    const payload = Buffer.from('{"Output":"bye"}');
    const full = encodeMessage({ ...INPUT_HELLO.message, messageType: 'channel_closed', payload });
    const short = Buffer.alloc(112 + 4 + payload.length);
    full.copy(short, 0, 0, 112);
    short.writeUInt32BE(112, 0);
    short.fill(0, 4, 36);
    short.write('channel_closed', 4, 'ascii');
    short.writeUInt32BE(payload.length, 112);
    payload.copy(short, 116);
    const r = decodeMessage(short);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.message.messageType).toBe('channel_closed');
      expect(Buffer.from(r.message.payload).toString()).toBe('{"Output":"bye"}');
    }
  });

  it('rejects a wrong digest, zero CreatedDate and a HeaderLength outside the frame', () => {
    const bad = Buffer.from(INPUT_HELLO.bytes);
    bad[0x50] = bad[0x50]! ^ 0xff;
    expect(decodeMessage(bad)).toMatchObject({ ok: false, error: { code: 'PROTOCOL_MALFORMED_FRAME' } });
    const zero = encodeMessage({ ...INPUT_HELLO.message, createdDate: 0 });
    expect(decodeMessage(zero)).toMatchObject({ ok: false });
    const hl = Buffer.from(INPUT_HELLO.bytes);
    hl.writeUInt32BE(5000, 0);
    expect(decodeMessage(hl)).toMatchObject({ ok: false, error: { code: 'PROTOCOL_MALFORMED_FRAME' } });
    expect(decodeMessage(Buffer.alloc(10))).toMatchObject({ ok: false });
  });

  it('round-trips arbitrary messages (property)', () => {
    const msg = fc.record({
      messageType: fc.constantFrom(
        'input_stream_data',
        'output_stream_data',
        'acknowledge',
        'channel_closed',
      ),
      schemaVersion: fc.constant(1),
      createdDate: fc.integer({ min: 1, max: 2 ** 48 }),
      sequenceNumber: fc.integer({ min: 0, max: 2 ** 40 }),
      flags: fc.constantFrom(0n, 1n, 2n, 3n),
      messageId: fc.uuid({ version: 4 }),
      payloadType: fc.integer({ min: 0, max: 12 }),
      payload: fc.uint8Array({ maxLength: 2048 }),
    });
    fc.assert(
      fc.property(msg, (m: ClientMessage) => {
        const r = decodeMessage(encodeMessage(m));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const { payload: _p, ...head } = m;
        expect(r.message).toMatchObject(head);
        expect(Buffer.from(r.message.payload).equals(Buffer.from(m.payload))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on garbage (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        const r = decodeMessage(bytes);
        if (!r.ok) expect(r.error.code).toBe('PROTOCOL_MALFORMED_FRAME');
      }),
      { numRuns: 1000 },
    );
  });
});
