/** ssm-protocol.md §4.1: the MessageType strings (compared exactly, lower-case, after trimming). */
export const MessageType = {
  InputStreamData: 'input_stream_data',
  OutputStreamData: 'output_stream_data',
  Acknowledge: 'acknowledge',
  ChannelClosed: 'channel_closed',
  StartPublication: 'start_publication',
  PausePublication: 'pause_publication',
  AgentSessionState: 'agent_session_state',
} as const;

export type KnownMessageType = (typeof MessageType)[keyof typeof MessageType];

/** Messages that carry a per-direction sequence number and must be acknowledged (§6.2). */
export function isStreamData(type: string): boolean {
  return type === MessageType.InputStreamData || type === MessageType.OutputStreamData;
}
