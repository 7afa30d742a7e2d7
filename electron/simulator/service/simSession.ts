/**
 * One Session Manager session as the service sees it: its tokens (single-use, short-lived), the
 * client's data-channel socket (at most one; a new one replaces the old), the emulated agent, and
 * the service-side timers (idle timeout, max duration). Ending it sends the client `channel_closed`
 * and closes the socket; an ended session cannot be resumed.
 */
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Logger } from '../../engine/ports/logger.js';
import { realClock } from '../agent/realClock.js';
import { MessageType } from '../../engine/protocol/messageType.js';
import { uuidV4FromBytes } from '../../engine/protocol/uuid.js';
import { SimAgent } from '../agent/simAgent.js';
import type { PortProperties } from '../agent/handshake.js';
import type { SeededRandom } from '../faults.js';
import { encodeChannelClosed, encodePublication } from '../gateway/mgsMessages.js';
import { FaultPipe } from '../gateway/faultPipe.js';
import { ClientOutbox } from './clientOutbox.js';
import type { FaultConfig, SimSessionInfo } from '../types.js';

export type SessionStatus = 'Connecting' | 'Connected' | 'Disconnected' | 'Terminated' | 'Failed';
export type TokenCheck = 'ok' | 'unknown' | 'expired' | 'used';

export interface SimSessionOptions {
  sessionId: string;
  target: string;
  documentName: string;
  owner: string;
  reason: string | undefined;
  agentVersion: string;
  properties: PortProperties;
  faults(): Readonly<FaultConfig>;
  random: SeededRandom;
  logger: Logger;
  tokenTtlMs: number;
  handshakeTimeoutMs: number;
  resend: 'oldest' | 'bulk';
  /** Service defaults (ms) when the fault knobs don't override them. */
  idleTimeoutMs: number | undefined;
  maxSessionMs: number | undefined;
}

const MAX_HELD = 10_000;
const OUTPUT_TYPE = Buffer.from(MessageType.OutputStreamData, 'ascii');

/** MessageType at bytes 4..36 (agent frames are space padded). */
function isOutputStreamData(frame: Buffer): boolean {
  return frame.length > 36 && frame.subarray(4, 4 + OUTPUT_TYPE.length).equals(OUTPUT_TYPE);
}

const IDLE_TEXT = 'Your session timed out due to inactivity and has been terminated.';
const MAX_TEXT = 'Your session has reached its maximum duration and has been terminated.';

export class SimSession {
  status: SessionStatus = 'Connecting';
  readonly startedAt = Date.now();
  endedAt: number | undefined;
  resumes = 0;
  bytesFromClient = 0;
  bytesToClient = 0;
  output = '';
  /** cell-number values issued in StreamUrls (raw, as they must come back). */
  readonly cellNumbers = new Set<string>();
  private readonly tokens = new Map<string, { expiresAt: number; used: boolean }>();
  private client:
    | { ws: WebSocket; toClient: FaultPipe; toAgent: FaultPipe; outbox: ClientOutbox }
    | undefined;
  private lastActivity = Date.now();
  /** Agent output held by the gateway while the pausePublication knob is on (flushed in order on clear). */
  private held: Buffer[] = [];
  private idleTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  readonly agent: SimAgent;

  constructor(readonly o: SimSessionOptions) {
    this.agent = new SimAgent({
      sessionId: o.sessionId,
      agentVersion: o.agentVersion,
      properties: o.properties,
      clock: realClock,
      random: o.random,
      logger: o.logger,
      transmit: (frame) => this.toClient(frame),
      faults: () => o.faults(),
      resend: o.resend,
      handshakeTimeoutMs: o.handshakeTimeoutMs,
      onActivity: () => (this.lastActivity = Date.now()),
      onComplete: (output, failed) => this.end(output, failed ? 'Failed' : 'Terminated'),
    });
    this.agent.setPaused(true); // nobody subscribed yet
    this.armTimers();
  }

  get id(): string {
    return this.o.sessionId;
  }
  get ended(): boolean {
    return this.status === 'Terminated' || this.status === 'Failed';
  }
  get clientConnected(): boolean {
    return this.client !== undefined;
  }

  issueToken(): string {
    const token = randomBytes(48).toString('base64');
    this.tokens.set(token, { expiresAt: Date.now() + this.o.tokenTtlMs, used: false });
    return token;
  }

  consumeToken(token: string): TokenCheck {
    const t = this.tokens.get(token);
    if (t === undefined) return 'unknown';
    if (t.used) return 'used';
    t.used = true;
    return Date.now() > t.expiresAt ? 'expired' : 'ok';
  }

  private newId(): string {
    return uuidV4FromBytes(randomBytes(16));
  }

