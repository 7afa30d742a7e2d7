/**
 * OS notifications for tunnel trouble: a tunnel failed, needs login, or recovered after one of those.
 * NotificationPolicy is the pure decision (status transitions + rate limits, time injected);
 * TunnelNotifier wires it to the engine's event stream and an injected `show` (Electron Notification
 * in main, a recorder in tests).
 */
import type { EngineUpdate } from '../../shared/contract/events.js';
import type { TunnelSnapshot, TunnelStatus } from '../../shared/model/tunnel.js';
import type { EngineHost } from '../engine/api/engineHost.js';

export type TunnelNoticeKind = 'failed' | 'needs-login' | 'recovered';

export interface TunnelNotification {
  readonly kind: TunnelNoticeKind;
  readonly profileId: string;
  readonly title: string;
  readonly body: string;
}

export interface RateLimits {
  /** The same (tunnel, kind) is shown at most once per this interval: a flapping tunnel nags once. */
  readonly perTunnelCooldownMs: number;
  /** At most this many notifications in any window of windowMs, whatever their tunnel. */
  readonly maxPerWindow: number;
  readonly windowMs: number;
}

/** Chosen so a network outage that fails ten tunnels at once yields a handful of toasts, not ten. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perTunnelCooldownMs: 5 * 60_000,
  maxPerWindow: 4,
  windowMs: 60_000,
};

const TROUBLE: ReadonlySet<TunnelStatus> = new Set<TunnelStatus>(['failed', 'needs-login']);
const HEALTHY: ReadonlySet<TunnelStatus> = new Set<TunnelStatus>(['open', 'listening']);

export class NotificationPolicy {
  private readonly status = new Map<string, TunnelStatus>();
  /** Tunnels that hit trouble and have not recovered or been stopped since. */
  private readonly troubled = new Set<string>();
  private readonly lastShown = new Map<string, number>();
  private shownAt: number[] = [];
  /** Notifications dropped by the rate limits (exposed for the tray tooltip and tests). */
  suppressed = 0;

  constructor(
    private readonly now: () => number,
    private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
  ) {}

  observe(update: EngineUpdate): TunnelNotification[] {
    switch (update.kind) {
      case 'snapshot':
        // A (re)subscription baseline: remember, announce nothing (no toasts at app start).
        this.status.clear();
        for (const t of update.tunnels) {
          this.status.set(t.profileId, t.status);
          if (TROUBLE.has(t.status)) this.troubled.add(t.profileId);
        }
        return [];
      case 'profiles':
        return [];
      case 'tunnel':
        return this.transition(update.tunnel);
    }
  }

  private transition(t: TunnelSnapshot): TunnelNotification[] {
    const before = this.status.get(t.profileId);
    this.status.set(t.profileId, t.status);
    if (before === t.status) return [];
    if (t.status === 'stopped') {
      this.troubled.delete(t.profileId);
      return [];
    }
    if (TROUBLE.has(t.status)) {
      this.troubled.add(t.profileId);
      const kind: TunnelNoticeKind = t.status === 'failed' ? 'failed' : 'needs-login';
      const body =
        kind === 'failed'
          ? (t.lastError?.message ?? 'The tunnel stopped after repeated errors.')
          : 'Sign in again to keep this tunnel running. Its local port stays reserved.';
      return this.limit({
        kind,
        profileId: t.profileId,
        title: kind === 'failed' ? `${t.name} failed` : `${t.name} needs login`,
        body,
      });
    }
    if (HEALTHY.has(t.status) && this.troubled.delete(t.profileId)) {
      return this.limit({
        kind: 'recovered',
        profileId: t.profileId,
        title: `${t.name} recovered`,
        body: t.localPort !== undefined ? `Back up on port ${t.localPort}.` : 'The tunnel is back up.',
      });
    }
    return [];
  }

  private limit(n: TunnelNotification): TunnelNotification[] {
    const now = this.now();
    const key = `${n.profileId}\u0000${n.kind}`;
    const last = this.lastShown.get(key);
    this.shownAt = this.shownAt.filter((at) => now - at < this.limits.windowMs);
    if (
      (last !== undefined && now - last < this.limits.perTunnelCooldownMs) ||
      this.shownAt.length >= this.limits.maxPerWindow
    ) {
      this.suppressed++;
      return [];
    }
    this.lastShown.set(key, now);
    this.shownAt.push(now);
    return [n];
  }
}

export class TunnelNotifier {
  private readonly unsubscribe: () => void;

  constructor(
    engine: EngineHost,
    private readonly policy: NotificationPolicy,
    private readonly show: (n: TunnelNotification) => void,
  ) {
    this.unsubscribe = engine.subscribe('engine.update', (u) => {
      for (const n of this.policy.observe(u)) this.show(n);
    });
  }

  dispose(): void {
    this.unsubscribe();
  }
}
