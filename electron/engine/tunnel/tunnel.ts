/**
 * One persistent tunnel: a local listener that stays bound while Session Manager sessions come and go
 * under it. Owns the listener, the current PortSession, the connections held while a session starts,
 * the retry/backoff policy and the health numbers. Never does protocol work itself (that is the
 * PortSession's); never reads profiles from disk (the registry hands it one).
 *
 * Lifecycle: start() binds and goes `listening`; the first local connection (or `eager`) starts a
 * session; stop() terminates the session, closes the listener and leaves no timer behind.
 */
import type { Socket } from 'node:net';
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import type { Profile } from '../../../shared/model/profile.js';
import type { ProbeResult, TunnelSnapshot, TunnelStatus } from '../../../shared/model/tunnel.js';
import { plainEngineError } from '../aws/engineFailure.js';
import { toEngineError } from '../aws/awsErrors.js';
import type { Clock, Random, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SystemEvents } from '../ports/systemEvents.js';
import type { PortSession, PortSessionEvent } from '../session/types.js';
import { Backoff } from './backoff.js';
import { HeldConnections } from './heldConnections.js';
import { RetrySchedule } from './retrySchedule.js';
import { HealthMeter } from './healthMeter.js';
import { isLoopbackAddress, listenLocal, type LocalListener } from './localListener.js';
import { canTransition } from './tunnelStatus.js';

/** A held connection is closed if no session is ready by then (a client's own connect timeout is similar). */
export const HOLD_TIMEOUT_MS = 60_000;
/** Health tick: throughput, idle close and timer-drift (sleep) detection. */
export const TICK_MS = 1_000;
/** A tick that arrives this much late means the machine slept: retry now instead of waiting. */
export const WAKE_DRIFT_MS = 10_000;
/** While credentials are rejected, check again at least this often (they may be refreshed outside us). */
export const LOGIN_RETRY_CAP_MS = 5_000;

export type SessionFactory = (profile: Profile) => Promise<PortSession>;

export interface TunnelDeps {
  readonly sessionFactory: SessionFactory;
  readonly clock: Clock;
  readonly random: Random;
  readonly logger: Logger;
  readonly systemEvents?: SystemEvents | undefined;
  /** The account's max session duration, when known (for "time left"). */
  readonly maxSessionMs?: number | undefined;
  readonly holdTimeoutMs?: number | undefined;
  readonly onUpdate: (snapshot: TunnelSnapshot, kind: 'state' | 'health') => void;
}

/** Errors that a new session cannot fix: the tunnel waits in `failed` until the next connection. */
const FATAL: ReadonlySet<string> = new Set([
  'ACCESS_DENIED',
  'INVALID_DOCUMENT',
  'TARGET_NOT_FOUND',
  'INVALID_ARGUMENT',
  'AGENT_TOO_OLD',
  'PROFILE_INVALID',
]);

export class Tunnel {
  private status: TunnelStatus = 'stopped';
  private since: number;
  private listener: LocalListener | undefined;
  private session: PortSession | undefined;
  private sessionOff: (() => void) | undefined;
  private sessionStartedAt: number | undefined;
  private opening = false;
  private openingPromise: Promise<void> | undefined;
  private maxSessionMs: number | undefined;
  private generation = 0;
  private lastError: EngineError | undefined;
  private reconnects = 0;
  private readonly pending: HeldConnections;
  private readonly backoff: Backoff;
  private readonly retry: RetrySchedule;
  private tickTimer: TimerHandle | undefined;
  private lastTickWall = 0;
  private lastActivity = 0;
  private readonly meter = new HealthMeter();
  private readonly offSystem: (() => void)[] = [];
  private readonly resumeTimesMs: number[] = [];

  constructor(
    private profile: Profile,
    private readonly d: TunnelDeps,
  ) {
    this.backoff = new Backoff(d.random);
    this.retry = new RetrySchedule(d.clock);
    this.pending = new HeldConnections(d.clock, d.holdTimeoutMs ?? HOLD_TIMEOUT_MS, () => {
      this.d.logger.log('warn', 'closing a held connection: no session became ready in time', {
        profileId: this.profile.id,
        lastError: this.lastError?.message ?? null,
      });
      this.emit('health');
    });
    this.maxSessionMs = d.maxSessionMs;
    this.since = d.clock.now();
  }

