/**
 * Agent mux-mode port forwarding (§8.3): an smux v1 SERVER over the data channel. Each client
 * stream (SYN) makes the agent dial the target; on failure it sends Flag ConnectToPortError (3) as
 * output PT 10 and FINs the stream (the session stays up). No half-close: FIN from the client
 * closes the target socket fully, target EOF/close sends FIN. Keep-alive (§8.2) only when the
 * client is old enough to expect it: NOP every 10 s, session closed after 30 s without a frame.
 */
import type { Socket } from 'node:net';
import { Cmd, encodeFrame, MAX_FRAME_DATA_BYTES } from '../../engine/mux/frame.js';
import { encodeFlagPayload, PayloadFlag } from '../../engine/protocol/flags.js';
import { PayloadType } from '../../engine/protocol/payloadType.js';
import { corkForTick } from '../../engine/ports/corkForTick.js';
import { closeAfterFlush } from './closeAfterFlush.js';
import type { PortHost } from './portHost.js';
import { SmuxReader } from './smuxReader.js';

interface MuxStream {
  socket: Socket | undefined;
  /** Client data that arrived before the dial finished. */
  early: Buffer[];
  cancelDial: (() => void) | undefined;
}

const KEEPALIVE_INTERVAL_MS = 10_000;
const KEEPALIVE_TIMEOUT_MS = 30_000;

export class PortMux {
  private readonly reader = new SmuxReader();
  private readonly streams = new Map<number, MuxStream>();
  private readonly timers: NodeJS.Timeout[] = [];
  private heardSinceCheck = true;
  private closed = false;

  constructor(
    private readonly host: PortHost,
    keepAlive: boolean,
  ) {
    if (keepAlive) {
      this.timers.push(setInterval(() => this.emit(encodeFrame(Cmd.NOP, 0)), KEEPALIVE_INTERVAL_MS));
      this.timers.push(
        setInterval(() => {
          if (!this.heardSinceCheck)
            this.host.fail('smux keep-alive timeout: no frame from the client for 30 s');
          this.heardSinceCheck = false;
        }, KEEPALIVE_TIMEOUT_MS),
      );
    }
  }

  get streamCount(): number {
    return this.streams.size;
  }

  /** Input PT 1 payload (part of the smux byte stream). */
  input(bytes: Uint8Array): void {
    if (this.closed) return;
    const r = this.reader.push(bytes);
    if (!r.ok) {
      this.host.fail(`smux protocol error: ${r.reason}`);
      return;
    }
    for (const f of r.frames) {
      this.heardSinceCheck = true;
      if (f.cmd === Cmd.SYN) this.open(f.streamId);
      else if (f.cmd === Cmd.PSH) this.data(f.streamId, f.data);
      else if (f.cmd === Cmd.FIN) this.finFromClient(f.streamId);
      else if (f.cmd === Cmd.UPD) {
        this.host.fail('smux protocol error: UPD in a v1 session');
        return;
      }
    }
  }

  private emit(frame: Buffer): void {
    if (!this.closed) this.host.writeStream(frame);
  }

  private open(id: number): void {
    if (this.streams.has(id)) return; // smux ignores a SYN for a known id
    const stream: MuxStream = { socket: undefined, early: [], cancelDial: undefined };
    this.streams.set(id, stream);
    const attempt = this.host.dial();
    stream.cancelDial = attempt.cancel;
    void attempt.result.then((outcome) => {
      stream.cancelDial = undefined;
      if (this.closed || this.streams.get(id) !== stream) {
        if (outcome.kind === 'connected') outcome.socket.destroy();
        return;
      }
      if (outcome.kind === 'forbidden') {
        this.host.fail(outcome.message);
        return;
      }
      if (outcome.kind === 'failed') {
        this.host.log('info', 'agent could not dial target for stream', {
          streamId: id,
          reason: outcome.message,
        });
        this.host.sendMessage(PayloadType.Flag, encodeFlagPayload(PayloadFlag.ConnectToPortError));
        this.streams.delete(id);
        this.emit(encodeFrame(Cmd.FIN, id));
        return;
      }
      this.attach(id, stream, outcome.socket);
    });
  }

  private attach(id: number, stream: MuxStream, socket: Socket): void {
    stream.socket = socket;
    for (const b of stream.early) socket.write(b);
    stream.early = [];
    this.host.trackSocket(socket);
    socket.on('data', (chunk: Buffer) => {
      for (let off = 0; off < chunk.length; off += MAX_FRAME_DATA_BYTES)
        this.emit(encodeFrame(Cmd.PSH, id, chunk.subarray(off, off + MAX_FRAME_DATA_BYTES)));
    });
    const finish = (): void => {
      if (this.streams.get(id) !== stream) return;
      this.streams.delete(id);
      this.emit(encodeFrame(Cmd.FIN, id));
    };
    socket.on('end', () => {
      finish();
      socket.destroy();
    });
    socket.on('close', finish);
    socket.on('error', () => socket.destroy());
  }

  private data(id: number, data: Buffer): void {
    const s = this.streams.get(id);
    if (s === undefined || data.length === 0) return; // unknown stream: discarded silently
    if (s.socket === undefined) s.early.push(data);
    else {
      corkForTick(s.socket); // one writev per tick, not one write per 1 KiB message
      s.socket.write(data);
    }
  }

  private finFromClient(id: number): void {
    const s = this.streams.get(id);
    if (s === undefined) return;
    this.streams.delete(id);
    s.cancelDial?.();
    if (s.socket) closeAfterFlush(s.socket);
  }

  /** Pause/resume reading every target socket (output back-pressure). */
  setReading(on: boolean): void {
    for (const s of this.streams.values()) {
      if (on) s.socket?.resume();
      else s.socket?.pause();
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const s of this.streams.values()) {
      s.cancelDial?.();
      s.socket?.destroy();
    }
    this.streams.clear();
  }
}
