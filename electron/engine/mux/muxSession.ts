/**
 * smux v1 session (ssm-protocol.md §8.2, §8.3, §11.2), no I/O, client or server role.
 *
 * - Stream ids: client 3, 5, 7, … (starts at 1, pre-increments by 2); server 2, 4, ….
 * - SYN opens (unknown id ⇒ new stream, known ⇒ ignored); PSH appends (unknown id ⇒ discarded);
 *   FIN closes the stream fully — both SSM ends close the TCP connection on FIN, so there is no
 *   half-close (§8.3); local close() sends FIN and forgets the stream at once.
 * - NOP: keep-alive per the §8.2 rule (`keepAlive` policy); never UPD (v1).
 * - Writes are cut into PSH frames of ≤ 32 KiB (MaxFrameSize).
 * - Session receive budget (MaxReceiveBuffer 4 MiB): PSH bytes handed to the application count
 *   against it until released with `consumed(n)`; while exhausted the owner should stop reading the
 *   underlying connection ('budget' events) — v1's only flow control (§11.2).
 */
import { engineError, type EngineError } from '../../../shared/contract/errors.js';
import type { Clock, TimerHandle } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { KeepAlivePolicy } from '../protocol/version.js';
import { PoisonedError } from '../channel/errors.js';
import {
  Cmd,
  encodeFrame,
  FRAME_HEADER_BYTES,
  MAX_FRAME_DATA_BYTES,
  writeFrameHeader,
  type CmdValue,
} from './frame.js';
import { FrameReader } from './frameReader.js';

/** smux DefaultConfig MaxReceiveBuffer (§8.2). */
export const MAX_RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;

export type MuxEvent =
  | { readonly type: 'accept'; readonly streamId: number }
  | { readonly type: 'data'; readonly streamId: number; readonly data: Uint8Array }
  /** The peer sent FIN; the stream is gone. */
  | { readonly type: 'fin'; readonly streamId: number }
  | { readonly type: 'budget'; readonly exhausted: boolean }
  | { readonly type: 'fatal'; readonly error: EngineError };

export interface MuxSessionOptions {
  readonly role: 'client' | 'server';
  readonly clock: Clock;
  readonly logger: Logger;
  readonly keepAlive: KeepAlivePolicy;
  /** Bytes of the smux stream towards the peer (the caller chunks them into messages). */
  readonly output: (bytes: Buffer) => void;
  readonly onEvent: (event: MuxEvent) => void;
  readonly receiveBufferBytes?: number;
}

export class MuxSession {
  private readonly streams = new Set<number>();
  private readonly reader: FrameReader;
  private nextId: number;
  private budget: number;
  private exhausted = false;
  private heardSinceCheck = false;
  private nopTimer: TimerHandle | undefined;
  private checkTimer: TimerHandle | undefined;
  private poison: EngineError | undefined;

  constructor(private readonly o: MuxSessionOptions) {
    this.nextId = o.role === 'client' ? 1 : 0;
    this.budget = o.receiveBufferBytes ?? MAX_RECEIVE_BUFFER_BYTES;
    this.reader = new FrameReader({
      control: (cmd, id) => this.onControl(cmd, id),
      data: (id, bytes) => this.onData(id, bytes),
    });
    this.armKeepAlive();
  }

  get streamCount(): number {
    return this.streams.size;
  }
  get receiveExhausted(): boolean {
    return this.exhausted;
  }
  has(streamId: number): boolean {
    return this.streams.has(streamId);
  }

  /** Opens a stream (SYN, no data) and returns its id. */
  openStream(): number {
    this.check();
    this.nextId += 2;
    if (this.nextId > 0xffffffff) throw new RangeError('smux stream ids exhausted (go away)');
    this.streams.add(this.nextId);
    this.o.output(encodeFrame(Cmd.SYN, this.nextId));
    return this.nextId;
  }

  /**
   * Sends bytes on a stream as PSH frames ≤ 32 KiB, all in ONE output buffer: the channel cuts each
   * output into 1 KiB messages, so separate outputs per frame would add a tiny message per frame.
   * Ignored for unknown/closed streams.
   */
  write(streamId: number, data: Uint8Array): void {
    this.check();
    if (!this.streams.has(streamId) || data.length === 0) return;
    const frames = Math.ceil(data.length / MAX_FRAME_DATA_BYTES);
    const out = Buffer.allocUnsafe(data.length + frames * FRAME_HEADER_BYTES);
    let at = 0;
    for (let off = 0; off < data.length; off += MAX_FRAME_DATA_BYTES) {
      const piece = data.subarray(off, Math.min(data.length, off + MAX_FRAME_DATA_BYTES));
      writeFrameHeader(out, at, Cmd.PSH, streamId, piece.length);
      out.set(piece, at + FRAME_HEADER_BYTES);
      at += FRAME_HEADER_BYTES + piece.length;
    }
    this.o.output(out);
  }