  /** A client data channel passed the token check. */
  attachClient(ws: WebSocket): void {
    if (this.ended) {
      ws.close(4004, 'session ended');
      return;
    }
    if (this.client !== undefined) this.detach(this.client.ws, 1000, 'Bye');
    const outbox = new ClientOutbox(
      ws,
      (n) => (this.bytesToClient += n),
      undefined,
      (busy) => this.agent.setGatewayBusy(busy),
    );
    const toClient = new FaultPipe({
      deliver: (f) => outbox.send(f),
      faults: () => this.o.faults(),
      random: this.o.random,
      corrupt: true,
    });
    const toAgent = new FaultPipe({
      deliver: (f) => this.agent.receiveFrame(f),
      faults: () => this.o.faults(),
      random: this.o.random,
      corrupt: false,
    });
    this.client = { ws, toClient, toAgent, outbox };
    this.status = 'Connected';
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (this.client?.ws !== ws) return;
      if (!isBinary) {
        this.o.logger.log('debug', 'gateway ignored a text frame after the token frame', {
          length: data.length,
        });
        return;
      }
      this.bytesFromClient += data.length;
      // ws hands each message its own bytes (never reused), so no copy is needed.
      toAgent.send(data);
    });
    ws.on('close', () => this.detach(ws));
    ws.on('error', () => this.detach(ws));
    this.applyPublication();
    this.agent.start();
  }

  /**
   * The pausePublication knob (§9): tell the client and the agent, and hold the agent's stream data
   * here until it is cleared. (The agent itself un-pauses on the next input or ack, as the real one
   * does, so holding at the gateway is what makes the pause observable.)
   */
  applyPublication(): void {
    if (this.client === undefined) return;
    const paused = this.o.faults().pausePublication;
    const type = paused ? MessageType.PausePublication : MessageType.StartPublication;
    this.client.toClient.send(encodePublication(type, this.newId(), Date.now()), true);
    this.agent.setPaused(paused);
    if (!paused) for (const f of this.held.splice(0)) this.client.toClient.send(f);
  }

  private toClient(frame: Buffer): void {
    if (this.o.faults().pausePublication && isOutputStreamData(frame)) {
      if (this.held.length < MAX_HELD) this.held.push(frame);
      return;
    }
    this.client?.toClient.send(frame);
  }

  private detach(ws: WebSocket, code?: number, reason?: string): void {
    if (this.client?.ws !== ws) return;
    this.client.toClient.close();
    this.client.toAgent.close();
    this.client.outbox.close();
    this.client = undefined;
    if (!this.ended) {
      this.status = 'Disconnected';
      this.agent.setPaused(true); // MGS pauses the agent while its peer is away
    }
    if (code !== undefined && ws.readyState === ws.OPEN) ws.close(code, reason);
  }

  /** Closes the client socket without ending the session (resumable). */
  drop(code = 1000, reason = 'Bye'): boolean {
    if (this.client === undefined) return false;
    this.detach(this.client.ws, code, reason);
    return true;
  }

  /** The service ends the session: channel_closed, then close the socket. */
  end(output: string, status: 'Terminated' | 'Failed' = 'Terminated'): void {
    if (this.ended) return;
    this.status = status;
    this.output = output;
    this.endedAt = Date.now();
    this.clearTimers();
    this.agent.close();
    this.tokens.clear();
    const c = this.client;
    this.client = undefined;
    if (c === undefined) return;
    const frame = encodeChannelClosed({
      messageId: this.newId(),
      createdDate: Date.now(),
      sessionId: this.id,
      destinationId: this.o.target,
      output,
    });
    c.toClient.send(frame, true);
    c.toClient.afterDrain(() =>
      c.outbox.whenFlushed(() => {
        c.toClient.close();
        c.toAgent.close();
        c.outbox.close();
        if (c.ws.readyState === c.ws.OPEN) c.ws.close(1000, 'session ended');
      }),
    );
  }

  /** (Re)arms the idle and max-duration timers from the current knobs. */
  armTimers(): void {
    this.clearTimers();
    if (this.ended) return;
    const f = this.o.faults();
    const idleMs = f.idleTimeoutSeconds !== undefined ? f.idleTimeoutSeconds * 1000 : this.o.idleTimeoutMs;
    const maxMs = f.maxSessionSeconds !== undefined ? f.maxSessionSeconds * 1000 : this.o.maxSessionMs;
    if (maxMs !== undefined) {
      this.maxTimer = setTimeout(() => this.end(MAX_TEXT), Math.max(0, this.startedAt + maxMs - Date.now()));
    }
    if (idleMs !== undefined) {
      const check = (): void => {
        const left = this.lastActivity + idleMs - Date.now();
        if (left <= 0) this.end(IDLE_TEXT);
        else this.idleTimer = setTimeout(check, left);
      };
      this.idleTimer = setTimeout(check, Math.max(0, this.lastActivity + idleMs - Date.now()));
    }
  }

  private clearTimers(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    if (this.maxTimer !== undefined) clearTimeout(this.maxTimer);
    this.idleTimer = this.maxTimer = undefined;
  }

  /** Simulator shutdown: stop everything, close the socket without channel_closed. */
  dispose(): void {
    this.clearTimers();
    this.agent.close();
    if (this.client !== undefined) {
      const c = this.client;
      this.client = undefined;
      c.toClient.close();
      c.toAgent.close();
      c.outbox.close();
      c.ws.terminate();
    }
  }

  info(): SimSessionInfo {
    return {
      sessionId: this.id,
      target: this.o.target,
      documentName: this.o.documentName,
      status: this.status,
      clientConnected: this.clientConnected,
      resumes: this.resumes,
      startedAt: this.startedAt,
      bytesFromClient: this.bytesFromClient,
      bytesToClient: this.bytesToClient,
      agentResends: this.agent.channel.stats.resent,
      agentUnacked: this.agent.channel.unacked,
    };
  }
}
