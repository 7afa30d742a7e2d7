/** Inputs of startPortSession (the public entry point of the native SSM port-forwarding engine). */
import type { Agent } from 'node:http';
import type { DataChannelOptions } from '../channel/dataChannel.js';
import type { Clock, Random } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SessionApi } from './types.js';

export const PORT_DOCUMENT = 'AWS-StartPortForwardingSession';
export const REMOTE_HOST_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';

/** Tunables of the reliable channel (defaults in channel/dataChannel.ts). */
export type ChannelTuning = Partial<
  Pick<
    DataChannelOptions,
    'outgoingHighWaterBytes' | 'resendLimitMs' | 'reorderMaxMessages' | 'reorderMaxBytes' | 'tickMs'
  >
>;

export interface SocketTuning {
  readonly pingIntervalMs?: number;
  /** e.g. SigV4 headers for `ssmmessages` (§2.4); supplied by the aws layer. */
  readonly upgradeHeaders?: (url: string) => Promise<Record<string, string>>;
  /** e.g. an HTTPS proxy agent. */
  readonly agent?: Agent;
}

/** What a PortSession needs besides its credentials. */
export interface PortSessionDeps {
  readonly api: SessionApi;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** Reported in OpenDataChannelInput and HandshakeResponse; default 1.2.677.0 (see protocol/version.ts). */
  readonly clientVersion?: string;
  /** Default 30 s (§5.3). */
  readonly handshakeTimeoutMs?: number;
  readonly channel?: ChannelTuning;
  readonly socket?: SocketTuning;
}

export interface StartPortSessionOptions extends PortSessionDeps {
  /** Instance / managed-node id (StartSession Target). */
  readonly target: string;
  /** Default AWS-StartPortForwardingSession; REMOTE_HOST_DOCUMENT requires `host`. */
  readonly documentName?: typeof PORT_DOCUMENT | typeof REMOTE_HOST_DOCUMENT;
  /** Remote host, as seen from the target (remote-host document only). */
  readonly host?: string;
  readonly remotePort: number;
  /** Informational (the document's localPortNumber); default 0. */
  readonly localPortNumber?: number;
  /** StartSession Reason (1..256 chars). */
  readonly reason?: string;
}
