/**
 * Public shapes of the local SSM simulator (the API other parts of Bastionless code against).
 * `simulator.ts` re-exports everything here.
 */
import type { IncomingMessage } from 'node:http';
import type { Logger } from '../engine/ports/logger.js';
import type { HttpService, SimulatorContext } from './http/service.js';

export interface SimInstance {
  instanceId: string;
  name?: string;
  computerName?: string;
  platformType: 'Linux' | 'Windows' | 'MacOS';
  platformName?: string;
  pingStatus: 'Online' | 'ConnectionLost' | 'Inactive';
  agentVersion: string;
  ipAddress?: string;
  tags?: Record<string, string>;
  /** Session documents StartSession accepts for this node. Default: both port-forwarding documents. */
  allowedDocuments?: string[];
}

export interface FaultConfig {
  /** Applied to data-channel frames in both directions (0..1). */
  lossRatio: number;
  duplicateRatio: number;
  reorderRatio: number;
  /** Agent→client frames get a bad digest (the client must drop them; the agent resends). */
  corruptDigestRatio: number;
  /** Added one-way latency per frame. */
  latencyMs: number;
  /** The agent holds each ack this long before sending it (slow acks, §13.4). Not in the brief's list; added. */
  ackDelayMs: number;
  /** Close client data channels periodically (close 1000 "Bye"); sessions stay resumable. */
  dropEverySeconds: number | undefined;
  /** 'agent' = 1024-byte reads + 1 ms sleep like the real agent. */
  pacing: 'none' | 'agent';
  /** Service idle timeout in seconds (overrides sessionPreferences). */
  idleTimeoutSeconds: number | undefined;
  /** Max session duration in seconds (overrides sessionPreferences). */
  maxSessionSeconds: number | undefined;
  /** The agent's dial fails (ConnectToPortError in mux, session end in basic). */
  refuseTarget: boolean;
  /** The agent's dial never completes. */
  blackholeTarget: boolean;
  /** Every API call fails like bad credentials. */
  rejectCredentials: 'expired' | 'invalid' | undefined;
  /** Gateway sends pause_publication and holds agent output until cleared (then start_publication). */
  pausePublication: boolean;
}

export interface StartSimulatorOptions {
  /** 0 (default) = random port on 127.0.0.1. */
  port?: number;
  instances?: SimInstance[];
  faults?: Partial<FaultConfig>;
  /** Seed of the fault randomness (default 1). */
  seed?: number;
  sessionPreferences?: { idleTimeoutMinutes?: number; maxSessionDurationMinutes?: number };
  upgradeAuthenticator?: (req: IncomingMessage) => { ok: true } | { ok: false; reason: string };
  /** Parameter Store contents. */
  parameters?: Record<string, string>;
  /** GetParametersByPath / GetParameter under these prefixes fail with AccessDeniedException. */
  deniedParameterPaths?: string[];
  logger?: Logger;
  /**
   * Agent retransmission: 'oldest' (default, like the real agent: one oldest message per 100 ms tick)
   * or 'bulk' (every message older than the RTO per tick; faster recovery for soak tests).
   */
  agentResend?: 'oldest' | 'bulk';
  /** Lifetime of a TokenValue (default 60 s). */
  tokenTtlMs?: number;
  /** Agent handshake timeout (default 15 s, §5.3). */
  handshakeTimeoutMs?: number;
  /**
   * Builds the fake non-SSM AWS services mounted before SSM (default: `defaultAwsServices(ctx)` from
   * ./aws). Pass e.g. `(ctx) => createFakeAws(ctx, sharedState).services` to share state with an
   * upgradeAuthenticator.
   */
  awsServices?: (ctx: SimulatorContext) => HttpService[];
  /**
   * How ResumeSession answers for an ended session: 'error' (default, DoesNotExistException) or
   * 'no-token' (200 with SessionId but no TokenValue/StreamUrl — the plugin's "timed out" path, §1.2).
   */
  endedResume?: 'error' | 'no-token';
  /** Caller name used in SessionIds (`<caller>-<17 hex>`), default 'simuser'. */
  callerName?: string;
}

export interface SimSessionInfo {
  sessionId: string;
  target: string;
  documentName: string;
  status: string;
  clientConnected: boolean;
  resumes: number;
  startedAt: number;
  bytesFromClient: number;
  bytesToClient: number;
  /** Stream-data messages the agent retransmitted (diagnostics, tests). */
  agentResends: number;
  /** Stream-data messages the agent sent and the client has not acknowledged yet (≈ KiB each). */
  agentUnacked: number;
}

export interface Simulator {
  /** 'http://127.0.0.1:N' — AWS_ENDPOINT_URL_SSM points the SDK here. */
  readonly endpoint: string;
  readonly faults: Readonly<FaultConfig>;
  setFaults(patch: Partial<FaultConfig>): void;
  /** Closes the client-side sockets now; sessions stay resumable. Returns how many were closed. */
  dropDataChannels(opts?: { code?: number; reason?: string }): number;
  /** The service ends the session: channel_closed then close. */
  endSession(sessionId: string, output?: string): void;
  /**
   * The SSM agent on `instanceId` restarts: its port sessions die with it (each client gets
   * channel_closed and the session is Failed, so it cannot be resumed), and the node reports
   * ConnectionLost for `downMs` (default 1 s; StartSession answers TargetNotConnected) before it is
   * Online again. Returns how many sessions ended.
   */
  restartAgent(instanceId: string, opts?: { downMs?: number }): number;
  sessions(): SimSessionInfo[];
  instances(): SimInstance[];
  setInstance(instance: SimInstance): void;
  setParameter(name: string, value: string): void;
  requestLog(): { operation: string; status: number; at: number }[];
  /**
   * The next `times` calls of `operation` (e.g. 'ResumeSession') fail with this error (default status
   * 400; use 500 + 'InternalServerError' or 400 + 'ThrottlingException' to exercise SDK retries).
   */
  injectApiError(
    operation: string,
    error: { code: string; message?: string; status?: number },
    times?: number,
  ): void;
  /** Closes every server, socket and timer. */
  close(): Promise<void>;
}
