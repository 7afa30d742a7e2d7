/** Constants and types of the reliable data channel (see dataChannel.ts). */
import type { EngineError } from '../../../shared/contract/errors.js';
import type { Clock, Random } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';

/** §8.3: neither reference end ever sends more than 1024 payload bytes in one message. */
export const MAX_PAYLOAD_BYTES = 1024;
/** Un-acked bytes above which producers are paused (window ≈ 2 MiB / RTT, far above the agent's ~1 MB/s). */
export const DEFAULT_OUTGOING_HIGH_WATER = 2 * 1024 * 1024;
/** Plugin: 3 000 resends × 100 ms ≈ 5 min before giving up (§6.4). */
export const DEFAULT_RESEND_LIMIT_MS = 5 * 60_000;
/** Same reorder capacity as the plugin (§6.3), plus a byte cap so a hostile peer cannot bloat us. */
export const DEFAULT_REORDER_MAX_MESSAGES = 10_000;
export const DEFAULT_REORDER_MAX_BYTES = 16 * 1024 * 1024;
/** Retransmission scheduler period: 10 ms = G, so a loss costs ≈ RTO, not a 100 ms tick. */
export const DEFAULT_TICK_MS = 10;
/** While MGS says pause_publication we only probe with the oldest message this often (§9). */
export const PAUSED_PROBE_MS = 1_000;

/** 'ok' = consumed (ack it); 'not-ready' = cannot take it now (no ack, no advance; peer resends). */
export type Delivery = 'ok' | 'not-ready';

export type ChannelEvent =
  | { readonly type: 'drain' }
  | { readonly type: 'acked'; readonly seq: number }
  | { readonly type: 'publication'; readonly paused: boolean }
  | { readonly type: 'closed'; readonly reason: string }
  | { readonly type: 'fatal'; readonly error: EngineError };

export interface DataChannelOptions {
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  /** 'client' sends input_stream_data and receives output_stream_data; 'agent' the reverse (test peers). */
  readonly role?: 'client' | 'agent';
  readonly outgoingHighWaterBytes?: number;
  readonly resendLimitMs?: number;
  readonly reorderMaxMessages?: number;
  readonly reorderMaxBytes?: number;
  readonly tickMs?: number;
  /** Processes one in-order stream-data message. Handshake payloads are delivered here too. */
  readonly deliver: (payloadType: number, payload: Uint8Array) => Delivery;
  readonly onEvent: (event: ChannelEvent) => void;
}