  get profileId(): string {
    return this.profile.id;
  }
  get state(): TunnelStatus {
    return this.status;
  }
  /** Durations of successful resumes (ms), for reports. */
  get resumeTimes(): readonly number[] {
    return this.resumeTimesMs;
  }

  async start(): Promise<TunnelSnapshot> {
    if (this.status !== 'stopped') return this.snapshot();
    const bind = this.profile.bind;
    const port = bind.port !== 0 ? bind.port : (bind.rememberedPort ?? 0);
    this.listener = await listenLocal(
      { address: bind.address, port, allowNonLoopback: bind.allowNonLoopback },
      (s) => this.onLocalConnection(s),
    );
    if (!isLoopbackAddress(this.listener.address))
      this.d.logger.log(
        'warn',
        'this tunnel listens on a non-loopback address: other machines can reach it',
        {
          profileId: this.profile.id,
          address: this.listener.address,
          port: this.listener.port,
        },
      );
    this.lastTickWall = this.d.clock.now();
    this.tickTimer = this.d.clock.setTimer(() => this.tick(), TICK_MS);
    if (this.d.systemEvents) {
      this.offSystem.push(this.d.systemEvents.onWake(() => this.retryNow('wake')));
      this.offSystem.push(this.d.systemEvents.onNetworkChange(() => this.retryNow('network change')));
    }
    this.setStatus('listening');
    if (this.profile.startMode === 'eager') void this.openSession();
    return this.snapshot();
  }

  async stop(): Promise<void> {
    if (this.status === 'stopped') return;
    this.generation++;
    this.setStatus('stopped');
    this.clearRetry();
    if (this.tickTimer) this.d.clock.clearTimer(this.tickTimer);
    this.tickTimer = undefined;
    for (const off of this.offSystem.splice(0)) off();
    this.pending.failAll();
    const session = this.detachSession();
    const listener = this.listener;
    this.listener = undefined;
    await Promise.all([session?.terminate().catch(() => {}), listener?.close()]);
  }

  /** Proof the far side answers: opens a stream to the target (starting a session if needed). */
  async probe(timeoutMs?: number): Promise<ProbeResult> {
    if (this.status === 'stopped') return { ok: false, error: engineError('NOT_FOUND', 'tunnel is stopped') };
    if (!this.session) await this.openSession();
    const s = this.session;
    if (!s)
      return {
        ok: false,
        error: plainEngineError(this.lastError ?? engineError('DATA_CHANNEL_LOST', 'no session')),
      };
    const r = await s.probe(timeoutMs);
    return {
      ok: r.ok,
      ...(r.latencyMs !== undefined ? { latencyMs: r.latencyMs } : {}),
      ...(r.error ? { error: plainEngineError(r.error) } : {}),
    };
  }

  /** The account's max session duration became known (session preferences read after start). */
  setMaxSessionMs(ms: number | undefined): void {
    this.maxSessionMs = ms;
    if (this.status !== 'stopped') this.emit('health');
  }

  /** Credentials were refreshed (login, MFA): leave needs-login at once. */
  credentialsRefreshed(): void {
    this.retryNow('credentials refreshed');
  }

  snapshot(): TunnelSnapshot {
    const stats = this.session?.stats();
    const h = this.meter.health(stats);
    const expires =
      this.maxSessionMs !== undefined && this.sessionStartedAt !== undefined
        ? this.sessionStartedAt + this.maxSessionMs
        : undefined;
    return {
      profileId: this.profile.id,
      name: this.profile.name,
      status: this.status,
      since: this.since,
      ...(this.listener ? { localAddress: this.listener.address, localPort: this.listener.port } : {}),
      ...(this.session
        ? {
            sessionId: this.session.sessionId,
            agentVersion: this.session.agentVersion,
            mode: this.session.mode,
          }
        : {}),
      target:
        this.profile.target.kind === 'instance'
          ? this.profile.target.instanceId
          : `tag:${this.profile.target.key}=${this.profile.target.value}`,
      health: {
        ...h,
        activeConnections: h.activeConnections + this.pending.size,
        reconnects: this.reconnects,
        ...(expires !== undefined ? { sessionExpiresAt: expires } : {}),
      },
      ...(this.lastError ? { lastError: plainEngineError(this.lastError) } : {}),
      ...(this.retry.at !== undefined ? { nextRetryAt: this.retry.at } : {}),
    };
  }

