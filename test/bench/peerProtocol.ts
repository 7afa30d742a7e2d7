/**
 * The bench's command header, sent first on every TCP connection to the target (and as the first
 * message on a raw WebSocket):
 *
 *   off len field
 *     0   1 cmd  'U' upload (peer sinks n bytes, then answers 'K'), 'D' download (peer sends n bytes),
 *                'E' echo, 'F' first byte (peer answers 'F' at once, then echoes),
 *                'P' paced download (WebSocket only: 1 KiB messages with a 1 ms sleep, like the agent)
 *     1   8 n    u64 big-endian byte count (0 for E/F)
 */
export const Command = {
  Upload: 0x55,
  Download: 0x44,
  Echo: 0x45,
  FirstByte: 0x46,
  PacedDownload: 0x50,
} as const;
export type CommandValue = (typeof Command)[keyof typeof Command];

export const HEADER_BYTES = 9;

export function header(cmd: CommandValue, n = 0): Buffer {
  const b = Buffer.alloc(HEADER_BYTES);
  b[0] = cmd;
  b.writeBigUInt64BE(BigInt(n), 1);
  return b;
}

export function readHeader(b: Buffer): { cmd: number; n: number } {
  return { cmd: b[0] ?? 0, n: b.length >= HEADER_BYTES ? Number(b.readBigUInt64BE(1)) : 0 };
}
