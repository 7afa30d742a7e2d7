/** The agent's data-channel semantics (§6, agent column of §14), driven by a fake clock. */
import { describe, expect, it } from 'vitest';
import { decodeAckPayload } from '../../../../../electron/engine/protocol/ack.js';
import {
  decodeMessage,
  encodeMessage,
  type DecodedMessage,
} from '../../../../../electron/engine/protocol/clientMessage.js';
import { nullLogger } from '../../../../../electron/engine/ports/logger.js';
import {
  AgentDataChannel,
  type ProcessResult,
} from '../../../../../electron/simulator/agent/agentDataChannel.js';
import { FakeClock, SeededRandom } from '../../../../fakes/fakeClock.js';
import { INPUT_HELLO } from '../../../../fixtures/goldenVectors.js';

function input(seq: number, payload = 'x'): Buffer {
  return encodeMessage({
    ...INPUT_HELLO.message,
    sequenceNumber: seq,
    payload: Buffer.from(payload),
    messageId: '00000000-0000-4000-8000-' + String(seq).padStart(12, '0'),
  });
}

function ackFor(seq: number): Buffer {
  return encodeMessage({
    messageType: 'acknowledge',
    schemaVersion: 1,
    createdDate: 1,
    sequenceNumber: 0,
    flags: 3n,
    messageId: '11111111-2222-4333-8444-555555555555',
    payloadType: 0,
    payload: Buffer.from(
      JSON.stringify({
        AcknowledgedMessageType: 'output_stream_data',
        AcknowledgedMessageId: 'x',
        AcknowledgedMessageSequenceNumber: seq,
        IsSequentialMessage: true,
      }),
    ),
  });
}

function setup(
  process: (m: DecodedMessage) => ProcessResult = () => ({ status: 'ok' }),
  resend: 'oldest' | 'bulk' = 'oldest',
) {
  const clock = new FakeClock();
  const sent: DecodedMessage[] = [];
  const processed: number[] = [];
  const ch = new AgentDataChannel({
    clock,
    random: new SeededRandom(3),
    logger: nullLogger,
    transmit: (f) => {
      const r = decodeMessage(f);
      if (!r.ok) throw new Error('agent sent an undecodable frame');
      sent.push(r.message);
    },
    process: (m) => {
      const r = process(m);
      if (r.status === 'ok') processed.push(m.sequenceNumber);
      return r;
    },
    resend,
  });
  const acks = () =>
    sent
      .filter((m) => m.messageType === 'acknowledge')
      .map(
        (m) =>
          (decodeAckPayload(m.payload) as { ok: true; ack: { acknowledgedMessageSequenceNumber: number } })
            .ack.acknowledgedMessageSequenceNumber,
      );
  const data = () => sent.filter((m) => m.messageType === 'output_stream_data');
  return { clock, ch, sent, processed, acks, data };
}

