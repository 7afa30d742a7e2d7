/**
 * One SSM port-forwarding session: the reliable channel + handshake + mux/basic forwarder, wired to
 * a data-channel WebSocket. Implements the PortSession seam (types.ts); policy (when to resume, back
 * off, give up) belongs to the tunnel supervisor.
 */
import { EngineFailure } from '../aws/engineFailure.js';
import type { Socket } from 'node:net';
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import { DataChannel, type ChannelEvent, type Delivery } from '../channel/dataChannel.js';
import { HandshakeDriver, type HandshakeResult } from '../channel/handshakeDriver.js';
import { PoisonedError } from '../channel/errors.js';
import { IdSource } from '../protocol/messageIds.js';
import { decodeFlagPayload, PayloadFlag } from '../protocol/flags.js';
import { PayloadType } from '../protocol/payloadType.js';
import { CLIENT_VERSION } from '../protocol/version.js';
import { openDataChannelSocket, type DataChannelSocket } from '../transport/dataChannelSocket.js';
import { BasicForwarder } from './basicForwarder.js';
import type { Forwarder, ForwarderContext } from './forwarder.js';
import { MuxForwarder } from './muxForwarder.js';
import type { PortSessionDeps } from './options.js';
import type { PortSession, PortSessionEvent, PortSessionStats, SessionCredentials } from './types.js';

/** §8.6: how long terminate() waits for the TerminateSession flag's ack or channel_closed. */
export const TERMINATE_ACK_WAIT_MS = 2_000;
/** Default probe window: long enough for the agent's dial to fail and its ConnectToPortError to arrive. */
export const DEFAULT_PROBE_TIMEOUT_MS = 2_000;

export class PortSessionImpl implements PortSession {
  readonly sessionId: string;
  private readonly channel: DataChannel;
  private readonly handshake: HandshakeDriver;
  private readonly ids: IdSource;
  private readonly clientId: string;
  private readonly listeners = new Set<(e: PortSessionEvent) => void>();
  private forwarder: Forwarder | undefined;
  private socket: DataChannelSocket | undefined;
  private result: HandshakeResult | undefined;
  private ended: EngineError | undefined;
  private endWaiters: (() => void)[] = [];
  private ackWaiters = new Map<number, () => void>();
  private readPaused = false;
  private readonly ready: Promise<HandshakeResult>;
  private failReady: (error: EngineError) => void = () => {};

  constructor(
    private readonly d: PortSessionDeps,
    private readonly creds: SessionCredentials,
  ) {
    this.sessionId = creds.sessionId;
    this.ids = new IdSource(d.random);
    this.clientId = this.ids.next();
    this.channel = new DataChannel({
      clock: d.clock,
      random: d.random,
      logger: d.logger,
      deliver: (pt, payload) => this.deliver(pt, payload),
      onEvent: (e) => this.onChannelEvent(e),
      ...d.channel,
    });
    let settle!: (r: { ok: true; value: HandshakeResult } | { ok: false; error: EngineError }) => void;
    this.ready = new Promise<HandshakeResult>((resolve, reject) => {
      settle = (r) => (r.ok ? resolve(r.value) : reject(EngineFailure.of(r.error)));
      this.failReady = (error) => reject(EngineFailure.of(error));
    });
    this.ready.catch(() => {}); // observed by open(); never an unhandled rejection
    this.handshake = new HandshakeDriver({
      clock: d.clock,
      clientVersion: d.clientVersion ?? CLIENT_VERSION,
      ...(d.handshakeTimeoutMs !== undefined ? { timeoutMs: d.handshakeTimeoutMs } : {}),
      send: (pt, payload) => this.channel.send(pt, payload),
      onDone: (r) => {
        if (r.ok) this.onHandshake(r.value);
        settle(r);
      },
    });
  }

  get agentVersion(): string {
    return this.result?.agentVersion ?? '';
  }
  get mode(): 'mux' | 'basic' {
    return this.result?.mode ?? 'mux';
  }

