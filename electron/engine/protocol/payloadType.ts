/** ssm-protocol.md §4.2: PayloadType values (uint32). */
export const PayloadType = {
  Unset: 0,
  Output: 1,
  Error: 2,
  Size: 3,
  Parameter: 4,
  HandshakeRequest: 5,
  HandshakeResponse: 6,
  HandshakeComplete: 7,
  EncChallengeRequest: 8,
  EncChallengeResponse: 9,
  Flag: 10,
  StdErr: 11,
  ExitCode: 12,
} as const;

export type PayloadTypeValue = (typeof PayloadType)[keyof typeof PayloadType];
