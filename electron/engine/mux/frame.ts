/**
 * smux v1 frame codec, no I/O. ssm-protocol.md §11.1 (xtaci/smux frame.go):
 *
 *   off  len  field
 *     0    1  version   1 (the session's version; anything else kills the session)
 *     1    1  cmd       0 SYN, 1 FIN, 2 PSH, 3 NOP, 4 UPD (v2 only — never sent in v1)
 *     2    2  length    u16 LITTLE-endian, bytes of data after the header
 *     4    4  streamId  u32 LITTLE-endian
 *     8    n  data      PSH payload; empty for SYN/FIN/NOP
 */
export const SMUX_VERSION = 1;
export const FRAME_HEADER_BYTES = 8;
/** smux DefaultConfig MaxFrameSize (§8.2): writes are split into PSH frames of at most this. */
export const MAX_FRAME_DATA_BYTES = 32 * 1024;

export const Cmd = { SYN: 0, FIN: 1, PSH: 2, NOP: 3, UPD: 4 } as const;
export type CmdValue = (typeof Cmd)[keyof typeof Cmd];

export interface SmuxFrame {
  readonly version: number;
  readonly cmd: CmdValue;
  readonly streamId: number;
  readonly data: Uint8Array;
}

export function encodeFrameHeader(
  cmd: CmdValue,
  streamId: number,
  length: number,
  version = SMUX_VERSION,
): Buffer {
  const h = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  writeFrameHeader(h, 0, cmd, streamId, length, version);
  return h;
}

/** Writes the 8-byte header into `target` at `offset` (no allocation). */
export function writeFrameHeader(
  target: Buffer,
  offset: number,
  cmd: CmdValue,
  streamId: number,
  length: number,
  version = SMUX_VERSION,
): void {
  if (length < 0 || length > 0xffff) throw new RangeError(`smux frame length out of range: ${length}`);
  target[offset] = version;
  target[offset + 1] = cmd;
  target.writeUInt16LE(length, offset + 2);
  target.writeUInt32LE(streamId >>> 0, offset + 4);
}

export function encodeFrame(
  cmd: CmdValue,
  streamId: number,
  data: Uint8Array = new Uint8Array(0),
  version = SMUX_VERSION,
): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER_BYTES + data.length);
  encodeFrameHeader(cmd, streamId, data.length, version).copy(out, 0);
  out.set(data, FRAME_HEADER_BYTES);
  return out;
}
