/**
 * Hostile agent/MGS frames against the client's reliable data channel (engine/channel), driven
 * directly with a fake clock: oversized and truncated frames, wrong digests, HeaderLength pointing
 * outside the frame, unknown message and payload types, malformed acks, sequence numbers far ahead
 * (the reorder buffer must stay capped: refused messages are not acked, so the agent resends them),
 * and a handshake that asks for unknown actions (answered Unsupported, never Success).
 */
import { describe, expect, it } from 'vitest';
import { HandshakeDriver } from '../../../electron/engine/channel/handshakeDriver.js';
import {
  DataChannel,
  type ChannelEvent,
  type DataChannelOptions,
} from '../../../electron/engine/channel/dataChannel.js';
import { nullLogger, type Logger } from '../../../electron/engine/ports/logger.js';
import { decodeAckPayload } from '../../../electron/engine/protocol/ack.js';
import {
  decodeMessage,
  encodeMessage,
  MAX_FRAME_BYTES,
} from '../../../electron/engine/protocol/clientMessage.js';
import { ActionStatus } from '../../../electron/engine/protocol/handshake.js';
import { PayloadType } from '../../../electron/engine/protocol/payloadType.js';
import { FakeClock, SeededRandom } from '../../fakes/fakeClock.js';

let idCounter = 0;
function frame(
  type: string,
  seq: number,
  payload: Uint8Array | string,
  payloadType: number = PayloadType.Output,
): Buffer {
  idCounter++;
  return encodeMessage({
    messageType: type,
    schemaVersion: 1,
    createdDate: 1_700_000_000_000,
    sequenceNumber: seq,
    flags: 0n,
    messageId: `00000000-0000-4000-8000-${idCounter.toString(16).padStart(12, '0')}`,
    payloadType,
    payload: typeof payload === 'string' ? Buffer.from(payload) : payload,
  });
}
const out = (seq: number, payload: Uint8Array | string, pt: number = PayloadType.Output): Buffer =>
  frame('output_stream_data', seq, payload, pt);

function rig(extra: Partial<DataChannelOptions> = {}) {
  const clock = new FakeClock();
  const sent: Buffer[] = [];
  const events: ChannelEvent[] = [];
  const delivered: { pt: number; data: Buffer }[] = [];
  const logs: string[] = [];
  const logger: Logger = { ...nullLogger, log: (_l, m) => void logs.push(m) };
  const ch = new DataChannel({
    clock,
    random: new SeededRandom(1),
    logger,
    deliver: (pt, p) => {
      delivered.push({ pt, data: Buffer.from(p) });
      return 'ok';
    },
    onEvent: (e) => events.push(e),
    ...extra,
  });
  ch.attachLink((f) => sent.push(f));
  const ackedSeqs = (): number[] =>
    sent.flatMap((f) => {
      const m = decodeMessage(f);
      if (!m.ok || m.message.messageType !== 'acknowledge') return [];
      const a = decodeAckPayload(m.message.payload);
      return a.ok ? [a.ack.acknowledgedMessageSequenceNumber] : [];
    });
  return { clock, sent, events, delivered, logs, ch, ackedSeqs };
}

/** After hostile input the channel must still carry data: seq `next` is delivered and acked. */
function stillWorks(t: ReturnType<typeof rig>, next: number): void {
  const before = t.delivered.length;
  t.ch.receive(out(next, `ok-${next}`));
  expect(t.delivered.slice(before).map((d) => d.data.toString())).toEqual([`ok-${next}`]);
  expect(t.ackedSeqs()).toContain(next);
  expect(t.ch.failed).toBeUndefined();
}

