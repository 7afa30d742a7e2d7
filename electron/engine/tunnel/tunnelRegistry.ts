/**
 * Owns every tunnel of one engine (the truth the UI, the tray and the CLI subscribe to). Sends a
 * state change at once and health at most once per HEALTH_INTERVAL_MS per tunnel.
 */
import type { Profile } from '../../../shared/model/profile.js';
import type { ProbeResult, TunnelSnapshot } from '../../../shared/model/tunnel.js';
import { failure } from '../aws/engineFailure.js';
import type { Clock, Random } from '../ports/clock.js';
import { nullLogger, type Logger } from '../ports/logger.js';
import type { SystemEvents } from '../ports/systemEvents.js';
import { systemClock, systemRandom } from '../transport/clock.js';
import { Tunnel, type SessionFactory } from './tunnel.js';

/** Metrics at most once a second per tunnel (issue "Persistent tunnels", Health and metrics). */
export const HEALTH_INTERVAL_MS = 1_000;

export interface TunnelRegistryOptions {
  readonly sessionFactory: SessionFactory;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly logger?: Logger;
  readonly systemEvents?: SystemEvents;
  /** The account's max session duration for a profile, when known. */
  readonly maxSessionMs?: (profile: Profile) => number | undefined;
  /** Called when a tunnel bound an auto port, so the profile can remember it. */
  readonly onPortChosen?: (profileId: string, port: number) => void;
}

export class TunnelRegistry {
  private readonly tunnels = new Map<string, Tunnel>();
  private readonly listeners = new Set<(s: TunnelSnapshot) => void>();
  private readonly lastHealthAt = new Map<string, number>();
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly logger: Logger;

  constructor(private readonly o: TunnelRegistryOptions) {
    this.clock = o.clock ?? systemClock;
    this.random = o.random ?? systemRandom;
    this.logger = o.logger ?? nullLogger;
  }

  /** Starts (binds) the profile's tunnel; resolves once listening. Rejects with PORT_IN_USE etc. */
  async start(profile: Profile): Promise<TunnelSnapshot> {
    const existing = this.tunnels.get(profile.id);
    if (existing && existing.state !== 'stopped') return existing.snapshot();
    const tunnel = new Tunnel(profile, {
      sessionFactory: this.o.sessionFactory,
      clock: this.clock,
      random: this.random,
      logger: this.logger.child({ profileId: profile.id }),
      systemEvents: this.o.systemEvents,
      maxSessionMs: this.o.maxSessionMs?.(profile),
      onUpdate: (s, kind) => this.publish(s, kind),
    });
    this.tunnels.set(profile.id, tunnel);
    try {
      const snap = await tunnel.start();
      if (
        profile.bind.port === 0 &&
        snap.localPort !== undefined &&
        snap.localPort !== profile.bind.rememberedPort
      )
        this.o.onPortChosen?.(profile.id, snap.localPort);
      return snap;
    } catch (e) {
      this.tunnels.delete(profile.id);
      throw e;
    }
  }

  async stop(profileId: string): Promise<void> {
    const t = this.tunnels.get(profileId);
    if (!t) return;
    await t.stop();
    this.tunnels.delete(profileId);
    this.lastHealthAt.delete(profileId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.tunnels.keys()].map((id) => this.stop(id)));
  }

  async probe(profileId: string, timeoutMs?: number): Promise<ProbeResult> {
    const t = this.tunnels.get(profileId);
    if (!t) throw failure('NOT_FOUND', `tunnel ${profileId} is not running`, { hint: 'Start it first.' });
    return t.probe(timeoutMs);
  }

  get(profileId: string): TunnelSnapshot | undefined {
    return this.tunnels.get(profileId)?.snapshot();
  }

  /** The Tunnel object itself (tests and reports: resume times). */
  tunnel(profileId: string): Tunnel | undefined {
    return this.tunnels.get(profileId);
  }

  list(): TunnelSnapshot[] {
    return [...this.tunnels.values()].map((t) => t.snapshot());
  }

  /** Credentials changed (login, MFA, refresh): tunnels waiting in needs-login retry now. */
  credentialsRefreshed(): void {
    for (const t of this.tunnels.values()) t.credentialsRefreshed();
  }

  onUpdate(listener: (snapshot: TunnelSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.stopAll();
    this.listeners.clear();
  }

  private publish(s: TunnelSnapshot, kind: 'state' | 'health'): void {
    const now = this.clock.monotonic();
    if (kind === 'health') {
      const last = this.lastHealthAt.get(s.profileId);
      if (last !== undefined && now - last < HEALTH_INTERVAL_MS) return;
    }
    this.lastHealthAt.set(s.profileId, now);
    for (const l of [...this.listeners]) l(s);
  }
}
