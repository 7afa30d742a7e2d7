/**
 * Reassembles smux v1 frames from the client→agent byte stream (the concatenated PT 1 payloads;
 * frame boundaries are not aligned to messages, §8.3). Header layout in engine/mux/frame.ts:
 * version u8 | cmd u8 | length u16 LE | streamId u32 LE | data.
 *
 * Incoming pieces are kept as a list and joined once per complete frame: re-concatenating the
 * pending bytes on every 1 KiB message copied each 32 KiB frame ~16 times over.
 */
import { Cmd, FRAME_HEADER_BYTES, SMUX_VERSION, type CmdValue } from '../../engine/mux/frame.js';

export interface ReadFrame {
  readonly cmd: CmdValue;
  readonly streamId: number;
  readonly data: Buffer;
}

export type ReadResult = { ok: true; frames: ReadFrame[] } | { ok: false; reason: string };

export class SmuxReader {
  private readonly pieces: Buffer[] = [];
  private pending = 0;

  push(bytes: Uint8Array): ReadResult {
    if (bytes.length > 0) {
      // Copy: the message buffer belongs to the socket layer.
      this.pieces.push(Buffer.from(bytes));
      this.pending += bytes.length;
    }
    const frames: ReadFrame[] = [];
    while (this.pending >= FRAME_HEADER_BYTES) {
      const header = this.peek(FRAME_HEADER_BYTES);
      const version = header[0]!;
      const cmd = header[1]!;
      // smux: a version other than the session's, or an unknown cmd, is a protocol error (session dies).
      if (version !== SMUX_VERSION) return { ok: false, reason: `smux version ${version}` };
      if (cmd > Cmd.UPD) return { ok: false, reason: `smux cmd ${cmd}` };
      const length = header.readUInt16LE(2);
      if (this.pending < FRAME_HEADER_BYTES + length) break;
      this.take(FRAME_HEADER_BYTES);
      frames.push({ cmd: cmd as CmdValue, streamId: header.readUInt32LE(4), data: this.take(length) });
    }
    return { ok: true, frames };
  }

  /** The first `n` pending bytes (n ≤ pending), without consuming them. */
  private peek(n: number): Buffer {
    const head = this.pieces[0]!;
    if (head.length >= n) return head.subarray(0, n);
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    for (const p of this.pieces) {
      const k = Math.min(p.length, n - at);
      p.copy(out, at, 0, k);
      at += k;
      if (at === n) break;
    }
    return out;
  }

  /** Consumes `n` pending bytes (n ≤ pending); a view when they sit in one piece. */
  private take(n: number): Buffer {
    this.pending -= n;
    const head = this.pieces[0];
    if (n === 0 || head === undefined) return Buffer.alloc(0);
    if (head.length >= n) {
      if (head.length === n) this.pieces.shift();
      else this.pieces[0] = head.subarray(n);
      return head.subarray(0, n);
    }
    const out = Buffer.allocUnsafe(n);
    let at = 0;
    while (at < n) {
      const p = this.pieces[0]!;
      const k = Math.min(p.length, n - at);
      p.copy(out, at, 0, k);
      at += k;
      if (k === p.length) this.pieces.shift();
      else this.pieces[0] = p.subarray(k);
    }
    return out;
  }
}