  // ── local connections ────────────────────────────────────────────────────────────────────────

  private onLocalConnection(socket: Socket): void {
    this.lastActivity = this.d.clock.now();
    if (this.status === 'stopped') {
      socket.destroy();
      return;
    }
    if (this.session && this.status === 'open') {
      this.attach(socket);
      return;
    }
    // Hold it (paused, not refused) until a session is ready.
    this.pending.hold(socket);
    if (!this.session && !this.opening && (!this.retry.pending || this.status === 'failed'))
      void this.openSession();
    this.emit('health');
  }

  private attach(socket: Socket): void {
    socket.resume();
    this.session!.attach(socket);
  }

  private flushPending(): void {
    this.pending.releaseAll((socket) => this.attach(socket));
  }

  private failPending(reason: EngineError): void {
    if (this.pending.failAll() > 0)
      this.d.logger.log('warn', 'closed held connections', {
        profileId: this.profile.id,
        reason: reason.message,
      });
  }

  // ── sessions ─────────────────────────────────────────────────────────────────────────────────

  /** Starts a session unless one exists; callers that need it await the one in flight. */
  private openSession(): Promise<void> {
    if (this.openingPromise) return this.openingPromise;
    if (this.session || this.status === 'stopped') return Promise.resolve();
    const p = this.doOpenSession().finally(() => {
      this.openingPromise = undefined;
    });
    this.openingPromise = p;
    return p;
  }

  private async doOpenSession(): Promise<void> {
    if (this.opening || this.session || this.status === 'stopped') return;
    this.clearRetry();
    this.opening = true;
    const gen = this.generation;
    if (this.status !== 'needs-login') this.setStatus('connecting');
    try {
      const s = await this.d.sessionFactory(this.profile);
      if (gen !== this.generation || this.state === 'stopped') {
        await s.terminate().catch(() => {});
        return;
      }
      this.adopt(s);
    } catch (e) {
      if (gen === this.generation) this.onStartFailure(toEngineError(e, 'starting a session'));
    } finally {
      this.opening = false;
    }
  }

  private adopt(s: PortSession): void {
    this.session = s;
    this.sessionStartedAt = this.d.clock.now();
    this.lastActivity = this.sessionStartedAt;
    this.meter.reset(s.stats());
    this.sessionOff = s.onEvent((e) => this.onSessionEvent(s, e));
    this.backoff.reset();
    this.setStatus('open');
    this.d.logger.log('info', 'session open', {
      profileId: this.profile.id,
      sessionId: s.sessionId,
      mode: s.mode,
    });
    this.flushPending();
  }

  private onStartFailure(error: EngineError): void {
    this.lastError = error;
    this.d.logger.log('warn', 'session start failed', {
      profileId: this.profile.id,
      code: error.code,
      error: error.message,
    });
    if (error.needsLogin) {
      this.setStatus('needs-login');
      this.scheduleRetry(() => void this.openSession(), LOGIN_RETRY_CAP_MS);
    } else if (FATAL.has(error.code) || !error.retryable) {
      this.setStatus('failed');
      this.failPending(error);
    } else {
      this.setStatus('connecting');
      this.scheduleRetry(() => void this.openSession());
    }
  }

  private onSessionEvent(s: PortSession, e: PortSessionEvent): void {
    if (this.session !== s) return;
    switch (e.type) {
      case 'disconnected':
        this.lastError = e.error;
        this.reconnects++;
        this.setStatus('reconnecting');
        void this.resumeLoop(s, this.d.clock.monotonic());
        return;
      case 'closed': {
        this.detachSession();
        if (e.error) this.lastError = e.error;
        this.d.logger.log('info', 'session ended', { profileId: this.profile.id, reason: e.reason });
        if (this.status === 'stopped') return;
        if (this.profile.startMode === 'eager' || this.pending.size > 0) {
          this.reconnects++;
          void this.openSession();
        } else this.setStatus('listening');
        return;
      }
      case 'connection-error':
        this.lastError = e.error;
        this.d.logger.log('warn', 'connection failed', {
          profileId: this.profile.id,
          error: e.error.message,
        });
        this.emit('state');
        return;
      case 'resumed':
        return;
      case 'log':
        this.d.logger.log(e.level, e.message, { profileId: this.profile.id });
        return;
    }
  }

