/** smux v1 client-side helpers for the raw test client (independent of the engine mux). */
import type { RawClient } from './rawClient.js';

/** smux v1 client helpers over a RawClient (stream ids 3, 5, …). */
export const smux = {
  syn: (id: number): Buffer => frame(0, id, Buffer.alloc(0)),
  fin: (id: number): Buffer => frame(1, id, Buffer.alloc(0)),
  psh: (id: number, data: Buffer): Buffer => frame(2, id, data),
  /** Parses a whole smux byte stream into frames. */
  parse(bytes: Buffer): { cmd: number; id: number; data: Buffer }[] {
    const out: { cmd: number; id: number; data: Buffer }[] = [];
    let off = 0;
    while (bytes.length - off >= 8) {
      const len = bytes.readUInt16LE(off + 2);
      if (bytes.length - off - 8 < len) break;
      out.push({
        cmd: bytes[off + 1]!,
        id: bytes.readUInt32LE(off + 4),
        data: bytes.subarray(off + 8, off + 8 + len),
      });
      off += 8 + len;
    }
    return out;
  },
  /** Concatenated PSH data of one stream. */
  streamData(bytes: Buffer, id: number): Buffer {
    return Buffer.concat(
      smux
        .parse(bytes)
        .filter((f) => f.cmd === 2 && f.id === id)
        .map((f) => f.data),
    );
  },
  hasFin(bytes: Buffer, id: number): boolean {
    return smux.parse(bytes).some((f) => f.cmd === 1 && f.id === id);
  },
};

function frame(cmd: number, id: number, data: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = 1;
  h[1] = cmd;
  h.writeUInt16LE(data.length, 2);
  h.writeUInt32LE(id, 4);
  return Buffer.concat([h, data]);
}

/** Splits bytes into ≤1024-byte PT 1 messages. */
export function sendStream(c: RawClient, bytes: Buffer): void {
  for (let off = 0; off < bytes.length; off += 1024) c.sendInput(1, bytes.subarray(off, off + 1024));
}