describe('hostile frames: malformed messages are dropped, not acked, and do not hurt the channel', () => {
  it('wrong digest', () => {
    const t = rig();
    const f = out(0, 'payload');
    f[f.length - 1] = f[f.length - 1]! ^ 0xff;
    t.ch.receive(f);
    expect(t.delivered).toEqual([]);
    expect(t.sent).toEqual([]);
    stillWorks(t, 0);
  });

  it('truncated frames (every cut into the header and payload)', () => {
    const t = rig();
    const f = out(0, 'x'.repeat(64));
    for (let len = 0; len < f.length; len++) t.ch.receive(f.subarray(0, len));
    expect(t.delivered).toEqual([]);
    expect(t.sent).toEqual([]);
    stillWorks(t, 0);
  });

  it('HeaderLength pointing outside the frame, or below the fixed header', () => {
    const t = rig();
    for (const hl of [0, 111, 0xfffffffc, 0xffffffff, 10_000]) {
      const f = out(0, 'abc');
      f.writeUInt32BE(hl, 0);
      t.ch.receive(f);
    }
    expect(t.delivered).toEqual([]);
    expect(t.sent).toEqual([]);
    stillWorks(t, 0);
  });

  it('an oversized frame (> MAX_FRAME_BYTES) is refused without delivery', () => {
    const t = rig();
    t.ch.receive(out(0, Buffer.alloc(MAX_FRAME_BYTES)));
    expect(t.delivered).toEqual([]);
    expect(t.sent).toEqual([]);
    expect(t.logs).toContain('dropping invalid data-channel message');
    stillWorks(t, 0);
  });

  it('unknown message types are ignored: no delivery, no ack, no event', () => {
    const t = rig();
    for (const type of ['evil_type', 'input_stream_data', 'agent_job', 'x'.repeat(32)])
      t.ch.receive(frame(type, 0, 'zzz'));
    expect(t.delivered).toEqual([]);
    expect(t.sent).toEqual([]);
    expect(t.events).toEqual([]);
    stillWorks(t, 0);
  });

  it('unknown payload types on stream data are handed up once, in order (the session ignores them)', () => {
    const t = rig();
    t.ch.receive(out(0, 'weird', 0xdeadbeef));
    expect(t.delivered).toEqual([{ pt: 0xdeadbeef, data: Buffer.from('weird') }]);
    expect(t.ackedSeqs()).toEqual([0]);
    stillWorks(t, 1);
  });

  it('malformed or hostile acks are ignored (no ack of unsent data, no crash)', () => {
    const t = rig();
    t.ch.send(PayloadType.Output, Buffer.from('hello'));
    for (const body of [
      'not json',
      '[]',
      'null',
      '{"AcknowledgedMessageSequenceNumber":-1}',
      '{"AcknowledgedMessageSequenceNumber":1e300}',
      '{"AcknowledgedMessageSequenceNumber":99999}',
    ])
      t.ch.receive(frame('acknowledge', 0, body, 0));
    expect(t.events.filter((e) => e.type === 'acked')).toEqual([]);
    expect(t.ch.stats().unackedMessages).toBe(1);
    t.ch.receive(frame('acknowledge', 0, JSON.stringify({ AcknowledgedMessageSequenceNumber: 0 }), 0));
    expect(t.events.filter((e) => e.type === 'acked')).toEqual([{ type: 'acked', seq: 0 }]);
    expect(t.ch.failed).toBeUndefined();
  });
});

