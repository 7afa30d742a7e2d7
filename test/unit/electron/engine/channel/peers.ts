/**
 * Test-only peers for the ether: a tiny agent (agent-role DataChannel + smux server) and a client
 * harness (client-role DataChannel + HandshakeDriver + smux client) without sockets.
 */
import {
  DataChannel,
  type ChannelEvent,
  type Delivery,
} from '../../../../../electron/engine/channel/dataChannel.js';
import {
  HandshakeDriver,
  type HandshakeResult,
} from '../../../../../electron/engine/channel/handshakeDriver.js';
import { MuxSession, type MuxEvent } from '../../../../../electron/engine/mux/muxSession.js';
import { nullLogger } from '../../../../../electron/engine/ports/logger.js';
import { encodeFlagPayload, PayloadFlag } from '../../../../../electron/engine/protocol/flags.js';
import { PayloadType } from '../../../../../electron/engine/protocol/payloadType.js';
import { keepAlivePolicy } from '../../../../../electron/engine/protocol/version.js';
import type { EngineError } from '../../../../../shared/contract/errors.js';
import type { EtherEnd } from '../../../../fakes/ether.js';
import type { FakeClock, SeededRandom } from '../../../../fakes/fakeClock.js';

export interface AgentOptions {
  agentVersion?: string;
  sessionType?: string;
  properties?: Record<string, string>;
  extraActions?: { ActionType: string; ActionParameters: unknown }[];
  /** What the agent does with a new smux stream. */
  onStream?: 'echo' | 'sink' | 'refuse';
}

export class TestAgent {
  readonly channel: DataChannel;
  mux: MuxSession | undefined;
  handshakeResponse: Record<string, unknown> | undefined;
  readonly streams = new Map<number, Buffer[]>();
  readonly basicBytes: Buffer[] = [];
  readonly flags: number[] = [];
  /** Deliveries refused with 'not-ready' before accepting (agent-side "handler not ready"). */
  refuseNext = 0;

  constructor(
    private readonly clock: FakeClock,
    random: SeededRandom,
    private readonly end: EtherEnd,
    private readonly o: AgentOptions = {},
  ) {
    this.channel = new DataChannel({
      clock,
      random,
      logger: nullLogger,
      role: 'agent',
      deliver: (pt, p) => this.deliver(pt, p),
      onEvent: () => {},
    });
    end.onReceive((f) => this.channel.receive(f));
  }

  start(): void {
    this.channel.attachLink((f) => this.end.send(f));
    const req = {
      AgentVersion: this.o.agentVersion ?? '3.3.1142.0',
      RequestedClientActions: [
        {
          ActionType: 'SessionType',
          ActionParameters: {
            SessionType: this.o.sessionType ?? 'Port',
            Properties: this.o.properties ?? {
              portNumber: '80',
              localPortNumber: '0',
              type: 'LocalPortForwarding',
            },
          },
        },
        ...(this.o.extraActions ?? []),
      ],
    };
    this.channel.send(PayloadType.HandshakeRequest, Buffer.from(JSON.stringify(req)));
  }

  private deliver(pt: number, payload: Uint8Array): Delivery {
    if (this.refuseNext > 0) {
      this.refuseNext--;
      return 'not-ready';
    }
    if (pt === PayloadType.HandshakeResponse) {
      this.handshakeResponse = JSON.parse(Buffer.from(payload).toString()) as Record<string, unknown>;
      this.channel.send(
        PayloadType.HandshakeComplete,
        Buffer.from('{"HandshakeTimeToComplete":1000,"CustomerMessage":""}'),
      );
      this.mux = new MuxSession({
        role: 'server',
        clock: this.clock,
        logger: nullLogger,
        keepAlive: keepAlivePolicy('3.3.1142.0'),
        output: (b) => this.channel.send(PayloadType.Output, b),
        onEvent: (e) => this.onMux(e),
      });
    } else if (pt === PayloadType.Output) {
      if (this.isBasic()) this.basicBytes.push(Buffer.from(payload));
      else this.mux?.receive(payload);
    } else if (pt === PayloadType.Flag) {
      this.flags.push(Buffer.from(payload).readUInt32BE(0));
    }
    return 'ok';
  }