  /** Connects, runs the handshake; rejects with an EngineError (and cleans up) on failure. */
  async open(): Promise<void> {
    this.handshake.start();
    try {
      await this.connect(this.creds);
      await this.ready;
    } catch (e) {
      const error = toError(e);
      await this.shutdown(error, error.message, true);
      throw EngineFailure.of(error);
    }
  }

  attach(socket: Socket): void {
    if (this.ended || !this.forwarder) {
      socket.destroy();
      return;
    }
    this.forwarder.attach(socket);
  }

  probe(
    timeoutMs = DEFAULT_PROBE_TIMEOUT_MS,
  ): Promise<{ ok: boolean; latencyMs?: number; error?: EngineError }> {
    if (this.ended) return Promise.resolve({ ok: false, error: this.ended });
    if (!this.forwarder || !this.channel.connected)
      return Promise.resolve({
        ok: false,
        error: engineError('DATA_CHANNEL_LOST', 'data channel is not connected'),
      });
    return this.forwarder.probe(timeoutMs);
  }

  async resume(): Promise<void> {
    if (this.ended) throw EngineFailure.of(this.ended);
    let creds: SessionCredentials;
    try {
      creds = await this.d.api.resumeSession(this.sessionId);
    } catch (e) {
      const error = toError(e);
      if (error.code === 'SESSION_NOT_RESUMABLE') await this.shutdown(error, error.message, false);
      throw EngineFailure.of(error);
    }
    if (this.ended) throw EngineFailure.of(this.ended);
    // §10.2: prefer the StreamUrl ResumeSession returns; fall back to the original.
    await this.connect({ ...creds, streamUrl: creds.streamUrl || this.creds.streamUrl });
    this.emit({ type: 'resumed' });
  }

  stats(): PortSessionStats {
    const s = this.channel.stats();
    return {
      bytesIn: this.forwarder?.bytesIn ?? 0,
      bytesOut: this.forwarder?.bytesOut ?? 0,
      activeConnections: this.forwarder?.activeConnections ?? 0,
      rttMs: s.rttMs,
      lastTrafficAt: s.lastTrafficAt,
      unackedMessages: s.unackedMessages,
      unackedBytes: s.unackedBytes,
    };
  }

  async terminate(): Promise<void> {
    if (this.ended) return;
    if (this.channel.connected && !this.channel.failed) {
      // §8.6: flag, wait ≤ 2 s for its ack or channel_closed, then the API as well.
      const seq = this.channel.sendFlag(PayloadFlag.TerminateSession);
      await new Promise<void>((resolve) => {
        const timer = this.d.clock.setTimer(done, TERMINATE_ACK_WAIT_MS);
        function done(): void {
          resolve();
        }
        const finish = (): void => {
          this.d.clock.clearTimer(timer);
          resolve();
        };
        this.ackWaiters.set(seq, finish);
        this.endWaiters.push(finish);
      });
    }
    await this.shutdown(undefined, 'terminated by the client', true);
  }

