/**
 * A deliberately minimal, independent client side of the SSM data channel for the simulator's tests
 * (it must not share code with the engine's client). It sends the token frame, answers the
 * handshake, acks every output message, reorders/dedupes by sequence number, drops frames whose
 * digest is wrong, resends its own un-acked input every 50 ms, and exposes the agent→client byte
 * stream plus a tiny smux v1 client view of it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import WebSocket from 'ws';

const HL = 116;

export interface RawMessage {
  type: string;
  seq: number;
  flags: bigint;
  id: string;
  payloadType: number;
  payload: Buffer;
  headerLength: number;
  digestOk: boolean;
}

function wireId(id: string, buf: Buffer, off: number): void {
  const c = Buffer.from(id.replace(/-/g, ''), 'hex');
  c.copy(buf, off, 8, 16);
  c.copy(buf, off + 8, 0, 8);
}
function readId(buf: Buffer, off: number): string {
  const c = Buffer.concat([buf.subarray(off + 8, off + 16), buf.subarray(off, off + 8)]).toString('hex');
  return `${c.slice(0, 8)}-${c.slice(8, 12)}-${c.slice(12, 16)}-${c.slice(16, 20)}-${c.slice(20)}`;
}

export function buildMessage(
  type: string,
  seq: number,
  flags: bigint,
  payloadType: number,
  payload: Buffer,
): Buffer {
  const b = Buffer.alloc(HL + 4 + payload.length);
  b.writeUInt32BE(HL, 0);
  b.fill(0x20, 4, 36);
  b.write(type, 4, 'ascii');
  b.writeUInt32BE(1, 36);
  b.writeBigUInt64BE(BigInt(Date.now()), 40);
  b.writeBigInt64BE(BigInt(seq), 48);
  b.writeBigUInt64BE(flags, 56);
  wireId(randomUUID(), b, 64);
  createHash('sha256').update(payload).digest().copy(b, 80);
  b.writeUInt32BE(payloadType, 112);
  b.writeUInt32BE(payload.length, 116);
  payload.copy(b, 120);
  return b;
}

export function parseMessage(b: Buffer): RawMessage {
  const hl = b.readUInt32BE(0);
  let type = b.toString('latin1', 4, 36);
  type = type.replace(/^\0+|\0+$/g, '').trim();
  const payload = b.subarray(hl + 4);
  const digestOk =
    payload.length === 0 || createHash('sha256').update(payload).digest().equals(b.subarray(80, 112));
  return {
    type,
    seq: Number(b.readBigInt64BE(48)),
    flags: b.readBigUInt64BE(56),
    id: readId(b, 64),
    payloadType: hl >= 116 ? b.readUInt32BE(112) : 0,
    payload: Buffer.from(payload),
    headerLength: hl,
    digestOk,
  };
}

export class RawClient extends EventEmitter {
  ws!: WebSocket;
  private nextSeq = 0;
  private expected = 0;
  private readonly reorder = new Map<number, RawMessage>();
  private readonly unacked = new Map<number, { frame: Buffer; at: number }>();
  private readonly resendTimer: NodeJS.Timeout;
  readonly received: RawMessage[] = [];
  readonly control: RawMessage[] = [];
  private readonly outputChunks: Buffer[] = [];
  outputLength = 0;
  /** The agent→client PT 1 byte stream so far (concatenated lazily). */
  get output(): Buffer {
    if (this.outputChunks.length > 1)
      this.outputChunks.splice(0, this.outputChunks.length, Buffer.concat(this.outputChunks));
    return this.outputChunks[0] ?? Buffer.alloc(0);
  }
  handshakeRequest: Record<string, unknown> | undefined;
  handshakeComplete = false;
  channelClosed: Record<string, unknown> | undefined;
  badDigests = 0;
  duplicatesSeen = 0;
  closeInfo: { code: number; reason: string } | undefined;

  /** false: output is taken in but not acknowledged (the agent then holds it as in flight). */
  acking = true;

  constructor(readonly clientVersion = '1.2.677.0') {
    super();
    this.resendTimer = setInterval(() => this.resend(), 50);
  }

  /** Opens (or re-opens) the data channel and sends the token frame. */
  connect(streamUrl: string, token: string): Promise<void> {
    this.closeInfo = undefined;
    const ws = new WebSocket(streamUrl, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary && this.ws === ws) this.onFrame(data);
    });
    ws.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
      this.emit('close', this.closeInfo);
    });
    ws.on('error', () => {});
    return new Promise((resolve, reject) => {
      ws.once('open', () => {
        ws.send(
          JSON.stringify({
            MessageSchemaVersion: '1.0',
            RequestId: randomUUID(),
            TokenValue: token,
            ClientId: 'c1',
            ClientVersion: this.clientVersion,
          }),
        );
        resolve();
      });
      ws.once('error', reject);
    });
  }

  private send(frame: Buffer): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame);
  }

  sendInput(payloadType: number, payload: Buffer): number {
    const seq = this.nextSeq++;
    const frame = buildMessage('input_stream_data', seq, 0n, payloadType, payload);
    this.unacked.set(seq, { frame, at: Date.now() });
    this.send(frame);
    return seq;
  }

  /** Sends a raw frame (tests of duplicate / out-of-order behaviour). */
  sendRaw(frame: Buffer): void {
    this.send(frame);
  }

  get unackedCount(): number {
    return this.unacked.size;
  }

  private resend(): void {
    const now = Date.now();
    for (const e of this.unacked.values()) {
      if (now - e.at > 200) {
        e.at = now;
        this.send(e.frame);
      }
    }
  }

  private ack(m: RawMessage): void {
    const p = JSON.stringify({
      AcknowledgedMessageType: m.type,
      AcknowledgedMessageId: m.id,
      AcknowledgedMessageSequenceNumber: m.seq,
      IsSequentialMessage: true,
    });
    this.send(buildMessage('acknowledge', 0, 3n, 0, Buffer.from(p)));
  }

  private onFrame(data: Buffer): void {
    const m = parseMessage(data);
    this.received.push(m);
    if (!m.digestOk && !m.type.endsWith('publication')) {
      this.badDigests++;
      return;
    }
    if (m.type === 'acknowledge') {
      const seq = (JSON.parse(m.payload.toString()) as { AcknowledgedMessageSequenceNumber: number })
        .AcknowledgedMessageSequenceNumber;
      this.unacked.delete(seq);
      this.emit('ack', seq);
      return;
    }
    if (m.type === 'channel_closed') {
      this.channelClosed = JSON.parse(m.payload.toString()) as Record<string, unknown>;
      this.emit('channel_closed', this.channelClosed);
      return;
    }
    if (m.type !== 'output_stream_data') {
      this.control.push(m);
      this.emit('control', m);
      return;
    }
    if (this.acking) this.ack(m);
    if (m.seq < this.expected || this.reorder.has(m.seq)) {
      this.duplicatesSeen++;
      return;
    }
    this.reorder.set(m.seq, m);
    for (
      let next = this.reorder.get(this.expected);
      next !== undefined;
      next = this.reorder.get(this.expected)
    ) {
      this.reorder.delete(this.expected);
      this.expected++;
      this.process(next);
    }
  }

  private process(m: RawMessage): void {
    if (m.payloadType === 5) {
      this.handshakeRequest = JSON.parse(m.payload.toString()) as Record<string, unknown>;
      const resp = {
        ClientVersion: this.clientVersion,
        ProcessedClientActions: [
          { ActionType: 'SessionType', ActionStatus: 1, ActionResult: null, Error: '' },
        ],
        Errors: null,
      };
      this.sendInput(6, Buffer.from(JSON.stringify(resp)));
    } else if (m.payloadType === 7) {
      this.handshakeComplete = true;
      this.emit('handshake');
    } else if (m.payloadType === 1) {
      this.outputChunks.push(m.payload);
      this.outputLength += m.payload.length;
      this.emit('output');
    } else if (m.payloadType === 10) {
      this.emit('flag', m.payload.readUInt32BE(0));
    }
  }

  /** Resolves when `predicate` holds, re-checking on every event. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const events = ['output', 'handshake', 'ack', 'channel_closed', 'control', 'close', 'flag'];
      const check = (): void => {
        if (!predicate()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        for (const e of events) this.off(e, check);
      };
      for (const e of events) this.on(e, check);
    });
  }

  close(): void {
    clearInterval(this.resendTimer);
    this.ws?.terminate();
  }
}
