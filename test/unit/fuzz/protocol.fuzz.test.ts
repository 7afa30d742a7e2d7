/**
 * Property-based fuzzing of the SSM message codec, the acknowledge and handshake JSON (issue
 * "Reliability and security: hostile input"). Each property asserts: no throw, a bounded-time
 * answer, and that every rejection is data with the documented code (PROTOCOL_MALFORMED_FRAME).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeAckPayload, encodeAckPayload } from '../../../electron/engine/protocol/ack.js';
import {
  decodeMessage,
  encodeMessage,
  MAX_FRAME_BYTES,
  MIN_HEADER_LENGTH,
  type ClientMessage,
} from '../../../electron/engine/protocol/clientMessage.js';
import {
  ActionStatus,
  encodeHandshakeResponse,
  parseChannelClosedOutput,
  parseHandshakeComplete,
  parseHandshakeRequest,
  processActions,
} from '../../../electron/engine/protocol/handshake.js';
import { fuzzParams, timed } from './runs.js';

const uuidArb = fc.uuid({ version: 4 });
const typeArb = fc.oneof(
  fc.constantFrom('output_stream_data', 'input_stream_data', 'acknowledge', 'channel_closed'),
  fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,30}[\x21-\x7e]$/),
);
const messageArb: fc.Arbitrary<ClientMessage> = fc.record({
  messageType: typeArb,
  schemaVersion: fc.integer({ min: 0, max: 0xffffffff }),
  createdDate: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  sequenceNumber: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  flags: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  messageId: uuidArb,
  payloadType: fc.integer({ min: 0, max: 0xffffffff }),
  payload: fc.uint8Array({ maxLength: 2048 }),
});

function expectRejected(r: ReturnType<typeof decodeMessage>): void {
  expect(r.ok).toBe(false);
  if (!r.ok) {
    expect(r.error.code).toBe('PROTOCOL_MALFORMED_FRAME');
    expect(r.error.message).toMatch(/^malformed data-channel message: \S/);
  }
}

describe('fuzz: decodeMessage (ssm-protocol.md §3.1)', () => {
  it('never throws on arbitrary bytes; every rejection is PROTOCOL_MALFORMED_FRAME with a reason', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
        const r = timed(() => decodeMessage(bytes));
        if (!r.ok) expectRejected(r);
        else {
          expect(r.message.headerLength).toBeGreaterThanOrEqual(MIN_HEADER_LENGTH);
          expect(Number.isSafeInteger(r.message.sequenceNumber)).toBe(true);
          expect(r.message.sequenceNumber).toBeGreaterThanOrEqual(0);
        }
      }),
      fuzzParams(),
    );
  });

  it('round-trips every well-formed message', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const r = decodeMessage(encodeMessage(m));
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.message.messageType).toBe(m.messageType);
        expect(r.message.sequenceNumber).toBe(m.sequenceNumber);
        expect(r.message.createdDate).toBe(m.createdDate);
        expect(r.message.flags).toBe(m.flags);
        expect(r.message.messageId).toBe(m.messageId);
        expect(r.message.payloadType).toBe(m.payloadType);
        expect(Buffer.from(r.message.payload).equals(Buffer.from(m.payload))).toBe(true);
      }),
      fuzzParams(),
    );
  });

  it('rejects a changed payload byte (wrong digest) on non-publication messages', () => {
    fc.assert(
      fc.property(
        messageArb.filter((m) => m.payload.length > 0 && !/_publication$/.test(m.messageType)),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (m, at, xor) => {
          const f = encodeMessage(m);
          const i = 120 + (at % m.payload.length);
          f[i] = f[i]! ^ xor;
          expectRejected(decodeMessage(f));
        },
      ),
      fuzzParams(),
    );
  });

  it('rejects every truncation of a header or a non-empty payload; never throws', () => {
    fc.assert(
      fc.property(messageArb, fc.nat(), (m, cut) => {
        const f = encodeMessage(m);
        const len = cut % f.length;
        const r = timed(() => decodeMessage(f.subarray(0, len)));
        // Any cut into a non-empty payload (even right after PayloadLength) must fail the digest
        // check (§3.1, PayloadLength ≠ 0): a truncated frame is never taken as shorter data.
        if (len < 120 || (m.payload.length > 0 && !/_publication$/.test(m.messageType))) expectRejected(r);
        else if (!r.ok) expectRejected(r);
      }),
      fuzzParams(),
    );
  });

  it('rejects HeaderLength values that point outside the frame (or below the fixed header)', () => {
    fc.assert(
      fc.property(messageArb, fc.integer({ min: 0, max: 0xffffffff }), (m, hl) => {
        const f = encodeMessage(m);
        f.writeUInt32BE(hl, 0);
        const r = timed(() => decodeMessage(f));
        if (hl < MIN_HEADER_LENGTH || hl + 4 > f.length) expectRejected(r);
        else if (!r.ok) expectRejected(r);
        else expect(r.message.headerLength).toBe(hl);
      }),
      fuzzParams(),
    );
  });

  it('rejects sequence numbers outside 0..2^53-1 (negative or beyond safe integers)', () => {
    fc.assert(
      fc.property(
        messageArb,
        fc.oneof(
          fc.bigInt({ min: -(2n ** 63n), max: -1n }),
          fc.bigInt({ min: BigInt(Number.MAX_SAFE_INTEGER) + 1n, max: 2n ** 63n - 1n }),
        ),
        (m, seq) => {
          const f = encodeMessage(m);
          f.writeBigInt64BE(seq, 48);
          expectRejected(decodeMessage(f));
        },
      ),
      fuzzParams(),
    );
  });

  it('rejects an oversized frame before hashing it', () => {
    const big = Buffer.alloc(MAX_FRAME_BYTES + 1);
    big.writeUInt32BE(116, 0);
    const r = timed(() => decodeMessage(big));
    expectRejected(r);
    if (!r.ok) expect(r.error.message).toContain('too large');
  });

  it('accepts a frame of exactly MAX_FRAME_BYTES (the limit is not off by one)', () => {
    const payload = Buffer.alloc(MAX_FRAME_BYTES - 120, 7);
    const f = encodeMessage({
      messageType: 'output_stream_data',
      schemaVersion: 1,
      createdDate: 1,
      sequenceNumber: 0,
      flags: 0n,
      messageId: '00000000-0000-4000-8000-000000000001',
      payloadType: 1,
      payload,
    });
    expect(f.length).toBe(MAX_FRAME_BYTES);
    expect(decodeMessage(f).ok).toBe(true);
  });
});

const jsonBytes = (v: unknown): Buffer => Buffer.from(JSON.stringify(v) ?? 'null', 'utf8');

describe('fuzz: acknowledge payload (§6.1)', () => {
  it('never throws; accepts only safe non-negative sequence numbers', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }),
          fc.jsonValue().map(jsonBytes),
          fc
            .record({
              AcknowledgedMessageType: fc.jsonValue(),
              AcknowledgedMessageId: fc.jsonValue(),
              AcknowledgedMessageSequenceNumber: fc.oneof(fc.jsonValue(), fc.double(), fc.integer()),
              IsSequentialMessage: fc.jsonValue(),
            })
            .map(jsonBytes),
        ),
        (bytes) => {
          const r = timed(() => decodeAckPayload(bytes));
          if (r.ok) {
            expect(Number.isSafeInteger(r.ack.acknowledgedMessageSequenceNumber)).toBe(true);
            expect(r.ack.acknowledgedMessageSequenceNumber).toBeGreaterThanOrEqual(0);
            expect(typeof r.ack.acknowledgedMessageType).toBe('string');
            expect(typeof r.ack.acknowledgedMessageId).toBe('string');
          } else {
            expect(r.error.code).toBe('PROTOCOL_MALFORMED_FRAME');
            expect(r.error.message).toMatch(/^acknowledge payload /);
          }
        },
      ),
      fuzzParams(),
    );
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(
        fc.record({
          acknowledgedMessageType: fc.string(),
          acknowledgedMessageId: uuidArb,
          acknowledgedMessageSequenceNumber: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
          isSequentialMessage: fc.boolean(),
        }),
        (ack) => {
          const r = decodeAckPayload(encodeAckPayload(ack));
          expect(r).toEqual({ ok: true, ack });
        },
      ),
      fuzzParams(),
    );
  });
});

const actionArb = fc.oneof(
  fc.record({
    ActionType: fc.constant('SessionType'),
    ActionParameters: fc.oneof(
      fc.jsonValue(),
      fc.record({
        SessionType: fc.oneof(
          fc.constantFrom('Port', 'Standard_Stream', 'InteractiveCommands'),
          fc.jsonValue(),
        ),
        Properties: fc.oneof(
          fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.jsonValue())),
          fc.jsonValue(),
        ),
      }),
    ),
  }),
  fc.record({
    ActionType: fc.oneof(
      fc.constantFrom('KMSEncryption', 'SessionType', '__proto__', 'constructor'),
      fc.string(),
    ),
    ActionParameters: fc.jsonValue(),
  }),
  fc.jsonValue(),
);

describe('fuzz: handshake JSON (§5)', () => {
  it('parseHandshakeRequest never throws; processActions answers every action exactly once', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }),
          fc.jsonValue().map(jsonBytes),
          fc
            .record({
              AgentVersion: fc.oneof(fc.string(), fc.jsonValue()),
              RequestedClientActions: fc.oneof(fc.array(actionArb, { maxLength: 8 }), fc.jsonValue()),
            })
            .map(jsonBytes),
        ),
        (bytes) => {
          const r = timed(() => parseHandshakeRequest(bytes));
          if (!r.ok) {
            expect(r.error.code).toBe('PROTOCOL_MALFORMED_FRAME');
            return;
          }
          const processed = processActions(r.value);
          expect(processed).toHaveLength(r.value.actions.length);
          for (const [i, p] of processed.entries()) {
            const a = r.value.actions[i]!;
            expect(p.ActionType).toBe(a.actionType);
            if (a.actionType !== 'SessionType') {
              // Unknown (and KMS) actions: Unsupported in ActionStatus, with a reason.
              expect(p.ActionStatus).toBe(ActionStatus.Unsupported);
              expect(p.Error).not.toBe('');
            } else if (r.value.sessionType === 'Port') expect(p.ActionStatus).toBe(ActionStatus.Success);
            else expect(p.ActionStatus).toBe(ActionStatus.Failed);
          }
          const resp = JSON.parse(encodeHandshakeResponse(processed).toString('utf8')) as {
            ProcessedClientActions: unknown[];
          };
          expect(resp.ProcessedClientActions).toHaveLength(processed.length);
          for (const v of Object.values(r.value.properties)) expect(typeof v).toBe('string');
        },
      ),
      fuzzParams(),
    );
  });

  it('HandshakeComplete and channel_closed parsers never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.jsonValue().map(jsonBytes)), (bytes) => {
        const c = timed(() => parseHandshakeComplete(bytes));
        if (c.ok) {
          expect(typeof c.value.handshakeTimeToCompleteNs).toBe('number');
          expect(typeof c.value.customerMessage).toBe('string');
        } else expect(c.error.code).toBe('PROTOCOL_MALFORMED_FRAME');
        expect(typeof timed(() => parseChannelClosedOutput(bytes))).toBe('string');
      }),
      fuzzParams(),
    );
  });
});
