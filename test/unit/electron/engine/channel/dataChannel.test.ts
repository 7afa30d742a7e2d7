import { describe as suite, expect, it } from 'vitest';
import {
  DataChannel,
  MAX_PAYLOAD_BYTES,
  type ChannelEvent,
  type Delivery,
} from '../../../../../electron/engine/channel/dataChannel.js';
import { PoisonedError } from '../../../../../electron/engine/channel/errors.js';
import { nullLogger } from '../../../../../electron/engine/ports/logger.js';
import { decodeMessage, encodeMessage } from '../../../../../electron/engine/protocol/clientMessage.js';
import { FakeClock, SeededRandom } from '../../../../fakes/fakeClock.js';
import { ackFor, control, describe, output } from './frames.js';

function setup(
  opts: {
    highWater?: number;
    resendLimitMs?: number;
    deliver?: (pt: number, p: Uint8Array) => Delivery;
  } = {},
) {
  const clock = new FakeClock();
  const sent: Buffer[] = [];
  const events: ChannelEvent[] = [];
  const delivered: string[] = [];
  const ch = new DataChannel({
    clock,
    random: new SeededRandom(7),
    logger: nullLogger,
    ...(opts.highWater !== undefined ? { outgoingHighWaterBytes: opts.highWater } : {}),
    ...(opts.resendLimitMs !== undefined ? { resendLimitMs: opts.resendLimitMs } : {}),
    deliver:
      opts.deliver ??
      ((_pt, p) => {
        delivered.push(Buffer.from(p).toString());
        return 'ok';
      }),
    onEvent: (e) => events.push(e),
  });
  ch.attachLink((f) => sent.push(f));
  return { clock, sent, events, delivered, ch };
}

suite('DataChannel receive side (agent semantics, §6.3)', () => {
  it('acks in-order data after delivering it', () => {
    const t = setup();
    t.ch.receive(output(0, 'a'));
    t.ch.receive(output(1, 'b'));
    expect(t.delivered).toEqual(['a', 'b']);
    expect(describe(t.sent)).toEqual(['ack:0', 'ack:1']);
  });

  it('acks out-of-order messages on arrival and delivers them in order', () => {
    const t = setup();
    t.ch.receive(output(2, 'c'));
    t.ch.receive(output(1, 'b'));
    expect(t.delivered).toEqual([]);
    expect(describe(t.sent)).toEqual(['ack:2', 'ack:1']);
    t.ch.receive(output(0, 'a'));
    expect(t.delivered).toEqual(['a', 'b', 'c']);
    expect(describe(t.sent)).toEqual(['ack:2', 'ack:1', 'ack:0']);
  });

  it('re-acks duplicates without delivering them twice', () => {
    const t = setup();
    const m = output(0, 'a');
    t.ch.receive(m);
    t.ch.receive(m);
    expect(t.delivered).toEqual(['a']);
    expect(describe(t.sent)).toEqual(['ack:0', 'ack:0']);
  });

  it('never acks what the handler refused, and does not advance', () => {
    let ready = false;
    const got: string[] = [];
    const t = setup({
      deliver: (_pt, p) => {
        if (!ready) return 'not-ready';
        got.push(Buffer.from(p).toString());
        return 'ok';
      },
    });
    t.ch.receive(output(0, 'a'));
    t.ch.receive(output(1, 'b')); // stored + acked (out of order behind the refused one)
    expect(describe(t.sent)).toEqual(['ack:1']);
    ready = true;
    t.ch.receive(output(0, 'a')); // the agent's retransmission
    expect(got).toEqual(['a', 'b']);
    expect(describe(t.sent)).toEqual(['ack:1', 'ack:0']);
  });

  it('drops frames with a bad digest without acking', () => {
    const t = setup();
    const f = output(0, 'abc');
    f[f.length - 1] = 0x7a;
    t.ch.receive(f);
    expect(t.sent).toHaveLength(0);
    expect(t.delivered).toHaveLength(0);
  });

  it('parses channel_closed with HeaderLength 112 and NUL padding, then poisons itself', () => {
    const t = setup();
    const full = control(
      'channel_closed',
      JSON.stringify({ Output: 'dial tcp: connection refused', SessionId: 's' }),
    );
    // Rebuild as MGS does: HL=112 (no PayloadType), NUL-padded type.
    const payload = full.subarray(120);
    const mgs = Buffer.alloc(116 + payload.length);
    full.copy(mgs, 0, 0, 112);
    mgs.writeUInt32BE(112, 0);
    mgs.fill(0, 4 + 'channel_closed'.length, 36);
    mgs.writeUInt32BE(payload.length, 112);
    payload.copy(mgs, 116);
    t.ch.receive(mgs);
    expect(t.events).toContainEqual({ type: 'closed', reason: 'dial tcp: connection refused' });
    expect(() => t.ch.send(1, Buffer.from('x'))).toThrow(PoisonedError);
  });

  it('ignores unknown message types', () => {
    const t = setup();
    t.ch.receive(control('agent_session_state', '{}'));
    t.ch.receive(output(0, 'a'));
    expect(t.delivered).toEqual(['a']);
  });
});

