/**
 * Buffers for outgoing frames, cut from 256 KiB slabs. `Buffer.allocUnsafe` cuts from Node's 8 KiB
 * pool, so a 1 144-byte data message (or a ~300-byte ack) makes Node allocate a new ArrayBuffer
 * every few messages — measurable at one frame per KiB moved. A slab is freed once every frame cut
 * from it is (frames are held until acknowledged, so slabs stay few and short-lived). The bytes are
 * NOT zeroed: callers must write every byte (allocMessage + sealDigest do).
 */
const SLAB_BYTES = 256 * 1024;
/** Larger requests get a buffer of their own (a slab should hold many frames). */
const MAX_FROM_SLAB = 16 * 1024;

let slab = Buffer.allocUnsafeSlow(0);
let used = 0;

export function allocFrame(bytes: number): Buffer {
  if (bytes > MAX_FROM_SLAB) return Buffer.allocUnsafe(bytes);
  if (used + bytes > slab.length) {
    slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
    used = 0;
  }
  const b = slab.subarray(used, used + bytes);
  used = (used + bytes + 7) & ~7; // 8-byte aligned, like Node's pool
  return b;
}
