/**
 * One emulated SSM Agent session for a Port document (§5, §8): the handshake, then mux or basic
 * port forwarding, over an AgentDataChannel. The gateway feeds it client frames and publication
 * state; everything it sends goes to `transmit` (lost while no client is connected — the resend
 * scheduler recovers, like the real agent behind MGS).
 */
import type { Socket } from 'node:net';
import type { Clock, Random, TimerHandle } from '../../engine/ports/clock.js';
import type { Logger } from '../../engine/ports/logger.js';
import type { DecodedMessage } from '../../engine/protocol/clientMessage.js';
import { decodeFlagPayload, PayloadFlag } from '../../engine/protocol/flags.js';
import { PayloadType } from '../../engine/protocol/payloadType.js';
import { AgentDataChannel, OUTGOING_CAPACITY, type ProcessResult } from './agentDataChannel.js';
import { dial, resolveTarget, type DialFaults } from './dialer.js';
import {
  agentKeepsSmuxKeepAlive,
  decidePortMode,
  encodeHandshakeComplete,
  encodeHandshakeRequest,
  parseHandshakeResponse,
  type PortMode,
  type PortProperties,
} from './handshake.js';
import { OutputPump } from './outputPump.js';
import { PortBasic } from './portBasic.js';
import type { PortHost } from './portHost.js';
import { PortMux } from './portMux.js';

export const HANDSHAKE_TIMEOUT_TEXT =
  'Handshake timed out. Please ensure that you have the latest version of the session manager plugin.';

export interface SimAgentOptions {
  sessionId: string;
  agentVersion: string;
  /** Resolved document properties (sent in the HandshakeRequest). */
  properties: PortProperties;
  clock: Clock;
  random: Random;
  logger: Logger;
  transmit(frame: Buffer): void;
  faults(): DialFaults & { pacing: 'none' | 'agent'; ackDelayMs: number };
  resend: 'oldest' | 'bulk';
  handshakeTimeoutMs: number;
  onActivity(): void;
  /** The agent-side plugin finished: `output` is the channel_closed Output text. */
  onComplete(output: string, failed: boolean): void;
}

export class SimAgent {
  readonly channel: AgentDataChannel;
  private readonly pump: OutputPump;
  private readonly sockets = new Set<Socket>();
  private handshakeTimer: TimerHandle | undefined;
  private started = false;
  private handshakeStartedAt = 0;
  private done = false;
  mode: PortMode | undefined;
  clientVersion: string | undefined;
  private mux: PortMux | undefined;
  private gatewayBusy = false;
  private basic: PortBasic | undefined;

  constructor(private readonly o: SimAgentOptions) {
    this.channel = new AgentDataChannel({
      clock: o.clock,
      random: o.random,
      logger: o.logger,
      transmit: (f) => o.transmit(f),
      process: (m) => this.process(m),
      onActivity: () => o.onActivity(),
      resend: o.resend,
      ackDelayMs: () => o.faults().ackDelayMs,
    });
    this.pump = new OutputPump({
      send: (chunk) => this.channel.sendStreamData(PayloadType.Output, chunk),
      // The real agent never gets near its 100 000-message buffer (it reads 1 KiB per ms); unpaced,
      // the simulator could, and past it messages are sent once and never resent (§6.4), so its
      // read loop waits for acks instead.
      isPaused: () => this.channel.paused || this.gatewayBusy || this.channel.unacked >= OUTGOING_CAPACITY,
      pacing: () => o.faults().pacing,
      onBackpressure: (stop) => {
        for (const s of this.sockets) {
          if (stop) s.pause();
          else s.resume();
        }
      },
    });
    // §5.3: the agent's 15 s clock starts when its own channel opens, i.e. at StartSession.
    this.handshakeTimer = o.clock.setTimer(
      () => this.finish(HANDSHAKE_TIMEOUT_TEXT, true),
      o.handshakeTimeoutMs,
    );
  }

  /** The client's data channel is open for the first time: send HandshakeRequest (seq 0, SYN). */
  start(): void {
    if (this.started || this.done) return;
    this.started = true;
    this.handshakeStartedAt = this.o.clock.monotonic();
    this.channel.sendStreamData(
      PayloadType.HandshakeRequest,
      encodeHandshakeRequest(this.o.agentVersion, this.o.properties),
    );
  }