describe('hostile frames: sequence numbers far ahead cannot grow memory without bound', () => {
  it('the reorder buffer stops at its message cap; refused messages are not acked and are taken later', () => {
    const cap = 500;
    const t = rig({ reorderMaxMessages: cap });
    for (let s = 1; s <= cap + 200; s++) t.ch.receive(out(s, `m${s}`));
    // Exactly `cap` far-ahead messages were stored and acked; the rest were refused (not acked).
    expect(t.ackedSeqs()).toHaveLength(cap);
    expect(Math.max(...t.ackedSeqs())).toBe(cap);
    expect(t.delivered).toEqual([]);
    // The gap fills: everything stored drains in order.
    t.ch.receive(out(0, 'm0'));
    expect(t.delivered).toHaveLength(cap + 1);
    expect(t.delivered.at(-1)!.data.toString()).toBe(`m${cap}`);
    // A refused message, resent by the agent, is now accepted.
    t.ch.receive(out(cap + 1, `m${cap + 1}`));
    expect(t.delivered.at(-1)!.data.toString()).toBe(`m${cap + 1}`);
  });

  it('the reorder buffer stops at its byte cap', () => {
    const t = rig({ reorderMaxBytes: 8 * 1024 });
    const kib = Buffer.alloc(1024, 1);
    for (let s = 1; s <= 20; s++) t.ch.receive(out(s, kib));
    expect(t.ackedSeqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('with default caps, 10 000 stored far-ahead messages is the limit; huge sequence numbers are safe', () => {
    const t = rig();
    t.ch.receive(out(Number.MAX_SAFE_INTEGER, 'far'));
    t.ch.receive(out(2 ** 40, 'far'));
    for (let s = 1_000_000; s < 1_000_000 + 10_100; s++) t.ch.receive(out(s, 'y'));
    expect(t.ackedSeqs()).toHaveLength(10_000);
    expect(t.delivered).toEqual([]);
    stillWorks(t, 0);
  });
});

describe('hostile handshake', () => {
  function drive(request: unknown) {
    const clock = new FakeClock();
    const sent: { pt: number; body: unknown }[] = [];
    const done: unknown[] = [];
    const d = new HandshakeDriver({
      clock,
      send: (pt, p) => void sent.push({ pt, body: JSON.parse(Buffer.from(p).toString('utf8')) }),
      onDone: (r) => void done.push(r),
    });
    d.start();
    d.handle(PayloadType.HandshakeRequest, Buffer.from(JSON.stringify(request)));
    return { sent, done, d, clock };
  }

  it('unknown actions are answered Unsupported (never Success) and the start fails clearly', () => {
    const t = drive({
      AgentVersion: '3.3.0.0',
      RequestedClientActions: [
        {
          ActionType: 'SessionType',
          ActionParameters: { SessionType: 'Port', Properties: { type: 'LocalPortForwarding' } },
        },
        { ActionType: 'ExecuteArbitraryThing', ActionParameters: { cmd: 'rm -rf /' } },
      ],
    });
    expect(t.sent).toHaveLength(1);
    expect(t.sent[0]!.pt).toBe(PayloadType.HandshakeResponse);
    const resp = t.sent[0]!.body as {
      ProcessedClientActions: { ActionType: string; ActionStatus: number }[];
    };
    expect(resp.ProcessedClientActions.map((a) => [a.ActionType, a.ActionStatus])).toEqual([
      ['SessionType', ActionStatus.Success],
      ['ExecuteArbitraryThing', ActionStatus.Unsupported],
    ]);
    expect(t.done).toHaveLength(1);
    expect(t.done[0]).toMatchObject({ ok: false, error: { code: 'PROTOCOL_HANDSHAKE_FAILED' } });
    expect(t.d.done).toBe(true);
    expect(t.clock.pendingTimers).toBe(0);
  });

  it('KMSEncryption is answered Unsupported, not a silent Success', () => {
    const t = drive({
      AgentVersion: '3.3.0.0',
      RequestedClientActions: [{ ActionType: 'KMSEncryption', ActionParameters: { KMSKeyId: 'k' } }],
    });
    const resp = t.sent[0]!.body as { ProcessedClientActions: { ActionStatus: number }[] };
    expect(resp.ProcessedClientActions[0]!.ActionStatus).toBe(ActionStatus.Unsupported);
    expect(t.done[0]).toMatchObject({ ok: false });
  });

  it('HandshakeComplete before HandshakeRequest is a protocol violation', () => {
    const clock = new FakeClock();
    const done: unknown[] = [];
    const d = new HandshakeDriver({ clock, send: () => undefined, onDone: (r) => void done.push(r) });
    d.start();
    d.handle(PayloadType.HandshakeComplete, Buffer.from('{"HandshakeTimeToComplete":1}'));
    expect(done[0]).toMatchObject({ ok: false, error: { code: 'PROTOCOL_VIOLATION' } });
  });
});
