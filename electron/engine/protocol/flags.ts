/**
 * ssm-protocol.md §3.4 (header Flags bit-field) and §4.3 (PayloadType 10 flag payloads).
 */

/** Header Flags: bit0 SYN, bit1 FIN. Neither end reads them on receipt; we mirror the agent. */
export const HeaderFlags = {
  None: 0n,
  Syn: 1n,
  Fin: 2n,
  /** Acks carry SYN|FIN (3) in both reference implementations. */
  Ack: 3n,
} as const;

/** PayloadType 10 payload: a big-endian uint32. */
export const PayloadFlag = {
  DisconnectToPort: 1,
  TerminateSession: 2,
  ConnectToPortError: 3,
} as const;

export type PayloadFlagValue = (typeof PayloadFlag)[keyof typeof PayloadFlag];

export function encodeFlagPayload(flag: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(flag >>> 0, 0);
  return b;
}

/** Returns the flag value, or undefined if the payload is not exactly 4 bytes. */
export function decodeFlagPayload(payload: Uint8Array): number | undefined {
  if (payload.length !== 4) return undefined;
  return ((payload[0]! << 24) | (payload[1]! << 16) | (payload[2]! << 8) | payload[3]!) >>> 0;
}
