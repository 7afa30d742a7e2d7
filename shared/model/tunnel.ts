/** Live tunnel state as the engine publishes it (snapshot, then per-tunnel deltas). */
import { z } from 'zod';
import { EngineErrorSchema } from '../contract/errorSchema.js';

export const TUNNEL_STATUSES = [
  'stopped',
  'listening',
  'connecting',
  'open',
  'reconnecting',
  'failed',
  'needs-login',
] as const;
export const TunnelStatus = z.enum(TUNNEL_STATUSES);
export type TunnelStatus = z.infer<typeof TunnelStatus>;

export const TunnelHealth = z.object({
  bytesIn: z.number(),
  bytesOut: z.number(),
  /** Bytes per second over the last metrics interval. */
  throughputInBps: z.number(),
  throughputOutBps: z.number(),
  activeConnections: z.number().int(),
  /** Smoothed round-trip time from data-channel acks. */
  rttMs: z.number().optional(),
  lastTrafficAt: z.number().optional(),
  reconnects: z.number().int(),
  /** Epoch ms when the account's max session duration ends the session, when known. */
  sessionExpiresAt: z.number().optional(),
});
export type TunnelHealth = z.infer<typeof TunnelHealth>;

export const TunnelSnapshot = z.object({
  profileId: z.string(),
  name: z.string(),
  status: TunnelStatus,
  /** Epoch ms of the last status change. */
  since: z.number(),
  localAddress: z.string().optional(),
  localPort: z.number().int().optional(),
  sessionId: z.string().optional(),
  target: z.string().optional(),
  agentVersion: z.string().optional(),
  mode: z.enum(['mux', 'basic']).optional(),
  health: TunnelHealth,
  lastError: EngineErrorSchema.optional(),
  /** Epoch ms of the next automatic retry while waiting out a backoff (connecting, needs-login…). */
  nextRetryAt: z.number().optional(),
});
export type TunnelSnapshot = z.infer<typeof TunnelSnapshot>;

export const ProbeResult = z.object({
  ok: z.boolean(),
  latencyMs: z.number().optional(),
  error: EngineErrorSchema.optional(),
});
export type ProbeResult = z.infer<typeof ProbeResult>;