  receiveFrame(frame: Buffer): void {
    this.channel.receiveFrame(frame);
    this.pump.kick(); // an ack / input may have cleared the pause
  }

  /** MGS publication state towards the agent (pause while the client is away or on the fault knob). */
  /** The gateway cannot take more output now (its send queue to the client is full). */
  setGatewayBusy(busy: boolean): void {
    this.gatewayBusy = busy;
    if (!busy) this.pump.kick();
  }

  setPaused(paused: boolean): void {
    this.channel.paused = paused;
    if (!paused) {
      this.pump.kick();
      this.channel.tick();
    }
  }

  private process(m: DecodedMessage): ProcessResult {
    if (m.payloadType === PayloadType.HandshakeResponse) return this.onHandshakeResponse(m.payload);
    if (this.mode === undefined) return { status: 'ok' }; // before HandshakeComplete: acked and discarded
    switch (m.payloadType) {
      case PayloadType.Output:
        if (this.mux !== undefined) this.mux.input(m.payload);
        else if (this.basic !== undefined && !this.basic.input(m.payload)) return { status: 'not-ready' };
        return { status: 'ok' };
      case PayloadType.Flag:
        return this.onFlag(decodeFlagPayload(m.payload));
      default:
        return { status: 'ok' }; // Size etc.: nothing to do for a port session
    }
  }

  private onFlag(flag: number | undefined): ProcessResult {
    if (flag === PayloadFlag.TerminateSession) return { status: 'ok', after: () => this.finish('', false) };
    if (flag === PayloadFlag.DisconnectToPort) this.basic?.disconnect(); // ignored in mux mode
    return { status: 'ok' };
  }

  private onHandshakeResponse(payload: Uint8Array): ProcessResult {
    if (this.mode !== undefined || this.done) return { status: 'ok' };
    const verdict = parseHandshakeResponse(payload);
    if (!verdict.ok) return { status: 'ok', after: () => this.finish(verdict.reason, true) };
    this.clientVersion = verdict.clientVersion;
    const mode = decidePortMode(this.o.properties, verdict.clientVersion, this.o.agentVersion);
    this.mode = mode;
    if (this.handshakeTimer !== undefined) this.o.clock.clearTimer(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.o.logger.log('info', 'agent handshake complete', { mode, clientVersion: verdict.clientVersion });
    return {
      status: 'ok',
      // The ack of the HandshakeResponse goes first, then HandshakeComplete (§5.1 steps 5, 6).
      after: () => {
        this.channel.sendStreamData(
          PayloadType.HandshakeComplete,
          encodeHandshakeComplete(this.o.clock.monotonic() - this.handshakeStartedAt),
        );
        this.startPort(mode, verdict.clientVersion);
      },
    };
  }

  private startPort(mode: PortMode, clientVersion: string): void {
    const host: PortHost = {
      writeStream: (b) => this.pump.write(b),
      sendMessage: (pt, payload) => this.channel.sendStreamData(pt, payload),
      dial: () => dial(resolveTarget(this.o.properties), this.o.faults()),
      fail: (reason) => this.finish(reason, true),
      finish: (output) => this.finish(output, false),
      trackSocket: (s) => {
        this.sockets.add(s);
        s.once('close', () => this.sockets.delete(s));
      },
      log: (level, message, fields) => this.o.logger.log(level, message, fields),
    };
    if (mode === 'mux') this.mux = new PortMux(host, agentKeepsSmuxKeepAlive(clientVersion));
    else {
      this.basic = new PortBasic(host, this.o.properties['type'] !== 'LocalPortForwarding');
      this.basic.start();
    }
  }

  get openStreams(): number {
    return this.mux?.streamCount ?? (this.sockets.size > 0 ? 1 : 0);
  }

  private finish(output: string, failed: boolean): void {
    if (this.done) return;
    this.close();
    this.o.onComplete(output, failed);
  }

  /** Stops everything (timers, sockets); no further frames are sent. */
  close(): void {
    this.done = true;
    if (this.handshakeTimer !== undefined) this.o.clock.clearTimer(this.handshakeTimer);
    this.handshakeTimer = undefined;
    this.mux?.close();
    this.basic?.close();
    this.pump.close();
    this.channel.close();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
