/**
 * Incremental smux v1 frame parser over the reassembled byte stream (ssm-protocol.md §8.3, §11.1).
 * Frames are NOT aligned to data-channel messages: a header may straddle two payloads and a PSH body
 * may span many. PSH bodies are handed out in pieces as they arrive (views, no copy); control
 * frames (SYN/FIN/NOP/UPD) once complete.
 *
 *   off  len  field
 *     0    1  version   must equal the session's version, else protocol error
 *     1    1  cmd       0 SYN, 1 FIN, 2 PSH, 3 NOP, 4 UPD; > 4 is a protocol error
 *     2    2  length    u16 little-endian
 *     4    4  streamId  u32 little-endian
 *     8    n  data
 */
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import { Cmd, FRAME_HEADER_BYTES, SMUX_VERSION, type CmdValue } from './frame.js';

export interface FrameSink {
  /** SYN / FIN / NOP / UPD, after the whole frame (body skipped) was read. */
  control(cmd: CmdValue, streamId: number): void;
  /** A piece of a PSH body (possibly the whole body; never empty). */
  data(streamId: number, bytes: Uint8Array): void;
}

export class FrameReader {
  private readonly header = Buffer.alloc(FRAME_HEADER_BYTES);
  private headerFill = 0;
  private bodyLeft = 0;
  private cmd: CmdValue = Cmd.NOP;
  private streamId = 0;
  private error: EngineError | undefined;

  constructor(
    private readonly sink: FrameSink,
    private readonly version = SMUX_VERSION,
  ) {}

  /** Feeds bytes; returns an error (and stays failed) on a protocol violation. */
  push(chunk: Uint8Array): EngineError | undefined {
    if (this.error) return this.error;
    let off = 0;
    while (off < chunk.length) {
      if (this.headerFill < FRAME_HEADER_BYTES) {
        const n = Math.min(FRAME_HEADER_BYTES - this.headerFill, chunk.length - off);
        this.header.set(chunk.subarray(off, off + n), this.headerFill);
        this.headerFill += n;
        off += n;
        if (this.headerFill < FRAME_HEADER_BYTES) break;
        const err = this.startFrame();
        if (err) return (this.error = err);
        if (this.bodyLeft === 0) this.endFrame();
        continue;
      }
      const n = Math.min(this.bodyLeft, chunk.length - off);
      if (this.cmd === Cmd.PSH) this.sink.data(this.streamId, chunk.subarray(off, off + n));
      this.bodyLeft -= n;
      off += n;
      if (this.bodyLeft === 0) this.endFrame();
    }
    return undefined;
  }

  private startFrame(): EngineError | undefined {
    const h = this.header;
    if (h[0] !== this.version)
      return engineError('MUX_PROTOCOL_ERROR', `smux frame version ${h[0]} (expected ${this.version})`);
    const cmd = h[1]!;
    if (cmd > Cmd.UPD) return engineError('MUX_PROTOCOL_ERROR', `invalid smux command ${cmd}`);
    this.cmd = cmd as CmdValue;
    this.bodyLeft = h.readUInt16LE(2);
    this.streamId = h.readUInt32LE(4);
    return undefined;
  }

  private endFrame(): void {
    this.headerFill = 0;
    if (this.cmd !== Cmd.PSH) this.sink.control(this.cmd, this.streamId);
  }
}
