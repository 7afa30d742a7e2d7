/**
 * What the port session needs from a port-forwarding mode (mux §8.3 or basic §8.4): local sockets
 * in, PT 1 / PT 10 payloads from the agent in, events out.
 */
import type { Socket } from 'node:net';
import type { EngineError } from '../../../shared/contract/errors.js';
import type { DataChannel, Delivery } from '../channel/dataChannel.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { PortSessionEvent } from './types.js';

export interface ProbeResult {
  ok: boolean;
  latencyMs?: number;
  error?: EngineError;
}

export interface ForwarderContext {
  readonly channel: DataChannel;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly emit: (event: PortSessionEvent) => void;
  /** Stop/start reading the data-channel socket (receive budget exhausted / released). */
  readonly setLinkReadPaused: (paused: boolean) => void;
  /** A fatal mux error ends the session. */
  readonly fatal: (error: EngineError) => void;
}

export interface Forwarder {
  attach(socket: Socket): void;
  /** An in-order PT 1 payload from the agent. */
  onOutput(payload: Uint8Array): Delivery;
  /** A PT 10 flag from the agent. */
  onFlag(flag: number): void;
  /** The channel's outgoing buffer went below its low-water mark: resume local reads. */
  onChannelDrain(): void;
  /** The channel acknowledged message `seq` (probe latency). */
  onAcked(seq: number): void;
  probe(timeoutMs: number): Promise<ProbeResult>;
  readonly activeConnections: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Destroys every local socket and stops timers. */
  dispose(): void;
}

/** The session-wide receive budget (smux MaxReceiveBuffer, §8.2), reused for basic mode. */
export const LOCAL_WRITE_BUDGET_BYTES = 4 * 1024 * 1024;
