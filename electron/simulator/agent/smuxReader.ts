/**
 * Reassembles smux v1 frames from the client→agent byte stream (the concatenated PT 1 payloads;
 * frame boundaries are not aligned to messages, §8.3). Header layout in engine/mux/frame.ts:
 * version u8 | cmd u8 | length u16 LE | streamId u32 LE | data.
 */
import { Cmd, FRAME_HEADER_BYTES, SMUX_VERSION, type CmdValue } from '../../engine/mux/frame.js';

export interface ReadFrame {
  readonly cmd: CmdValue;
  readonly streamId: number;
  readonly data: Buffer;
}

export type ReadResult = { ok: true; frames: ReadFrame[] } | { ok: false; reason: string };

export class SmuxReader {
  private pending: Buffer = Buffer.alloc(0);

  push(bytes: Uint8Array): ReadResult {
    this.pending = this.pending.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.pending, bytes]);
    const frames: ReadFrame[] = [];
    let off = 0;
    while (this.pending.length - off >= FRAME_HEADER_BYTES) {
      const version = this.pending[off]!;
      const cmd = this.pending[off + 1]!;
      // smux: a version other than the session's, or an unknown cmd, is a protocol error (session dies).
      if (version !== SMUX_VERSION) return { ok: false, reason: `smux version ${version}` };
      if (cmd > Cmd.UPD) return { ok: false, reason: `smux cmd ${cmd}` };
      const length = this.pending.readUInt16LE(off + 2);
      const streamId = this.pending.readUInt32LE(off + 4);
      if (this.pending.length - off - FRAME_HEADER_BYTES < length) break;
      const start = off + FRAME_HEADER_BYTES;
      frames.push({
        cmd: cmd as CmdValue,
        streamId,
        data: Buffer.from(this.pending.subarray(start, start + length)),
      });
      off = start + length;
    }
    this.pending = this.pending.subarray(off);
    return { ok: true, frames };
  }
}