suite('DataChannel send side (§6.4, §8.3)', () => {
  it('chunks payloads into ≤ 1024-byte messages with consecutive sequence numbers', () => {
    const t = setup();
    t.ch.send(1, Buffer.alloc(2500, 1));
    const msgs = t.sent.map((f) => decodeMessage(f)).map((r) => (r.ok ? r.message : undefined));
    expect(msgs.map((m) => m?.payload.length)).toEqual([MAX_PAYLOAD_BYTES, MAX_PAYLOAD_BYTES, 452]);
    expect(msgs.map((m) => m?.sequenceNumber)).toEqual([0, 1, 2]);
  });

  it('resends EVERY overdue message in one tick, not one per tick', () => {
    const t = setup();
    for (let i = 0; i < 50; i++) t.ch.send(1, Buffer.from([i]));
    t.sent.length = 0;
    t.clock.advance(199);
    expect(t.sent).toHaveLength(0); // initial RTO is 200 ms
    t.clock.advance(11);
    expect(describe(t.sent)).toEqual(Array.from({ length: 50 }, (_, i) => `data:${i}`));
  });

  it('while acks keep arriving, queued un-acked messages are not resent (no duplicate storm)', () => {
    const t = setup();
    for (let i = 0; i < 100; i++) t.ch.send(1, Buffer.from([i]));
    t.sent.length = 0;
    // The peer works through the backlog slowly: one ack every 5 ms, far longer than the RTO overall.
    for (let i = 0; i < 100; i++) {
      t.clock.advance(5);
      t.ch.receive(ackFor(i));
    }
    expect(t.sent).toHaveLength(0);
    expect(t.ch.stats().unackedMessages).toBe(0);
  });

  it('resends a message once a message sent after it was acked (in-order link: it was lost)', () => {
    const t = setup();
    for (let i = 0; i < 3; i++) t.ch.send(1, Buffer.from([i]));
    t.sent.length = 0;
    t.clock.advance(5);
    t.ch.receive(ackFor(0));
    t.ch.receive(ackFor(2)); // 1 was lost
    t.clock.advance(250); // older than the RTO (≈ 232 ms after two 5 ms samples)
    expect(describe(t.sent)).toEqual(['data:1']);
    t.clock.advance(30);
    expect(describe(t.sent)).toEqual(['data:1']); // not again while nothing newer was acked
  });

  it('a silent peer gets the whole backlog again with a doubling interval (at most 1 s)', () => {
    const t = setup();
    t.ch.send(1, Buffer.from('a'));
    t.ch.send(1, Buffer.from('b'));
    t.sent.length = 0;
    const times: number[] = [];
    for (let ms = 0; ms < 4_000; ms += 10) {
      const before = t.sent.length;
      t.clock.advance(10);
      if (t.sent.length > before) times.push(ms + 10);
    }
    expect(times).toEqual([200, 600, 1400, 2400, 3400]); // +200, +400, +800, then capped at 1 s
    expect(t.sent.length).toBe(2 * times.length);
  });

  it('after a reconnect resends all un-acked messages at once, in order, with the same bytes', () => {
    const t = setup();
    t.ch.send(1, Buffer.from('a'));
    const first = Buffer.from(t.sent[0]!);
    t.ch.detachLink();
    t.ch.send(1, Buffer.from('b'));
    t.ch.send(1, Buffer.from('c'));
    const again: Buffer[] = [];
    t.ch.attachLink((f) => again.push(f));
    expect(describe(again)).toEqual(['data:0', 'data:1', 'data:2']);
    expect(again[0]!.equals(first)).toBe(true);
    t.ch.receive(ackFor(0));
    t.ch.receive(ackFor(1));
    t.ch.receive(ackFor(2));
    expect(t.ch.stats().unackedMessages).toBe(0);
    expect(t.ch.stats().nextOutSeq).toBe(3); // sequence numbers never reset
  });

  it('bounds un-acked BYTES: writable turns false, nothing is dropped, drain fires after acks', () => {
    const t = setup({ highWater: 10 * 1024 });
    let ok = true;
    let n = 0;
    while (ok) ok = t.ch.send(1, Buffer.alloc(1024, n++));
    expect(t.ch.writable).toBe(false);
    const count = t.ch.stats().unackedMessages;
    expect(count).toBe(n);
    for (let s = 0; s < count; s++) t.ch.receive(ackFor(s));
    expect(t.events.filter((e) => e.type === 'drain')).toHaveLength(1);
    expect(t.ch.writable).toBe(true);
  });

  it('fails with RESEND_LIMIT_EXCEEDED and then throws a named error', () => {
    const t = setup({ resendLimitMs: 5_000 });
    t.ch.send(1, Buffer.from('x'));
    t.clock.advance(5_100);
    const fatal = t.events.find((e) => e.type === 'fatal');
    expect(fatal).toMatchObject({ type: 'fatal', error: { code: 'RESEND_LIMIT_EXCEEDED' } });
    expect(() => t.ch.receive(output(0, 'a'))).toThrow(PoisonedError);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('retransmits slowly while MGS paused publication, normally again after start_publication', () => {
    const t = setup();
    t.ch.receive(control('pause_publication', ''));
    for (let i = 0; i < 5; i++) t.ch.send(1, Buffer.from([i]));
    t.sent.length = 0;
    t.clock.advance(1_000);
    expect(describe(t.sent).length).toBeLessThanOrEqual(1);
    t.ch.receive(control('start_publication', ''));
    t.sent.length = 0;
    t.clock.advance(10); // one tick: everything overdue goes out at once
    expect(describe(t.sent)).toEqual(expect.arrayContaining(['data:1', 'data:2', 'data:3', 'data:4']));
  });

  it('acks clear messages by sequence number and feed the RTO estimate', () => {
    const t = setup();
    t.ch.send(1, Buffer.from('x'));
    t.clock.advance(40);
    t.ch.receive(ackFor(0));
    const s = t.ch.stats();
    expect(s.unackedMessages).toBe(0);
    // The shown RTT starts from the first sample (the RTO keeps its 100 ms seed, see rto.test.ts).
    expect(s.rttMs).toBe(40);
  });

  it('encodes ids that decode (fresh v4 MessageId per message)', () => {
    const t = setup();
    t.ch.send(1, Buffer.from('a'));
    t.ch.send(1, Buffer.from('b'));
    const ids = t.sent.map((f) => {
      const r = decodeMessage(f);
      return r.ok ? r.message.messageId : '';
    });
    expect(new Set(ids).size).toBe(2);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(encodeMessage).toBeTypeOf('function');
  });
});
