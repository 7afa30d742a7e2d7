/**
 * The seam between the protocol engine (data channel + mux/basic port forwarding) and the tunnel
 * supervisor. The engine side implements PortSession; the supervisor owns policy (when to start,
 * resume, back off, give up, ask for login). Nothing here knows about listeners or profiles.
 */
import type { Socket } from 'node:net';
import type { EngineError } from '../../../shared/contract/errors.js';

/** The three control-plane calls a session needs (implemented over @aws-sdk/client-ssm). */
export interface SessionApi {
  startSession(input: {
    target: string;
    documentName: string;
    parameters: Record<string, string[]>;
    reason?: string;
  }): Promise<SessionCredentials>;
  /** Rejects with an EngineError; SESSION_NOT_RESUMABLE when the service says the session is gone. */
  resumeSession(sessionId: string): Promise<SessionCredentials>;
  terminateSession(sessionId: string): Promise<void>;
}

export interface SessionCredentials {
  readonly sessionId: string;
  readonly tokenValue: string;
  readonly streamUrl: string;
}

export interface PortSessionStats {
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly activeConnections: number;
  /** Smoothed RTT from data-channel acks (ms), once measured. */
  readonly rttMs: number | undefined;
  readonly lastTrafficAt: number | undefined;
  readonly unackedMessages: number;
  readonly unackedBytes: number;
}

export type PortSessionEvent =
  /** The WebSocket dropped without channel_closed; state is kept and resume() may continue it. */
  | { readonly type: 'disconnected'; readonly error: EngineError }
  /** The session is over (channel_closed, TerminateSession, fatal protocol error). Not resumable. */
  | { readonly type: 'closed'; readonly error: EngineError | undefined; readonly reason: string }
  | { readonly type: 'resumed' }
  /** One local connection ended badly (e.g. ConnectToPortError); the session continues. */
  | { readonly type: 'connection-error'; readonly error: EngineError }
  | { readonly type: 'log'; readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly message: string };

export interface PortSession {
  readonly sessionId: string;
  readonly agentVersion: string;
  readonly mode: 'mux' | 'basic';
  /** Hands a local TCP connection to the session (opens a smux stream, or takes the basic-mode slot). */
  attach(socket: Socket): void;
  /** Opens a stream to the target and reports whether the far side answered (connect + latency). */
  probe(timeoutMs?: number): Promise<{ ok: boolean; latencyMs?: number; error?: EngineError }>;
  /** After 'disconnected': ResumeSession with fresh credentials, reconnect, resend un-acked data. */
  resume(): Promise<void>;
  stats(): PortSessionStats;
  /** TerminateSession flag (waits briefly for its ack), the TerminateSession API, then closes. */
  terminate(): Promise<void>;
  onEvent(listener: (event: PortSessionEvent) => void): () => void;
}