  isBasic(): boolean {
    return (this.o.agentVersion ?? '3.3.1142.0') === '3.0.196.0';
  }

  /** Basic mode: agent output towards the client. */
  sendOutput(bytes: Buffer): void {
    this.channel.send(PayloadType.Output, bytes);
  }

  private onMux(e: MuxEvent): void {
    if (e.type === 'accept') {
      if (this.o.onStream === 'refuse') {
        this.channel.send(PayloadType.Flag, encodeFlagPayload(PayloadFlag.ConnectToPortError));
        this.mux?.close(e.streamId); // FIN follows the flag, like the agent
        return;
      }
      this.streams.set(e.streamId, []);
    } else if (e.type === 'data') {
      this.streams.get(e.streamId)?.push(Buffer.from(e.data));
      this.mux?.consumed(e.data.length);
      if (this.o.onStream === 'echo') this.mux?.write(e.streamId, e.data);
    }
  }
}

export class TestClient {
  readonly channel: DataChannel;
  readonly handshake: HandshakeDriver;
  mux: MuxSession | undefined;
  result: HandshakeResult | undefined;
  error: EngineError | undefined;
  readonly events: ChannelEvent[] = [];
  readonly muxEvents: MuxEvent[] = [];
  readonly received = new Map<number, Buffer[]>();
  readonly basicBytes: Buffer[] = [];
  ready = true;
  /** Flags and FINs in arrival order, e.g. ['flag:3', 'fin:3']. */
  readonly order: string[] = [];

  constructor(
    private readonly clock: FakeClock,
    random: SeededRandom,
    private readonly end: EtherEnd,
    tuning: { outgoingHighWaterBytes?: number; resendLimitMs?: number; handshakeTimeoutMs?: number } = {},
  ) {
    this.channel = new DataChannel({
      clock,
      random,
      logger: nullLogger,
      ...(tuning.outgoingHighWaterBytes !== undefined
        ? { outgoingHighWaterBytes: tuning.outgoingHighWaterBytes }
        : {}),
      ...(tuning.resendLimitMs !== undefined ? { resendLimitMs: tuning.resendLimitMs } : {}),
      deliver: (pt, p) => this.deliver(pt, p),
      onEvent: (e) => this.events.push(e),
    });
    this.handshake = new HandshakeDriver({
      clock,
      ...(tuning.handshakeTimeoutMs !== undefined ? { timeoutMs: tuning.handshakeTimeoutMs } : {}),
      send: (pt, p) => this.channel.send(pt, p),
      onDone: (r) => {
        if (!r.ok) {
          this.error = r.error;
          return;
        }
        this.result = r.value;
        if (r.value.mode === 'mux')
          this.mux = new MuxSession({
            role: 'client',
            clock: this.clock,
            logger: nullLogger,
            keepAlive: r.value.keepAlive,
            output: (b) => this.channel.send(PayloadType.Output, b),
            onEvent: (e) => {
              this.muxEvents.push(e);
              if (e.type === 'fin') this.order.push(`fin:${e.streamId}`);
              if (e.type === 'data') {
                const list = this.received.get(e.streamId) ?? [];
                list.push(Buffer.from(e.data));
                this.received.set(e.streamId, list);
                this.mux?.consumed(e.data.length);
              }
            },
          });
      },
    });
    end.onReceive((f) => this.channel.receive(f));
  }

  connect(): void {
    this.handshake.start();
    this.channel.attachLink((f) => this.end.send(f));
  }

  private deliver(pt: number, payload: Uint8Array): Delivery {
    if (!this.handshake.done) {
      this.handshake.handle(pt, payload);
      return 'ok';
    }
    if (pt === PayloadType.Output) {
      if (!this.ready) return 'not-ready';
      if (this.mux) this.mux.receive(payload);
      else this.basicBytes.push(Buffer.from(payload));
    }
    if (pt === PayloadType.Flag) this.order.push(`flag:${Buffer.from(payload).readUInt32BE(0)}`);
    return 'ok';
  }
}