describe('AgentDataChannel', () => {
  it('accepts the §3.5 golden input message and acks it with the agent ack shape', () => {
    const t = setup();
    t.ch.receiveFrame(INPUT_HELLO.bytes);
    expect(t.processed).toEqual([0]);
    const ack = t.sent[0]!;
    expect(ack).toMatchObject({ messageType: 'acknowledge', sequenceNumber: 0, flags: 3n, payloadType: 0 });
    expect(Buffer.from(ack.payload).toString()).toBe(
      '{"AcknowledgedMessageType":"input_stream_data","AcknowledgedMessageId":"dd01e56b-ff48-483e-a508-b5f073f31b16","AcknowledgedMessageSequenceNumber":0,"IsSequentialMessage":true}',
    );
  });

  it('ignores the digest like the agent (a corrupted digest is still processed)', () => {
    const t = setup();
    const bad = Buffer.from(INPUT_HELLO.bytes);
    bad[80] = bad[80]! ^ 0xff;
    t.ch.receiveFrame(bad);
    expect(t.processed).toEqual([0]);
  });

  it('re-acks duplicates, acks and buffers out-of-order input, drains in order', () => {
    const t = setup();
    t.ch.receiveFrame(input(1));
    t.ch.receiveFrame(input(2));
    expect(t.processed).toEqual([]);
    expect(t.acks()).toEqual([1, 2]);
    t.ch.receiveFrame(input(0));
    expect(t.processed).toEqual([0, 1, 2]);
    expect(t.acks()).toEqual([1, 2, 0]); // buffered ones are not acked twice
    t.ch.receiveFrame(input(1));
    expect(t.acks()).toEqual([1, 2, 0, 1]); // duplicate re-acked, not re-processed
    expect(t.processed).toEqual([0, 1, 2]);
    expect(t.ch.stats.duplicates).toBe(1);
  });

  it('does not ack or advance when processing is not ready', () => {
    let ready = false;
    const t = setup(() => (ready ? { status: 'ok' } : { status: 'not-ready' }));
    t.ch.receiveFrame(input(0));
    expect(t.acks()).toEqual([]);
    expect(t.ch.expectedSequence).toBe(0);
    ready = true;
    t.ch.receiveFrame(input(0));
    expect(t.acks()).toEqual([0]);
    expect(t.ch.expectedSequence).toBe(1);
  });

  it('numbers output from 0 with SYN on the first message only', () => {
    const t = setup();
    t.ch.sendStreamData(5, Buffer.from('{}'));
    t.ch.sendStreamData(1, Buffer.from('a'));
    t.ch.sendStreamData(1, Buffer.alloc(0)); // the agent never sends empty payloads
    expect(t.data().map((m) => [m.sequenceNumber, m.flags, m.payloadType])).toEqual([
      [0, 1n, 5],
      [1, 0n, 1],
    ]);
  });

  it('resends only the oldest overdue message per 100 ms tick and updates its lastSentTime', () => {
    const t = setup();
    t.ch.sendStreamData(1, Buffer.from('a'));
    t.ch.sendStreamData(1, Buffer.from('b'));
    t.clock.advance(200); // ticks at 100 and 200: not yet > RTO (200 ms)
    expect(t.data()).toHaveLength(2);
    t.clock.advance(100); // tick at 300: seq 0 overdue ⇒ resent (only it)
    expect(t.data().map((m) => m.sequenceNumber)).toEqual([0, 1, 0]);
    t.clock.advance(100); // seq 0 was just re-sent (lastSentTime updated); seq 1 is not looked at
    expect(t.data().map((m) => m.sequenceNumber)).toEqual([0, 1, 0]);
    t.clock.advance(200);
    expect(t.data().map((m) => m.sequenceNumber)).toEqual([0, 1, 0, 0]);
    const resent = t.data()[2]!;
    expect(resent.messageId).toBe(t.data()[0]!.messageId); // same bytes
    t.ch.receiveFrame(ackFor(0));
    t.clock.advance(100);
    expect(t.data().map((m) => m.sequenceNumber)).toEqual([0, 1, 0, 0, 1]);
    t.ch.close();
  });

  it('bulk resend sends every overdue message in one tick', () => {
    const t = setup(undefined, 'bulk');
    t.ch.sendStreamData(1, Buffer.from('a'));
    t.ch.sendStreamData(1, Buffer.from('b'));
    t.clock.advance(300);
    expect(t.data().map((m) => m.sequenceNumber)).toEqual([0, 1, 0, 1]);
    t.ch.close();
  });

  it('updates the RTO from ack samples (RFC 6298 with the agent constants)', () => {
    const t = setup();
    t.ch.sendStreamData(1, Buffer.from('a'));
    t.clock.advance(50);
    t.ch.receiveFrame(ackFor(0));
    // rttvar = 0.75·0 + 0.25·|100−50| = 12.5; rtt = 0.875·100 + 0.125·50 = 93.75; rto = 93.75 + max(10, 50)
    expect(t.ch.rtoMs).toBeCloseTo(143.75, 6);
    expect(t.ch.unacked).toBe(0);
    t.ch.close();
  });

  it('pause_publication stops sending and resending; input or an ack clears it', () => {
    const t = setup();
    t.ch.receiveFrame(
      encodeMessage({ ...INPUT_HELLO.message, messageType: 'pause_publication', payload: Buffer.alloc(0) }),
    );
    expect(t.ch.paused).toBe(true);
    t.ch.sendStreamData(1, Buffer.from('a'));
    t.clock.advance(1000);
    expect(t.data()).toHaveLength(0);
    t.ch.receiveFrame(ackFor(99)); // any ack un-pauses (§9)
    expect(t.ch.paused).toBe(false);
    t.clock.advance(100);
    expect(t.data().map((m) => m.sequenceNumber)).toEqual([0]);
    t.ch.close();
  });
});
