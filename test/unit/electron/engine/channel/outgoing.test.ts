/** The outgoing buffer's window: where producers are paused and where they are woken again. */
import { describe, expect, it } from 'vitest';
import { OutgoingBuffer } from '../../../../../electron/engine/channel/outgoing.js';

const MIB = 1024 * 1024;

function fill(b: OutgoingBuffer, bytes: number, from = 0): number {
  let seq = from;
  for (let held = 0; held < bytes; held += 1024)
    b.add({
      seq: seq++,
      frame: Buffer.alloc(1024),
      firstSentAt: 0,
      lastSentAt: 0,
      resends: 0,
      unsent: false,
      tx: seq,
    });
  return seq;
}

describe('OutgoingBuffer window', () => {
  it('a 2 MiB window pauses at 2 MiB and wakes at half (1 MiB)', () => {
    const b = new OutgoingBuffer(2 * MIB);
    const end = fill(b, 2 * MIB);
    expect(b.full).toBe(true);
    let seq = 0;
    while (!b.belowLowWater) b.ack(seq++);
    expect(b.bytes).toBe(1 * MIB);
    expect(end - seq).toBe(1024);
  });

  it('a large window wakes 1 MiB below the mark, not at half (no long stalls per round)', () => {
    const b = new OutgoingBuffer(16 * MIB);
    fill(b, 16 * MIB);
    expect(b.full).toBe(true);
    let seq = 0;
    while (!b.belowLowWater) b.ack(seq++);
    expect(b.bytes).toBe(15 * MIB);
    expect(b.full).toBe(false);
  });
});