  /** Local close: FIN and forget (later frames for the id are dropped). */
  close(streamId: number): void {
    if (this.poison || !this.streams.delete(streamId)) return;
    this.o.output(encodeFrame(Cmd.FIN, streamId));
  }

  /** Bytes of the smux stream from the peer (any split). */
  receive(bytes: Uint8Array): void {
    this.check();
    const err = this.reader.push(bytes);
    if (err) this.fail(err);
  }

  /** The application consumed `n` bytes previously delivered by 'data' events. */
  consumed(n: number): void {
    this.budget += n;
    if (this.exhausted && this.budget > 0) {
      this.exhausted = false;
      this.o.onEvent({ type: 'budget', exhausted: false });
    }
  }

  fail(error: EngineError): void {
    if (this.poison) return;
    this.dispose(error);
    this.o.onEvent({ type: 'fatal', error });
  }

  dispose(error: EngineError = engineError('CANCELLED', 'mux session closed')): void {
    if (this.poison) return;
    this.poison = error;
    this.streams.clear();
    if (this.nopTimer !== undefined) this.o.clock.clearTimer(this.nopTimer);
    if (this.checkTimer !== undefined) this.o.clock.clearTimer(this.checkTimer);
    this.nopTimer = this.checkTimer = undefined;
  }

  private check(): void {
    if (this.poison) throw new PoisonedError('mux session', this.poison);
  }

  private onControl(cmd: CmdValue, id: number): void {
    this.heardSinceCheck = true;
    switch (cmd) {
      case Cmd.SYN:
        if (this.streams.has(id)) return;
        if (this.o.role === 'client') {
          // A server never opens streams over SSM (§8.2); refuse politely instead of killing the session.
          this.o.logger.log('warn', 'peer opened an smux stream; refusing', { streamId: id });
          this.o.output(encodeFrame(Cmd.FIN, id));
          return;
        }
        this.streams.add(id);
        this.o.onEvent({ type: 'accept', streamId: id });
        return;
      case Cmd.FIN:
        if (this.streams.delete(id)) this.o.onEvent({ type: 'fin', streamId: id });
        return;
      case Cmd.NOP:
        return;
      case Cmd.UPD:
        // v2-only window update; meaningless in v1 (§11.2) — the body was skipped, ignore it.
        this.o.logger.log('debug', 'ignoring smux UPD frame in a v1 session', { streamId: id });
        return;
      case Cmd.PSH:
        return;
    }
  }

  private onData(id: number, bytes: Uint8Array): void {
    this.heardSinceCheck = true;
    if (!this.streams.has(id)) return; // smux: data for unknown streams is discarded
    this.budget -= bytes.length;
    if (!this.exhausted && this.budget <= 0) {
      this.exhausted = true;
      this.o.onEvent({ type: 'budget', exhausted: true });
    }
    this.o.onEvent({ type: 'data', streamId: id, data: bytes });
  }

  private armKeepAlive(): void {
    const { intervalMs, timeoutMs } = this.o.keepAlive;
    if (intervalMs !== undefined) {
      const nop = (): void => {
        this.nopTimer = this.o.clock.setTimer(nop, intervalMs);
        this.o.output(encodeFrame(Cmd.NOP, 0));
      };
      this.nopTimer = this.o.clock.setTimer(nop, intervalMs);
    }
    if (timeoutMs !== undefined) {
      const check = (): void => {
        this.checkTimer = undefined;
        // smux: no frame since the last check and the receive bucket not exhausted ⇒ dead session.
        if (!this.heardSinceCheck && !this.exhausted) {
          this.fail(engineError('MUX_PROTOCOL_ERROR', `no smux frame from the peer for ${timeoutMs} ms`));
          return;
        }
        this.heardSinceCheck = false;
        this.checkTimer = this.o.clock.setTimer(check, timeoutMs);
      };
      this.checkTimer = this.o.clock.setTimer(check, timeoutMs);
    }
  }
}
