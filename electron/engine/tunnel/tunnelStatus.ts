/**
 * The tunnel state machine's transition table (issue "Persistent tunnels"):
 *
 *   stopped → listening → connecting → open → reconnecting → open …
 *                      ↘ needs-login ↗      ↘ connecting (new session after the service ended one)
 *                      ↘ failed (config errors; the listener stays bound, a new connection retries)
 *
 * Every state except `stopped` keeps the local listener bound.
 */
import type { TunnelStatus } from '../../../shared/model/tunnel.js';

const ALLOWED: Readonly<Record<TunnelStatus, readonly TunnelStatus[]>> = {
  stopped: ['listening'],
  listening: ['connecting', 'stopped'],
  connecting: ['open', 'connecting', 'needs-login', 'failed', 'listening', 'stopped'],
  open: ['reconnecting', 'connecting', 'listening', 'failed', 'stopped'],
  reconnecting: ['open', 'reconnecting', 'needs-login', 'connecting', 'listening', 'failed', 'stopped'],
  'needs-login': ['connecting', 'reconnecting', 'open', 'needs-login', 'listening', 'failed', 'stopped'],
  failed: ['connecting', 'listening', 'stopped'],
};

export function canTransition(from: TunnelStatus, to: TunnelStatus): boolean {
  return ALLOWED[from].includes(to);
}
