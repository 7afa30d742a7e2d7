/** Frames cut from shared slabs must never overlap, whatever the mix of sizes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocFrame } from '../../../../../electron/engine/protocol/frameSlab.js';

describe('allocFrame', () => {
  it('hands out buffers of the asked size that never share bytes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 400 }),
        (sizes) => {
          const frames = sizes.map((n) => allocFrame(n));
          frames.forEach((f, i) => {
            expect(f.length).toBe(sizes[i]);
            f.fill(i & 0xff);
          });
          frames.forEach((f, i) => {
            for (const byte of f) if (byte !== (i & 0xff)) expect.unreachable(`frame ${i} was overwritten`);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('cuts small frames from one slab, 8-byte aligned, and gives big ones their own memory', () => {
    // Cut 16 KiB frames until one starts a fresh slab: the next two then fit behind it.
    let first = allocFrame(16 * 1024);
    while (first.byteOffset !== 0) first = allocFrame(16 * 1024);
    expect(first.buffer.byteLength).toBe(256 * 1024);
    const a = allocFrame(1001);
    expect(a.buffer).toBe(first.buffer);
    const b = allocFrame(300);
    expect(b.buffer).toBe(a.buffer);
    expect(b.byteOffset - a.byteOffset).toBe(1008); // 1001 rounded up to a multiple of 8
    expect(b.byteOffset % 8).toBe(0);
    const big = allocFrame(64 * 1024);
    expect(big.length).toBe(64 * 1024);
    const next = allocFrame(100);
    expect(
      next.buffer === big.buffer &&
        next.byteOffset < big.byteOffset + big.length &&
        next.byteOffset >= big.byteOffset,
    ).toBe(false);
  });
});