  onEvent(listener: (event: PortSessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: PortSessionEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  private async connect(creds: SessionCredentials): Promise<void> {
    const old = this.socket;
    this.socket = undefined;
    this.channel.detachLink();
    old?.close();
    const socket = await openDataChannelSocket(
      {
        url: creds.streamUrl,
        tokenValue: creds.tokenValue,
        clientId: this.clientId,
        requestId: this.ids.next(),
        clientVersion: this.d.clientVersion ?? CLIENT_VERSION,
        clock: this.d.clock,
        logger: this.d.logger,
        ...this.d.socket,
      },
      {
        onMessage: (frame) => this.onFrame(frame),
        onClose: (error) => this.onSocketClosed(socket, error),
      },
    );
    if (this.ended) {
      socket.close();
      throw EngineFailure.of(this.ended);
    }
    this.socket = socket;
    if (this.readPaused) socket.pauseReading();
    this.channel.attachLink((frame) => socket.send(frame));
  }

  private onFrame(frame: Buffer): void {
    if (this.ended) return;
    try {
      this.channel.receive(frame);
    } catch (e) {
      if (!(e instanceof PoisonedError)) throw e;
    }
  }

  private onSocketClosed(socket: DataChannelSocket | undefined, error: EngineError): void {
    if (this.ended || (socket !== undefined && this.socket !== socket)) return;
    this.socket = undefined;
    this.channel.detachLink();
    if (this.result) this.emit({ type: 'disconnected', error });
  }

  private deliver(pt: number, payload: Uint8Array): Delivery {
    if (!this.handshake.done) {
      if (this.handshake.handle(pt, payload)) return 'ok';
      // Agent semantics (§6.3): stream data before the handshake completes is acked and discarded.
      this.d.logger.log('debug', 'discarding data before the handshake completed', { payloadType: pt });
      return 'ok';
    }
    if (pt === PayloadType.Output) return this.forwarder ? this.forwarder.onOutput(payload) : 'not-ready';
    if (pt === PayloadType.Flag) {
      const flag = decodeFlagPayload(payload);
      if (flag !== undefined) this.forwarder?.onFlag(flag);
      return 'ok';
    }
    this.d.logger.log('debug', 'ignoring payload type', { payloadType: pt });
    return 'ok';
  }

  private onHandshake(r: HandshakeResult): void {
    this.result = r;
    if (r.customerMessage) this.emit({ type: 'log', level: 'info', message: r.customerMessage });
    const ctx: ForwarderContext = {
      channel: this.channel,
      clock: this.d.clock,
      logger: this.d.logger,
      emit: (e) => this.emit(e),
      setLinkReadPaused: (paused) => {
        this.readPaused = paused;
        if (paused) this.socket?.pauseReading();
        else this.socket?.resumeReading();
      },
      fatal: (error) => this.channel.fail(error),
    };
    this.forwarder = r.mode === 'mux' ? new MuxForwarder(ctx, r.keepAlive) : new BasicForwarder(ctx);
    this.d.logger.log('info', 'port session ready', {
      sessionId: this.sessionId,
      mode: r.mode,
      agentVersion: r.agentVersion,
    });
  }

  private onChannelEvent(e: ChannelEvent): void {
    switch (e.type) {
      case 'drain':
        return this.forwarder?.onChannelDrain();
      case 'acked': {
        this.forwarder?.onAcked(e.seq);
        const w = this.ackWaiters.get(e.seq);
        if (w) {
          this.ackWaiters.delete(e.seq);
          w();
        }
        return;
      }
      case 'publication':
        return this.d.logger.log('debug', e.paused ? 'publication paused' : 'publication started');
      case 'closed': {
        const error = engineError('SESSION_ENDED_BY_SERVICE', e.reason || 'the service closed the session');
        for (const w of this.endWaiters.splice(0)) w();
        void this.shutdown(error, e.reason || 'channel closed', false);
        return;
      }
      case 'fatal':
        // The plugin also calls TerminateSession when it gives up (§6.4 resend limit).
        void this.shutdown(e.error, e.error.message, true);
        return;
    }
  }

  /** Ends the session once: forwarder, channel, timers and socket; optionally the API call. */
  private async shutdown(error: EngineError | undefined, reason: string, callApi: boolean): Promise<void> {
    if (this.ended) return;
    this.ended = error ?? engineError('CANCELLED', reason);
    this.handshake.cancel();
    this.forwarder?.dispose();
    this.channel.dispose(reason);
    for (const w of this.endWaiters.splice(0)) w();
    this.ackWaiters.clear();
    this.failReady(this.ended);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
    if (callApi) {
      try {
        await this.d.api.terminateSession(this.sessionId);
      } catch (e) {
        this.d.logger.log('warn', 'TerminateSession failed', { error: toError(e).message });
      }
    }
    this.emit({ type: 'closed', error, reason });
  }
}

function toError(e: unknown): EngineError {
  if (e instanceof PoisonedError) return e.error;
  if (typeof e === 'object' && e !== null && 'code' in e && 'retryable' in e) return e as EngineError;
  return engineError('INTERNAL', e instanceof Error ? e.message : String(e));
}
