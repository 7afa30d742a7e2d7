/**
 * Client side of the port-session handshake (ssm-protocol.md §5), no I/O:
 *
 *   A:0 PT 5 HandshakeRequest  → we answer C:0 PT 6 HandshakeResponse (every action answered)
 *   A:1 PT 7 HandshakeComplete → mode decided (§8.1), data may flow (client from C:1, agent from A:2)
 *
 * The plugin has no timeout; we fail with PROTOCOL_HANDSHAKE_TIMEOUT after 30 s (§5.3).
 */
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import {
  ActionStatus,
  encodeHandshakeResponse,
  parseHandshakeComplete,
  parseHandshakeRequest,
  processActions,
  type HandshakeRequest,
} from '../protocol/handshake.js';
import { PayloadType } from '../protocol/payloadType.js';
import {
  CLIENT_VERSION,
  decidePortMode,
  keepAlivePolicy,
  type KeepAlivePolicy,
  type PortMode,
} from '../protocol/version.js';

/** §5.3 recommendation: fail the start after 30 s without HandshakeComplete. */
export const HANDSHAKE_TIMEOUT_MS = 30_000;

export interface HandshakeResult {
  readonly agentVersion: string;
  readonly mode: PortMode;
  readonly keepAlive: KeepAlivePolicy;
  readonly properties: Readonly<Record<string, string>>;
  readonly customerMessage: string;
}

export interface HandshakeDriverOptions {
  readonly clock: Clock;
  readonly clientVersion?: string;
  readonly timeoutMs?: number;
  /** Sends a sequenced message (the channel's send). */
  readonly send: (payloadType: number, payload: Uint8Array) => void;
  readonly onDone: (result: { ok: true; value: HandshakeResult } | { ok: false; error: EngineError }) => void;
}

export class HandshakeDriver {
  private request: HandshakeRequest | undefined;
  private mode: PortMode | undefined;
  private timer: TimerHandle | undefined;
  private finished = false;

  constructor(private readonly o: HandshakeDriverOptions) {}

  get done(): boolean {
    return this.finished;
  }

  start(): void {
    const ms = this.o.timeoutMs ?? HANDSHAKE_TIMEOUT_MS;
    this.timer = this.o.clock.setTimer(() => {
      this.timer = undefined;
      this.finish({
        ok: false,
        error: engineError('PROTOCOL_HANDSHAKE_TIMEOUT', `no handshake from the agent within ${ms} ms`, {
          hint: 'The agent must start the handshake within ~15 s of StartSession (ssm-protocol §15.13).',
        }),
      });
    }, ms);
  }

  cancel(): void {
    if (this.timer !== undefined) this.o.clock.clearTimer(this.timer);
    this.timer = undefined;
    this.finished = true;
  }

  /** Handles PT 5 / PT 7; returns false for anything else (not a handshake message). */
  handle(payloadType: number, payload: Uint8Array): boolean {
    if (payloadType === PayloadType.HandshakeRequest) {
      this.onRequest(payload);
      return true;
    }
    if (payloadType === PayloadType.HandshakeComplete) {
      this.onComplete(payload);
      return true;
    }
    return false;
  }

  private onRequest(payload: Uint8Array): void {
    if (this.finished) return;
    const r = parseHandshakeRequest(payload);
    if (!r.ok) return this.finish({ ok: false, error: r.error });
    this.request = r.value;
    const processed = processActions(r.value);
    this.o.send(
      PayloadType.HandshakeResponse,
      encodeHandshakeResponse(processed, this.o.clientVersion ?? CLIENT_VERSION),
    );
    const failed = processed.find((p) => p.ActionStatus !== ActionStatus.Success);
    if (failed) {
      return this.finish({
        ok: false,
        error: engineError(
          'PROTOCOL_HANDSHAKE_FAILED',
          `handshake action ${failed.ActionType}: ${failed.Error}`,
        ),
      });
    }
    this.mode = decidePortMode(r.value.properties['type'], r.value.agentVersion);
    if (!this.mode)
      this.finish({
        ok: false,
        error: engineError(
          'PROTOCOL_HANDSHAKE_FAILED',
          'the session document is not a LocalPortForwarding document (no properties.type)',
        ),
      });
  }

  private onComplete(payload: Uint8Array): void {
    if (this.finished) return;
    if (!this.request || !this.mode)
      return this.finish({
        ok: false,
        error: engineError('PROTOCOL_VIOLATION', 'HandshakeComplete before HandshakeRequest'),
      });
    const c = parseHandshakeComplete(payload);
    if (!c.ok) return this.finish({ ok: false, error: c.error });
    this.finish({
      ok: true,
      value: {
        agentVersion: this.request.agentVersion,
        mode: this.mode,
        keepAlive: keepAlivePolicy(this.request.agentVersion),
        properties: this.request.properties,
        customerMessage: c.value.customerMessage,
      },
    });
  }

  private finish(r: Parameters<HandshakeDriverOptions['onDone']>[0]): void {
    if (this.finished) return;
    this.cancel();
    this.o.onDone(r);
  }
}
