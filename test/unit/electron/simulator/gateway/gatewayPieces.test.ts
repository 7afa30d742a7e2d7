import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../../../../electron/engine/protocol/clientMessage.js';
import { DEFAULT_FAULTS, mergeFaults, SeededRandom } from '../../../../../electron/simulator/faults.js';
import { FaultPipe } from '../../../../../electron/simulator/gateway/faultPipe.js';
import {
  encodeChannelClosed,
  encodePublication,
} from '../../../../../electron/simulator/gateway/mgsMessages.js';
import type { FaultConfig } from '../../../../../electron/simulator/types.js';

describe('MGS messages', () => {
  it('channel_closed uses HeaderLength 112, NUL padding and parses HeaderLength-relative', () => {
    const f = encodeChannelClosed({
      messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
      createdDate: 1503434274948,
      sessionId: 's-1',
      destinationId: 'i-1',
      output: 'bye',
    });
    expect(f.readUInt32BE(0)).toBe(112);
    expect(f.subarray(4, 18).toString()).toBe('channel_closed');
    expect(f.subarray(18, 36).every((b) => b === 0)).toBe(true);
    expect(f.subarray(64, 80).toString('hex')).toBe('a508b5f073f31b16dd01e56bff48483e');
    const r = decodeMessage(f);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.message).toMatchObject({
      messageType: 'channel_closed',
      headerLength: 112,
      payloadType: 0,
      messageId: 'dd01e56b-ff48-483e-a508-b5f073f31b16',
    });
    expect(JSON.parse(Buffer.from(r.message.payload).toString())).toMatchObject({
      SessionId: 's-1',
      DestinationId: 'i-1',
      Output: 'bye',
      MessageType: 'channel_closed',
      SchemaVersion: 1,
    });
  });

  it('publication messages decode with their type', () => {
    const r = decodeMessage(
      encodePublication('pause_publication', '11111111-2222-4333-8444-555555555555', 5),
    );
    expect(r.ok && r.message.messageType).toBe('pause_publication');
  });
});

describe('faults', () => {
  it('validates ratios and merges patches (undefined clears a knob)', () => {
    expect(() => mergeFaults(DEFAULT_FAULTS, { lossRatio: 2 })).toThrow(RangeError);
    const f = mergeFaults(mergeFaults(DEFAULT_FAULTS, { idleTimeoutSeconds: 5 }), {
      idleTimeoutSeconds: undefined,
    });
    expect(f.idleTimeoutSeconds).toBeUndefined();
  });

  it('the seeded PRNG is reproducible', () => {
    const a = new SeededRandom(9);
    const b = new SeededRandom(9);
    expect([a.next(), a.next(), a.next()]).toEqual([b.next(), b.next(), b.next()]);
  });

  function pipeWith(patch: Partial<FaultConfig>, seed = 1) {
    const out: Buffer[] = [];
    const faults = mergeFaults(DEFAULT_FAULTS, patch);
    const pipe = new FaultPipe({
      deliver: (f) => out.push(f),
      faults: () => faults,
      random: new SeededRandom(seed),
      corrupt: true,
    });
    return { out, pipe };
  }
  const frame = (i: number): Buffer => {
    const b = Buffer.alloc(130);
    b.writeUInt32BE(i, 126);
    return b;
  };

  it('loss drops about the configured share, deterministically per seed', () => {
    const a = pipeWith({ lossRatio: 0.25 });
    const b = pipeWith({ lossRatio: 0.25 });
    for (let i = 0; i < 1000; i++) {
      a.pipe.send(frame(i));
      b.pipe.send(frame(i));
    }
    expect(a.out.length).toBeGreaterThan(680);
    expect(a.out.length).toBeLessThan(820);
    expect(a.out.map((f) => f.readUInt32BE(126))).toEqual(b.out.map((f) => f.readUInt32BE(126)));
    expect(a.pipe.stats.lost).toBe(1000 - a.out.length);
  });

  it('duplicate, reorder and corrupt do what they say; control frames are never touched', () => {
    const d = pipeWith({ duplicateRatio: 1 });
    d.pipe.send(frame(1));
    expect(d.out).toHaveLength(2);
    const r = pipeWith({ reorderRatio: 1 });
    r.pipe.send(frame(1));
    r.pipe.send(frame(2));
    expect(r.out.map((f) => f.readUInt32BE(126))).toEqual([2, 1]);
    r.pipe.close();
    const c = pipeWith({ corruptDigestRatio: 1, lossRatio: 1 });
    c.pipe.send(frame(1), true);
    expect(c.out[0]!.equals(frame(1))).toBe(true);
    const c2 = pipeWith({ corruptDigestRatio: 1 });
    c2.pipe.send(frame(1));
    expect(c2.out[0]![80]).toBe(0xff);
  });
});