  /** ResumeSession until it works, the session is gone (its 'closed' event takes over) or we stop. */
  private async resumeLoop(s: PortSession, startedAt: number): Promise<void> {
    while (this.session === s && this.status !== 'stopped') {
      try {
        await s.resume();
        if (this.session !== s) return;
        this.resumeTimesMs.push(this.d.clock.monotonic() - startedAt);
        this.backoff.reset();
        this.setStatus('open');
        this.flushPending();
        return;
      } catch (e) {
        if (this.session !== s) return;
        const error = toEngineError(e, 'resuming the session');
        this.lastError = error;
        if (!error.retryable && !error.needsLogin) {
          // Nothing will make this session resumable: end it, its 'closed' event starts a new one.
          this.d.logger.log('warn', 'giving up on resuming', {
            profileId: this.profile.id,
            code: error.code,
          });
          await s.terminate().catch(() => {});
          return;
        }
        this.setStatus(error.needsLogin ? 'needs-login' : 'reconnecting');
        await this.delay(error.needsLogin ? LOGIN_RETRY_CAP_MS : undefined);
      }
    }
  }

  private detachSession(): PortSession | undefined {
    const s = this.session;
    if (!s) return undefined;
    this.meter.accumulate(s.stats());
    this.sessionOff?.();
    this.sessionOff = undefined;
    this.session = undefined;
    this.sessionStartedAt = undefined;
    return s;
  }

  // ── timers ───────────────────────────────────────────────────────────────────────────────────

  private scheduleRetry(action: () => void, capMs?: number): void {
    this.clearRetry();
    const delay = capMs !== undefined ? Math.min(capMs, this.backoff.next()) : this.backoff.next();
    this.retry.schedule(action, delay);
    if (this.status !== 'stopped') this.emit('state'); // publishes nextRetryAt
  }

  private delay(capMs?: number): Promise<void> {
    return new Promise((resolve) => this.scheduleRetry(resolve, capMs));
  }

  private clearRetry(): void {
    const action = this.retry.cancel();
    // A pending delay() must not hang forever: resolve it (its loop re-checks state).
    if (action && this.status === 'stopped') action();
  }

  private retryNow(why: string): void {
    if (!this.retry.pending) return;
    this.d.logger.log('info', 'retrying now', { profileId: this.profile.id, why });
    this.backoff.reset();
    this.retry.runNow();
  }

  private tick(): void {
    const now = this.d.clock.now();
    if (now - this.lastTickWall > TICK_MS + WAKE_DRIFT_MS) this.retryNow('timer drift (wake from sleep)');
    this.lastTickWall = now;
    const stats = this.session?.stats();
    if (stats && this.meter.sample(stats, now)) this.lastActivity = now;
    const idleMs = (this.profile.idleCloseSeconds ?? 0) * 1000;
    if (
      idleMs > 0 &&
      this.session &&
      this.status === 'open' &&
      stats?.activeConnections === 0 &&
      this.pending.size === 0 &&
      now - this.lastActivity >= idleMs
    ) {
      this.d.logger.log('info', 'closing idle session', { profileId: this.profile.id });
      const s = this.detachSession();
      this.setStatus('listening');
      void s?.terminate().catch(() => {});
    }
    this.emit('health');
    this.tickTimer = this.d.clock.setTimer(() => this.tick(), TICK_MS);
  }

  private setStatus(next: TunnelStatus): void {
    if (next === this.status) {
      this.emit('state');
      return;
    }
    if (!canTransition(this.status, next))
      this.d.logger.log('warn', 'unexpected tunnel transition', { from: this.status, to: next });
    this.status = next;
    this.since = this.d.clock.now();
    this.emit('state');
  }

  private emit(kind: 'state' | 'health'): void {
    this.d.onUpdate(this.snapshot(), kind);
  }
}
