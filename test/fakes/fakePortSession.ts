/**
 * A scriptable PortSession for supervisor tests: the test decides when the "WebSocket" drops, whether
 * a resume works, when the service ends the session. Attached sockets are kept (not forwarded).
 */
import type { Socket } from 'node:net';
import type { EngineError } from '../../shared/contract/errors.js';
import { failure } from '../../electron/engine/aws/engineFailure.js';
import type { PortSession, PortSessionEvent, PortSessionStats } from '../../electron/engine/session/types.js';

let counter = 0;

export class FakePortSession implements PortSession {
  readonly sessionId = `fake-${++counter}`;
  readonly agentVersion = '3.3.1142.0';
  readonly mode = 'mux' as const;
  readonly attached: Socket[] = [];
  readonly listeners = new Set<(e: PortSessionEvent) => void>();
  terminated = 0;
  resumeCalls = 0;
  /** What the next resume() does: undefined = succeed, an error = reject with it. */
  resumeResult: EngineError | undefined;
  probeResult: { ok: boolean; latencyMs?: number; error?: EngineError } = { ok: true, latencyMs: 3 };
  bytesIn = 0;
  bytesOut = 0;

  attach(socket: Socket): void {
    this.attached.push(socket);
  }
  probe(): Promise<{ ok: boolean; latencyMs?: number; error?: EngineError }> {
    return Promise.resolve(this.probeResult);
  }
  resume(): Promise<void> {
    this.resumeCalls++;
    const r = this.resumeResult;
    if (r) return Promise.reject(failure(r.code, r.message));
    this.emit({ type: 'resumed' });
    return Promise.resolve();
  }
  stats(): PortSessionStats {
    return {
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      activeConnections: this.attached.filter((s) => !s.destroyed).length,
      rttMs: 12,
      lastTrafficAt: undefined,
      unackedMessages: 0,
      unackedBytes: 0,
    };
  }
  terminate(): Promise<void> {
    this.terminated++;
    for (const s of this.attached) s.destroy();
    this.emit({ type: 'closed', error: undefined, reason: 'terminated' });
    return Promise.resolve();
  }
  onEvent(listener: (event: PortSessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(e: PortSessionEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
